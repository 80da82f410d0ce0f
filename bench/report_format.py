"""Number formatting shared by the evaluation reports."""

from bench.clustering_metrics import Scores


def figure(value: float | None) -> float | None:
    """A score for JSON: four decimals, None kept."""
    return None if value is None else round(value, 4)


def shown(value: float | None, width: int = 9) -> str:
    """A score right-aligned in a column, "n/a" when undefined."""
    return f"{'n/a' if value is None else f'{value:.4f}':>{width}}"


def share(part: int, whole: int) -> str:
    """ "12 (40.0%)"."""
    return f"{part} ({100 * part / whole:.1f}%)" if whole else "0"


def scores_json(scores: Scores) -> dict[str, float | None]:
    """Precision, recall and F1 as a JSON object."""
    return {
        "precision": figure(scores.precision),
        "recall": figure(scores.recall),
        "f1": figure(scores.f1),
    }
