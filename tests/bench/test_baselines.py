"""The baselines run on a tiny served corpus and report figures; newspaper4k's is skipped
where it is not installed."""

import pytest

from bench import baselines
from bench.baselines import BaselineUnavailable, run_baseline, unavailable
from bench.corpus_plan import CorpusSpec
from bench.corpus_server import serve_corpus

# Every event copied exactly once or twice: the pipelines' hash sets see copies.
SPEC = CorpusSpec(articles=8, outlets=2, seed=5, exact_share=0.25, spun_share=0.0)


@pytest.mark.parametrize("name", baselines.FLOORS)
def test_extraction_floors_time_every_page(name: str) -> None:
    figures = run_baseline(name, SPEC)
    assert figures.articles == 8
    assert figures.cpu_seconds > 0
    assert figures.articles_per_second > 0
    assert 0 < figures.cpu_per_article < 5
    assert figures.duplicates is None


@pytest.mark.parametrize(
    "name",
    [
        "trafilatura-pipeline",
        pytest.param(
            "newspaper4k-pipeline",
            marks=pytest.mark.skipif(
                unavailable("newspaper4k-pipeline") is not None, reason="newspaper4k missing"
            ),
        ),
    ],
)
def test_pipelines_fetch_every_article_over_http(name: str) -> None:
    with serve_corpus(SPEC, latency=(0.01, 0.02)) as served:
        figures = run_baseline(name, SPEC, served.feed_urls)
    assert figures.articles == 8
    # Every page waited at least 10 ms for its server, one after the other.
    assert figures.wall_seconds >= 8 * 0.01
    assert figures.cpu_seconds > 0
    assert figures.duplicates is not None and 0 <= figures.duplicates <= 2


def test_a_pipeline_needs_the_served_feeds() -> None:
    with pytest.raises(ValueError, match="feed URLs"):
        run_baseline("trafilatura-pipeline", SPEC)


def test_newspaper4k_baseline_says_so_when_the_library_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(baselines, "_NEWSPAPER", "no_such_module_installed")
    with pytest.raises(BaselineUnavailable, match="pip install newspaper4k"):
        run_baseline("newspaper4k-pipeline", SPEC, ["http://127.0.0.1:1/feed"])
