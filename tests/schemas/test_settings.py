"""One settings object from NEWSFOLD_* variables and a TOML file; typos are errors."""

from pathlib import Path

import pytest

from schemas.settings import Settings, load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for key in list(os.environ):
        if key.startswith("NEWSFOLD_"):
            monkeypatch.delenv(key)


def test_defaults_put_sqlite_under_the_data_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert settings.effective_database_url == f"sqlite:///{tmp_path / 'var' / 'newsfold.db'}"
    assert settings.redis_url is None
    assert settings.allow_private_networks is False


def test_contract_variables_are_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEWSFOLD_REDIS_URL", "redis://127.0.0.1:7000/1")
    monkeypatch.setenv("NEWSFOLD_DATABASE_URL", "postgresql://u:secret@db/newsfold")
    monkeypatch.setenv("NEWSFOLD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("NEWSFOLD_ALLOW_PRIVATE_NETWORKS", "true")
    monkeypatch.setenv("NEWSFOLD_FOLD__WINDOW_HOURS", "48")
    settings = load_settings()
    assert settings.redis_url is not None
    assert settings.redis_url.get_secret_value() == "redis://127.0.0.1:7000/1"
    assert settings.effective_database_url == "postgresql://u:secret@db/newsfold"
    assert "secret" not in repr(settings)
    assert settings.data_dir == tmp_path
    assert settings.allow_private_networks is True
    assert settings.fold.window_hours == 48


def test_unknown_environment_variable_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSFOLD_REDIS_ULR", "redis://typo")
    with pytest.raises(ValueError, match="NEWSFOLD_REDIS_ULR"):
        load_settings()


def test_toml_file_is_read_and_its_unknown_keys_rejected(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text("workers = 5\n[fold]\nnear_duplicate_threshold = 0.4\n")
    settings = load_settings(good)
    assert (settings.workers, settings.fold.near_duplicate_threshold) == (5, 0.4)

    bad = tmp_path / "bad.toml"
    bad.write_text("[fold]\nwindow_hour = 3\n")
    with pytest.raises(ValueError, match="window_hour"):
        load_settings(bad)


def test_environment_overrides_the_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "newsfold.toml"
    config.write_text("workers = 5\n")
    monkeypatch.setenv("NEWSFOLD_WORKERS", "7")
    assert load_settings(config).workers == 7
    assert Settings().workers == 7
