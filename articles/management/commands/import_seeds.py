from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.seed_import import MANIFEST_NAME, SeedEntry, load_manifest, seed_import
from articles.seeding import SeedError


class Command(BaseCommand):
    help = (
        "Import the seed articles listed in the seeds directory's manifest.toml. "
        "Each file is imported once, in its own transaction; one that fails does not stop "
        "the others."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--seeds-dir",
            type=Path,
            default=Path(settings.BASE_DIR) / "seeds",
            help="Directory holding the seed .txt files and manifest.toml (default: seeds/).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        seeds_dir: Path = options["seeds_dir"]
        manifest = seeds_dir / MANIFEST_NAME
        try:
            entries = load_manifest(manifest)
        except SeedError as error:
            raise CommandError(f"{manifest.name}: {error}") from error
        failures = [
            f"{name}: not listed in {manifest.name}" for name in _unlisted(seeds_dir, entries)
        ]
        for entry in entries:
            try:
                result = seed_import(path=seeds_dir / entry.file, entry=entry)
            except SeedError as error:
                failures.append(f"{entry.file}: {error}")
                continue
            outcome = "imported" if result.created else "already imported"
            self.stdout.write(f"{outcome} {result.article.slug}")
        if failures:
            raise CommandError("; ".join(failures))


def _unlisted(seeds_dir: Path, entries: list[SeedEntry]) -> list[str]:
    """Seed files the manifest does not mention: without it they would be skipped silently."""
    listed = {entry.file for entry in entries}
    return sorted(path.name for path in seeds_dir.glob("*.txt") if path.name not in listed)
