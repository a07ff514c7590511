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
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "EMAIL_", "CELERY_", "VAR_DIR"))
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


CELERY_SETTINGS = (
    "from django.conf import settings; "
    "print(settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER)"
)


@pytest.mark.parametrize(
    ("settings_module", "redis_url", "broker_and_eager"),
    [
        # The embedded default: a folder under var/ that make run's worker consumes.
        ("config.settings.local", "", "filesystem://localhost/ False"),
        # With Redis, as before: the worker and scheduler are `make worker` and `make beat`.
        ("config.settings.local", "redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0 False"),
        # Tests run tasks in their own process unless a worker consumes from Redis.
        ("config.settings.test", "", "memory:// True"),
        ("config.settings.test", "redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0 False"),
    ],
)
def test_celery_broker_is_chosen_by_settings_and_redis_url(
    tmp_path: Path, settings_module: str, redis_url: str, broker_and_eager: str
) -> None:
    environment = {"DJANGO_SETTINGS_MODULE": settings_module, "VAR_DIR": str(tmp_path)}
    if redis_url:
        environment["REDIS_URL"] = redis_url
    result = _manage("shell", "-c", CELERY_SETTINGS, **environment)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == broker_and_eager
