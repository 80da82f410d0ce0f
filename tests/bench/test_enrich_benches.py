"""The enrichment benchmarks, run end to end on a few articles of the development corpora."""

import sys

import pytest

from bench import enrich_cost, enrich_keywords


def test_enrich_cost_reports_each_part_and_the_model_memory(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["enrich_cost", "--articles", "4"])
    enrich_cost.main()
    out = capsys.readouterr().out
    assert "4 articles" in out
    assert "NER pipeline components: ner" in out
    assert "CPU ms per article: NER" in out
    assert "MB loading the model" in out


def test_enrich_keywords_compares_pairs_of_one_story_and_of_two(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["enrich_keywords", "--pairs", "100"])
    enrich_keywords.main()
    [line] = [line for line in capsys.readouterr().out.splitlines() if "newsfold" in line]
    same = float(line.split("one story ")[1].split(",")[0])
    different = float(line.split("different stories ")[1].split(",")[0])
    # Keywords tell stories apart: shared far more often within one story.
    assert same > different + 0.5
