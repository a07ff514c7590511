from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "EMAIL_"))
    }
    environment.update(env)
    return subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deployment_checks() -> None:
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="x7!kq2-" * 10,
        DJANGO_ALLOWED_HOSTS="rareearthexchanges.example",
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key() -> None:
    result = _manage(
        "check",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_ALLOWED_HOSTS="rareearthexchanges.example",
    )

    assert result.returncode != 0
    assert "Set the DJANGO_SECRET_KEY environment variable" in result.stderr


@pytest.mark.django_db
def test_models_have_no_migrations_missing() -> None:
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
