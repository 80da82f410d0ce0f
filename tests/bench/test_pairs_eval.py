"""Pairs mode: each pair decided by the dedupe stage's Folder on a real Redis."""

import json
from pathlib import Path

import pytest
from redis import Redis

from bench.cluster_eval import main
from bench.eval_data import Label, LabelledPair
from bench.pairs_eval import count, evaluate_pairs
from bench.pairs_report import pairs_text
from schemas.story import Relation
from tests.bench.stories import ERUPTION, PORT_STRIKE, TELESCOPES, edited, text_of

PORT, TELESCOPE, VOLCANO = text_of(PORT_STRIKE), text_of(TELESCOPES), text_of(ERUPTION)

PAIRS = [
    LabelledPair("repost", PORT, PORT, Label.SAME, "en", "en"),
    LabelledPair("edit", TELESCOPE, text_of(edited(TELESCOPES)), Label.SAME, "en", "en"),
    LabelledPair("port-telescope", PORT, TELESCOPE, Label.DIFFERENT, "en", "en"),
    LabelledPair("volcano-telescope", VOLCANO, TELESCOPE, Label.DIFFERENT, "en", "de"),
]


def test_copies_fold_and_unrelated_pairs_do_not(redis_url: str, redis: Redis) -> None:
    report = evaluate_pairs(PAIRS, redis_url=redis_url)

    decisions = {decision.pair.id: decision for decision in report.decisions}
    assert decisions["repost"].folded and decisions["repost"].relation == Relation.EXACT
    assert decisions["edit"].folded and decisions["edit"].relation == Relation.NEAR_DUPLICATE
    assert not decisions["port-telescope"].folded
    assert not decisions["volcano-telescope"].folded
    counts = count(report.decisions)
    assert (counts.true_positives, counts.false_positives, counts.false_negatives) == (2, 0, 0)
    assert counts.scores.f1 == pytest.approx(1.0)
    lines = pairs_text(report, Path("pairs.jsonl"), 1.5, 3.0)
    assert any(line.split()[:2] == ["en-de", "1"] for line in lines)


def test_semeval_file_through_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        {"pair_id": "1_2", "lang1": "en", "lang2": "en", "text1": PORT, "text2": PORT,
         "overall": 1.0},
        {"pair_id": "3_4", "lang1": "en", "lang2": "en", "text1": PORT, "text2": VOLCANO,
         "overall": 4.0},
        {"pair_id": "5_6", "lang1": "en", "lang2": "en", "text1": VOLCANO, "text2": TELESCOPE,
         "overall": 2.0},
    ]  # fmt: skip
    data = tmp_path / "semeval.jsonl"
    data.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")

    assert main(["pairs", str(data), "--json"]) == 0

    figures = json.loads(capsys.readouterr().out)
    assert figures["labels"] == {"same": 1, "left out": 1, "different": 1}
    assert figures["overall"]["pairs"] == 2  # the pair rated 2 is left out of the scores
    assert figures["overall"]["f1"] == 1.0
    assert figures["folded_as"]["relation exact"] == {"same": 1, "left out": 0, "different": 0}
    assert figures["pairs_per_second"] > 0
