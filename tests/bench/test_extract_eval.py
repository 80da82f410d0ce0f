"""The extraction benchmark: its scoring functions on inline data, and one run end to end on
generated pages."""

import gzip
import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pytest

from bench.extract_eval import main
from bench.extract_scores import (
    author_names,
    bag_scores,
    labelled_day,
    same_authors,
    same_title,
    snippets_found,
)

PARAGRAPHS = [
    "Container traffic at the Port of Valmere came to a standstill on Thursday after more "
    "than 1,800 dockworkers walked off the job in protest at a plan to automate cranes.",
    "The union said the 48-hour stoppage began at 6 a.m., when the morning shift at Terminal "
    "4 refused to clock in, and pickets formed at all three of the port's main gates.",
]


def test_bag_scores_count_repeated_words_once_per_occurrence() -> None:
    scores = bag_scores("the cat the cat sat", "The cat sat on the mat")
    # Overlap: the x2, cat x1, sat x1 = 4 of 5 extracted words and 4 of 6 expected ones.
    assert scores.precision == pytest.approx(4 / 5)
    assert scores.recall == pytest.approx(4 / 6)
    assert scores.f1 == pytest.approx(2 * (4 / 5) * (4 / 6) / (4 / 5 + 4 / 6))


def test_bag_scores_ignore_case_and_punctuation() -> None:
    assert bag_scores("“Hello”, world!", "hello world").f1 == 1.0


def test_empty_or_disjoint_extraction_scores_zero() -> None:
    assert bag_scores("", "some text").f1 == 0.0
    assert bag_scores("other words", "some text").precision == 0.0


def test_snippets_match_whole_words_and_short_ones_are_not_scored() -> None:
    text = "Read more about the homeowners' association. Share on Facebook today."
    snippets = ["Share on Facebook", "about the home", "Subscribe to our newsletter", "Home"]
    # "about the home" is not in "about the homeowners"; "Home" has under three words.
    assert snippets_found(text, snippets) == (1, 3)


def test_snippets_match_across_punctuation_and_line_breaks() -> None:
    assert snippets_found("Sign up —\nfor our   newsletter", ["sign up for our newsletter"]) == (
        1,
        1,
    )


def test_titles_match_on_their_words() -> None:
    assert same_title("Dockworkers Walk Out: Port Shut", "dockworkers walk out — port shut")
    assert not same_title("Dockworkers walk out | Harbor Ledger", "Dockworkers walk out")
    assert not same_title(None, "Dockworkers walk out")


def test_author_labels_split_into_a_set_of_names() -> None:
    label = "Danielle DeSiato, Donna Enzmann, and Natalie Nguyen"
    assert author_names(label) == {
        ("danielle", "desiato"),
        ("donna", "enzmann"),
        ("natalie", "nguyen"),
    }
    assert author_names("Maria & Katerina; ANDREW King") == {
        ("maria",),
        ("katerina",),
        ("andrew", "king"),
    }


def test_authors_match_in_any_order_and_case_from_a_list_or_a_string() -> None:
    assert same_authors(["natalie nguyen", "Donna Enzmann"], "Donna Enzmann and Natalie Nguyen")
    assert same_authors("Donna Enzmann; Natalie Nguyen", "Natalie Nguyen & Donna Enzmann")
    assert not same_authors(["Donna Enzmann"], "Donna Enzmann and Natalie Nguyen")
    assert not same_authors(None, "Donna Enzmann")


def test_only_full_dates_are_labelled_days() -> None:
    assert labelled_day("2025-09-04") == date(2025, 9, 4)
    assert labelled_day("2025-09") is None
    assert labelled_day(None) is None


def _save(dataset: Path, name: str, html: str, truth: Mapping[str, object]) -> None:
    (dataset / "html" / f"{name}.html.gz").write_bytes(gzip.compress(html.encode()))
    label = {"url": f"https://news.example/{name}.html", "ground_truth": truth}
    (dataset / "ground-truth" / f"{name}.json").write_text(json.dumps(label))


def test_one_run_scores_every_extractor_side_by_side(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "html").mkdir()
    (tmp_path / "ground-truth").mkdir()
    body = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    head = (
        "<title>Dockworkers walk out</title>"
        "<meta name='author' content='Ada Lane'>"
        "<meta property='article:published_time' content='2022-02-03T09:40:00+01:00'>"
    )
    truth = {
        "title": "Dockworkers walk out",
        "author": "Ada Lane",
        "publish_date": "2022-02-03",
        "main_content": "\n\n".join(PARAGRAPHS),
        "with": [PARAGRAPHS[1][:60]],
        "without": ["Subscribe to our newsletter"],
    }
    nav = "<nav><a href='/'>Home</a> <a href='/s'>Subscribe to our newsletter</a></nav>"
    _save(tmp_path, "0001", f"<html><head>{head}</head><body>{nav}<article>{body}</article>", truth)
    _save(
        tmp_path,
        "0002",
        f"<html><head><title>Undated</title></head><body><article>{body}</article></body>",
        {**truth, "title": "Undated", "author": None, "publish_date": None},
    )

    assert main([str(tmp_path), "--jobs", "1", "--speed-pages", "2"]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "2 pages, 2 with a main text"
    assert lines[1].split() == ["newsfold", "trafilatura", "traf-precise", "readability"]
    rows = {line[:36].strip(): line[36:].split() for line in lines[2:]}
    assert float(rows["text bag-of-words F1"][0]) > 0.9
    assert rows["title exact (2)"][0] == "100.0%"
    assert rows["author exact (1)"] == ["100.0%", "100.0%", "100.0%", "n/a"]
    assert rows["publication day exact (1)"][0] == "100.0%"
    assert rows["a date on undated pages (1)"][0] == "0.0%"
    assert rows["`without` snippets dropped (2)"][0] == "100.0%"
    assert all(float(rate) > 0 for rate in rows["pages/s, one core (2 pages)"])
