"""Feed documents the poller's tests serve and parse."""

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Example News</title>
    <link>https://news.example/</link>
    <item>
      <title>Storm reaches the coast</title>
      <link>/2024/05/storm?utm_source=rss</link>
      <guid isPermaLink="false">storm-1</guid>
      <pubDate>Wed, 01 May 2024 10:00:00 +0200</pubDate>
      <description>&lt;p&gt;The storm &lt;b&gt;arrived&lt;/b&gt;.&lt;/p&gt;</description>
      <content:encoded><![CDATA[<p>The storm arrived at dawn.</p>]]></content:encoded>
      <dc:creator>Ann Reporter</dc:creator>
    </item>
    <item>
      <title>Markets calm</title>
      <link>https://news.example/2024/05/markets</link>
      <pubDate>Wed, 01 May 2024 11:30:00 GMT</pubDate>
      <description>Markets were calm.</description>
    </item>
    <item>
      <title>No link at all</title>
      <description>Skipped: nothing to extract.</description>
    </item>
  </channel>
</rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/posts/">
  <title>Example Blog</title>
  <link rel="alternate" href="https://blog.example/"/>
  <id>urn:example:blog</id>
  <updated>2024-05-02T09:00:00Z</updated>
  <entry>
    <title>First post</title>
    <link rel="alternate" href="first"/>
    <id>urn:example:1</id>
    <updated>2024-05-02T09:00:00Z</updated>
    <author><name>Bo Writer</name></author>
    <author><name>Cy Editor</name></author>
    <summary>A summary.</summary>
    <content type="html">&lt;p&gt;The whole post.&lt;/p&gt;</content>
  </entry>
</feed>
"""

# Unescaped ampersand in the first item: not well-formed, yet both items can be read.
BROKEN = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Broken & Co</title>
<item><title>Fish & chips</title><link>https://broken.example/fish</link></item>
<item><title>Second</title><link>https://broken.example/second</link></item>
</channel></rss>
"""

HTML_PAGE = b"""<!DOCTYPE html>
<html><head><title>Welcome</title></head>
<body><h1>Our site</h1><p>No feed here. <a href="/about">About</a></p></body></html>
"""


def xxe_feed(secret_path: str) -> bytes:
    """A feed whose title and item use an external entity pointing at a local file."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file://{secret_path}">]>
<rss version="2.0"><channel><title>Leak &secret;</title>
<item><title>Item &secret;</title><link>https://xxe.example/item</link>
<description>&secret;</description></item>
</channel></rss>
""".encode()


# Declares UTF-8 but is written in windows-1252, as some hand-rolled CMS templates are.
WRONG_CHARSET = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Café del Mar</title>
<item><title>Résumé of the week</title><link>https://cafe.example/resume</link></item>
</channel></rss>
""".encode("windows-1252")
