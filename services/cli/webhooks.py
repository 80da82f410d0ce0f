"""`newsfold webhooks`: deliveries that failed their last attempt, and sending them again."""

import click
from pydantic import TypeAdapter

from services.cli.state import CliState, json_option, pass_state
from services.delivery.enqueue import enqueue_delivery
from services.storage.dead_letters import DeadLetter, delete_dead_letters, list_dead_letters

_LETTERS = TypeAdapter(list[DeadLetter])


@click.group()
def webhooks() -> None:
    """Webhook deliveries given up on (dead letters), and redelivering them."""


@webhooks.command("dead-letters")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@json_option
@pass_state
def dead_letters(state: CliState, limit: int, as_json: bool) -> None:
    """Deliveries that failed every attempt, the most recent first."""
    letters = list_dead_letters(state.engine(), limit)
    if state.as_json or as_json:
        click.echo(_LETTERS.dump_json(letters, indent=2).decode())
        return
    if not letters:
        click.echo("no dead letters")
        return
    click.echo(f"{'ID':>5}  {'FAILED (UTC)':<16}  {'STORY':<20}  {'VERSION':>7}  TRIES  ERROR")
    for letter in letters:
        click.echo(
            f"{letter.id:>5}  {letter.failed_at:%Y-%m-%d %H:%M}  {letter.story_id:<20}  "
            f"{letter.version:>7}  {letter.attempts:>5}  {letter.last_error or '-'}"
            f"  ({letter.endpoint_url})"
        )


@webhooks.command("redeliver")
@click.argument("letter_ids", metavar="ID...", nargs=-1, type=int)
@click.option("--all", "everything", is_flag=True, help="Every dead letter.")
@pass_state
def redeliver(state: CliState, letter_ids: tuple[int, ...], everything: bool) -> None:
    """Deliver dead letters again, with a fresh round of retries: each story's newest state
    goes to its endpoint. A letter whose endpoint is no longer configured is kept."""
    if everything == bool(letter_ids):
        raise click.UsageError("give dead letter ids or --all, not both or neither")
    settings = state.settings.webhooks
    engine = state.engine()
    letters = list_dead_letters(engine, ids=None if everything else letter_ids)
    missing = set(letter_ids) - {letter.id for letter in letters}
    if missing:
        click.echo(f"no dead letter {', '.join(map(str, sorted(missing)))}", err=True)
    redelivered = []
    with state.redis() as redis:
        for letter in reversed(letters):  # oldest first
            endpoint = next((e for e in settings.endpoints if e.url == letter.endpoint_url), None)
            if endpoint is None:
                click.echo(f"dead letter {letter.id}: {letter.endpoint_url} is not configured")
                continue
            suffix = f"-r{letter.id}"
            enqueue_delivery(
                redis, settings, endpoint, letter.story_id, letter.version, suffix=suffix
            )
            redelivered.append(letter.id or 0)
    delete_dead_letters(engine, redelivered)
    click.echo(f"redelivering {len(redelivered)} of {len(letters)} dead letters")
