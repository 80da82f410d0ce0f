"""The extraction benchmark's figures as one table, a column per extractor."""

import statistics
from collections.abc import Callable, Iterable, Sequence

from bench.extract_page_score import PageScore
from bench.extract_speed import Speed

_LABEL_WIDTH = 36
_COLUMN_WIDTH = 14

Row = Callable[[list[PageScore]], str]


def report(results: Sequence[dict[str, PageScore]], speeds: dict[str, Speed]) -> str:
    """The table: accuracy over `results` (pages, each scored by every extractor), then
    throughput and memory from `speeds`."""
    names = list(results[0]) if results else list(speeds)
    columns = {name: [page[name] for page in results] for name in names}
    # The first extractor (newsfold) offers every field, so its column counts the labels.
    labelled = columns[names[0]] if names else []
    lines = [_header(labelled), _line("", names)]
    for label, row in _accuracy_rows(labelled):
        lines.append(_line(label, [row(columns[name]) for name in names]))
    if speeds:
        lines += _speed_lines(names, speeds)
    return "\n".join(lines)


def _speed_lines(names: list[str], speeds: dict[str, Speed]) -> list[str]:
    pages = next(iter(speeds.values())).pages
    rates = [f"{speeds[name].pages_per_second:.1f}" for name in names]
    memory = [f"{speeds[name].peak_rss_mb:.0f} ({speeds[name].warm_rss_mb:.0f})" for name in names]
    return [
        _line(f"pages/s, one core ({pages} pages)", rates),
        _line("peak RSS MB (warm RSS)", memory),
    ]


def _header(scores: list[PageScore]) -> str:
    texts = sum(score.text is not None for score in scores)
    return f"{len(scores)} pages, {texts} with a main text"


def _accuracy_rows(scores: list[PageScore]) -> list[tuple[str, Row]]:
    with_total = sum(score.with_kept[1] for score in scores)
    without_total = sum(score.without_dropped[1] for score in scores)
    authored = sum(score.authors_right is not None for score in scores)
    titled = sum(score.title_right is not None for score in scores)
    dated = sum(score.day_right is not None for score in scores)
    undated = sum(score.dated_undated is not None for score in scores)
    return [
        ("text bag-of-words F1", lambda column: _mean(s.text.f1 for s in column if s.text)),
        ("text precision", lambda column: _mean(s.text.precision for s in column if s.text)),
        ("text recall", lambda column: _mean(s.text.recall for s in column if s.text)),
        ("pages with no text", lambda column: str(sum(s.empty for s in column))),
        (f"`with` snippets kept ({with_total})", lambda c: _pooled(s.with_kept for s in c)),
        (
            f"`without` snippets dropped ({without_total})",
            lambda column: _pooled(s.without_dropped for s in column),
        ),
        (f"title exact ({titled})", lambda column: _rate(s.title_right for s in column)),
        (f"author exact ({authored})", lambda column: _rate(s.authors_right for s in column)),
        (f"publication day exact ({dated})", lambda column: _rate(s.day_right for s in column)),
        (f"a date on undated pages ({undated})", lambda c: _rate(s.dated_undated for s in c)),
    ]


def _mean(values: Iterable[float]) -> str:
    figures = list(values)
    return f"{statistics.mean(figures):.4f}" if figures else "n/a"


def _pooled(counts: Iterable[tuple[int, int]]) -> str:
    pairs = list(counts)
    total = sum(whole for _, whole in pairs)
    return f"{100 * sum(part for part, _ in pairs) / total:.1f}%" if total else "n/a"


def _rate(flags: Iterable[bool | None]) -> str:
    known = [flag for flag in flags if flag is not None]
    return f"{100 * sum(known) / len(known):.1f}%" if known else "n/a"


def _line(label: str, cells: list[str]) -> str:
    return f"{label:<{_LABEL_WIDTH}}" + "".join(f"{cell:>{_COLUMN_WIDTH}}" for cell in cells)
