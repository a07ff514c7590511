"""What both Spirit scripts (serve.py, search.py) do first and last, inside bench/.venv-spirit:
Django set up on a fresh forum of their own, then one JSON command a line answered."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def django_ready(prefix: str) -> None:
    """Django set up with bench/spirit/settings.py, its tables made, in a temporary folder named
    with `prefix` (its SQLite file, unless SPIRIT_BENCH_DB names one, and Whoosh's index)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ.setdefault("SPIRIT_BENCH_DB", str(folder / "spirit.sqlite3"))
    os.environ["SPIRIT_BENCH_SEARCH"] = str(folder / "search")
    os.environ["DJANGO_SETTINGS_MODULE"] = "settings"
    sys.path.insert(0, str(HERE))

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def people_create(names: list[str], *, batch_size: int) -> list[Any]:
    """Spirit's users named `names`, with verified profiles, in the order of their ids."""
    from django.contrib.auth.models import User
    from spirit.user.models import UserProfile

    User.objects.bulk_create(
        [User(username=name, email=f"{name}@bench.example") for name in names],
        batch_size=batch_size,
    )
    people = list(User.objects.filter(username__in=names).order_by("pk"))
    UserProfile.objects.bulk_create(
        [UserProfile(user=user, nickname=user.username, is_verified=True) for user in people],
        batch_size=batch_size,
    )
    return people


def answer_commands(ready: dict[str, Any], answer: Callable[[dict[str, Any]], Any]) -> None:
    """Say `ready`, then answer each JSON command line on stdin with `answer`'s JSON, until
    {"cmd": "quit"}."""
    print(json.dumps(ready), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        if command["cmd"] == "quit":
            break
        print(json.dumps(answer(command)), flush=True)
