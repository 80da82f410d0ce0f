"""What enriching an article costs: CPU per article for NER, keywords and the rest, and the
memory the spaCy model adds to a worker, over real articles.

    PYTHONPATH=. python -m bench.enrich_cost [--articles 300] [--all-components] [--with-torch]

Articles are the WCXB development pages' ground-truth texts and titles (../shared/eval),
enriched with the enrich stage's own functions in this process, after a warm-up. "The rest"
is language identification, the lead summary, word count and reading time, and the outlet.
RSS is read from /proc before spaCy is imported, after, and after the NER model is loaded;
for comparison, `--all-components` loads the model's whole pipeline instead of its
recognizer alone, and `--with-torch` imports spaCy as it imports itself, torch included
where it is installed (the `semantic` extra), instead of as workers do.
"""

import argparse
import importlib
import json
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from bench.extract_data import page_paths
from schemas.settings import EnrichSettings
from workers.enrich.entities import find_entities
from workers.enrich.keywords import keywords
from workers.enrich.length import reading_time_seconds, word_count
from workers.enrich.ner_models import import_spacy, load_ner
from workers.enrich.outlet import outlet_domain
from workers.enrich.summary import lead_summary
from workers.text.language import detect_language

DEFAULT_DATASET = (
    Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "wcxb_dev_articles"
)
WARM_UP = 5
T = TypeVar("T")


@dataclass(frozen=True)
class Text:
    """One real article: its page address, headline and text."""

    url: str
    title: str | None
    text: str


@dataclass
class Costs:
    """CPU seconds spent per part, and what the parts found."""

    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(_PARTS, 0.0))
    articles: int = 0
    words: int = 0
    english: int = 0
    english_words: int = 0
    english_with_entities: int = 0
    entities: int = 0


_PARTS = ("ner", "keywords", "rest")


def read_texts(dataset: Path, limit: int) -> list[Text]:
    """The first `limit` pages of the dataset with a ground-truth text."""
    texts = []
    for path in page_paths(dataset):
        label = json.loads((dataset / "ground-truth" / f"{path.name[:-8]}.json").read_text())
        truth = label["ground_truth"]
        if truth.get("main_content"):
            texts.append(Text(label.get("url") or "", truth.get("title"), truth["main_content"]))
        if len(texts) == limit:
            break
    return texts


def rss_mb() -> float:
    """This process's resident memory now, in MB."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


def timed(costs: Costs, part: str, work: Callable[[], T]) -> T:
    """`work()`, its CPU time added to `part`."""
    started = time.process_time()
    result = work()
    costs.seconds[part] += time.process_time() - started
    return result


def enrich_one(costs: Costs, nlp: Any, settings: EnrichSettings, text: Text) -> None:
    """Enrich one article as the enrich stage does, timing each part."""
    language, _ = timed(costs, "rest", lambda: detect_language(text.text))

    def rest() -> int:
        lead_summary(text.text, text.title, language, settings.summary_characters)
        outlet_domain(text.url)
        words = word_count(text.text)
        reading_time_seconds(words, settings.words_per_minute)
        return words

    costs.words += timed(costs, "rest", rest)
    combined = f"{text.title or ''}\n{text.text}"
    timed(costs, "keywords", lambda: keywords(combined, language, settings.keywords))
    costs.articles += 1
    if language != "en":
        return
    entities = timed(costs, "ner", lambda: find_entities(nlp, text.title, text.text))
    costs.english += 1
    costs.english_words += word_count(text.text)
    costs.english_with_entities += bool(entities)
    costs.entities += len(entities)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--all-components", action="store_true")
    parser.add_argument("--with-torch", action="store_true")
    args = parser.parse_args()
    settings = EnrichSettings()
    texts = read_texts(args.dataset, args.articles + WARM_UP)

    before, started = rss_mb(), time.perf_counter()
    spacy = importlib.import_module("spacy") if args.with_torch else import_spacy()
    imported = rss_mb()
    print(f"spaCy imported in {time.perf_counter() - started:.2f} s")
    model = settings.ner_models["en"]
    nlp = spacy.load(model) if args.all_components else load_ner(model)
    loaded = rss_mb()

    for text in texts[:WARM_UP]:
        enrich_one(Costs(), nlp, settings, text)
    costs = Costs()
    for text in texts[WARM_UP:]:
        enrich_one(costs, nlp, settings, text)
    report(costs, nlp, (before, imported, loaded))


def report(costs: Costs, nlp: Any, rss: tuple[float, float, float]) -> None:
    before, imported, loaded = rss
    per = {part: 1000 * seconds for part, seconds in costs.seconds.items()}
    print(f"{costs.articles} articles, {costs.words / costs.articles:.0f} words on average")
    print(f"NER pipeline components: {', '.join(nlp.pipe_names)}")
    print(
        f"CPU ms per article: NER {per['ner'] / max(costs.english, 1):.1f} "
        f"(per English article; {costs.english} of them), "
        f"keywords {per['keywords'] / costs.articles:.2f}, "
        f"the rest {per['rest'] / costs.articles:.2f}; "
        f"all, per article {sum(per.values()) / costs.articles:.1f}; "
        f"NER per 1,000 words {per['ner'] / max(costs.english_words, 1) * 1000:.0f}"
    )
    print(
        f"entities: {costs.english_with_entities / max(costs.english, 1):.1%} of English "
        f"articles have some, {costs.entities / max(costs.english, 1):.1f} on average"
    )
    print(
        f"RSS: {before:.0f} MB before spaCy, +{imported - before:.0f} MB importing it, "
        f"+{loaded - imported:.0f} MB loading the model; "
        f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
