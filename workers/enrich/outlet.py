"""The outlet an article came from: its registered domain and a display name."""

from urllib.parse import urlsplit

from tld import get_fld


def outlet_domain(url: str) -> str | None:
    """The registered domain of `url` ('bbc.co.uk' for 'https://www.bbc.co.uk/news/x');
    the bare host for addresses the public-suffix list does not know (IPs, localhost)."""
    host = urlsplit(url).hostname
    if not host:
        return None
    domain = get_fld(url, fail_silently=True)
    return str(domain) if domain else host
