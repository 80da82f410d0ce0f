"""What the database says about newsfold's recent activity, for `newsfold status`: feeds
by state and articles stored over the last minutes."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, case, func, select

from services.storage.tables import ArticleRow, FeedRow


@dataclass(frozen=True)
class FeedStates:
    """Feeds polled without error, failing (still polled, backing off), and disabled."""

    active: int
    failing: int
    disabled: int


def feed_states(engine: Engine) -> FeedStates:
    """How many feeds are in each state."""
    failing = FeedRow.enabled.is_(True) & (FeedRow.error_count > 0)
    state = case((FeedRow.enabled.is_(False), "disabled"), (failing, "failing"), else_="active")
    with engine.connect() as connection:
        counts: dict[str, int] = {
            name: int(count)
            for name, count in connection.execute(select(state, func.count()).group_by(state))
        }
    return FeedStates(
        active=counts.get("active", 0),
        failing=counts.get("failing", 0),
        disabled=counts.get("disabled", 0),
    )


def stored_since(engine: Engine, now: datetime, windows: list[timedelta]) -> list[int]:
    """Articles first stored within each of `windows` before `now` (one query)."""
    columns = [func.count(case((ArticleRow.stored_at >= now - window, 1))) for window in windows]
    with engine.connect() as connection:
        row = connection.execute(
            select(*columns).where(ArticleRow.stored_at >= now - max(windows))
        ).one()
    return [int(count) for count in row]
