"""Plain helpers the seed import tests share: where the seeds are, what a reader sees of some
HTML, running the command, and a seeds directory written for a test."""

from __future__ import annotations

import re
from html import unescape
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from articles.models import Article, Highlight, Tag
from forum.discussions.models import Topic

SEEDS_DIR = Path(settings.BASE_DIR) / "seeds"
SEED_000 = "000_c094931bdf106d79.txt"
SEED_004 = "004_8d2d15444e08bce7.txt"


def _page_text(html: str) -> str:
    """What a reader sees: tags gone, entities decoded, whitespace collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _import(seeds_dir: Path = SEEDS_DIR) -> list[str]:
    out = StringIO()
    call_command("import_seeds", seeds_dir=seeds_dir, stdout=out)
    return out.getvalue().splitlines()


def _row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (Article, Highlight, Tag, Topic)}


def _write_seed_dir(
    seeds_dir: Path, files: dict[str, bytes], fixes: str = "", extra: str = ""
) -> Path:
    """A seeds directory holding `files`, each listed in a manifest."""
    seeds_dir.mkdir(exist_ok=True)
    tables = []
    for number, (name, content) in enumerate(files.items()):
        (seeds_dir / name).write_bytes(content)
        tables.append(
            f'[[seed]]\nfile = "{name}"\ntitle = "Seed {number}"\nslug = "seed-{number}"\n'
            f'standfirst = "A test seed."\npublish_at = 2026-01-26T09:00:00+08:00\n'
            f'source_name = "Test Daily"\nsource_kind = "test media"\ntags = ["Seeded"]\n'
            f"fixes = [{fixes}]\n{extra}"
        )
    (seeds_dir / "manifest.toml").write_text("\n".join(tables), encoding="utf-8")
    return seeds_dir
