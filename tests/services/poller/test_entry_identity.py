"""Entry identity within one feed document: GUIDs when usable, links otherwise."""

from datetime import UTC, datetime

from schemas.feed import FeedEntry
from schemas.ids import article_id
from services.poller.entry_identity import entry_keys, shared_guids

NOW = datetime(2024, 5, 3, 8, 0, tzinfo=UTC)


def entry(url: str, guid: str | None = None) -> FeedEntry:
    """An entry of feed `f1` linking `url`."""
    return FeedEntry(
        article_id=article_id(url), feed_id="f1", url=url, guid=guid, discovered_at=NOW
    )


def test_an_entry_keeps_its_key_when_its_link_changes_under_a_stable_guid() -> None:
    [before] = entry_keys([entry("https://news.example/storm-hits", "storm-1")])
    [after] = entry_keys([entry("https://news.example/storm-hits-coast", "storm-1")])
    assert before == after


def test_a_guid_url_is_the_same_entry_across_schemes_and_hosts() -> None:
    keys = {
        entry_keys([entry("https://news.example/a", guid)])[0]
        for guid in (
            "http://news.example/?p=123",
            "https://news.example/?p=123",
            "https://www.news-renamed.example/?p=123&utm_source=rss",
        )
    }
    assert len(keys) == 1
    [other] = entry_keys([entry("https://news.example/a", "https://news.example/?p=124")])
    assert other not in keys


def test_opaque_guids_are_compared_as_written() -> None:
    first, second = entry_keys(
        [entry("https://x.example/1", "tag:x.example,2024:1"), entry("https://x.example/2", "1")]
    )
    assert first != second
    assert entry_keys([entry("https://x.example/9", "tag:x.example,2024:1")]) == [first]


def test_entries_without_a_guid_are_known_by_their_canonical_link() -> None:
    plain, tracked = entry_keys(
        [entry("https://x.example/a"), entry("https://x.example/b", guid=None)]
    )
    assert entry_keys([entry("https://X.example/a/?utm_source=feed#top")]) == [plain]
    assert plain != tracked


def test_a_guid_and_a_link_spelling_the_same_text_are_different_keys() -> None:
    url = "https://x.example/a"
    [by_guid] = entry_keys([entry("https://x.example/other", guid=url)])
    [by_link] = entry_keys([entry(url)])
    assert by_guid != by_link


def test_a_document_repeating_guids_is_identified_by_links_throughout() -> None:
    document = [
        entry("https://x.example/a", "same"),
        entry("https://x.example/b", "same"),
        entry("https://x.example/c", "unique"),
    ]
    assert shared_guids(document) == 2
    assert entry_keys(document) == [entry_keys([entry(e.url)])[0] for e in document]


def test_every_entry_sharing_one_guid_is_detected_even_across_schemes() -> None:
    document = [
        entry("https://x.example/a", "http://x.example/"),
        entry("https://x.example/b", "https://x.example/"),
        entry("https://x.example/c", "https://x.example"),
    ]
    assert shared_guids(document) == 3
    assert len(set(entry_keys(document))) == 3


def test_unique_guids_are_used() -> None:
    document = [entry("https://x.example/a", "1"), entry("https://x.example/b", "2")]
    assert shared_guids(document) == 0
    assert entry_keys(document)[0] == entry_keys([entry("https://x.example/moved", "1")])[0]
    assert all(len(key) == 20 for key in entry_keys(document))
