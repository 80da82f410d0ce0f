"""Reading labelled articles and pairs, and the SemEval rating cut-offs."""

import json
from pathlib import Path

import pytest

from bench.eval_data import DataError, Label, read_articles, read_pairs


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_semeval_ratings_are_cut_into_same_left_out_and_different(tmp_path: Path) -> None:
    rows = [
        {"pair_id": f"p{rating}", "lang1": "de", "lang2": "en", "text1": "a", "text2": "b",
         "overall": rating}
        for rating in (1.0, 1.5, 2.0, 2.9, 3.0, 4.0)
    ]  # fmt: skip
    pairs = read_pairs(write_jsonl(tmp_path / "p.jsonl", rows), same_max=1.5, different_min=3)
    assert [pair.label for pair in pairs] == [
        Label.SAME,
        Label.SAME,
        Label.UNSURE,
        Label.UNSURE,
        Label.DIFFERENT,
        Label.DIFFERENT,
    ]
    assert pairs[0].languages == "de-en"
    assert pairs[0].rating == 1.0


def test_labelled_pairs_need_same_or_different(tmp_path: Path) -> None:
    row = {"id1": "a", "text1": "x", "id2": "b", "text2": "y", "label": "Same"}
    [pair] = read_pairs(write_jsonl(tmp_path / "ok.jsonl", [row]), same_max=1.5, different_min=3)
    assert (pair.id, pair.label, pair.languages) == ("a_b", Label.SAME, "?-?")
    bad = write_jsonl(tmp_path / "bad.jsonl", [{**row, "label": "maybe"}])
    with pytest.raises(DataError, match="neither 'same' nor 'different'"):
        read_pairs(bad, same_max=1.5, different_min=3)


def test_articles_need_text_or_html_and_unique_ids(tmp_path: Path) -> None:
    row = {"id": "1", "story": "s", "outlet": "O", "published_at": "2021-10-18T16:15:00-07:00"}
    with pytest.raises(DataError, match="neither 'text' nor 'html'"):
        read_articles(write_jsonl(tmp_path / "a.jsonl", [row]))
    twice = write_jsonl(tmp_path / "b.jsonl", [{**row, "text": "t"}, {**row, "html": "<p>"}])
    with pytest.raises(DataError, match="not unique"):
        read_articles(twice)
    [article] = read_articles(twice, limit=1)
    assert article.published_at is not None and article.published_at.utcoffset() is not None
