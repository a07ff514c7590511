"""Import a scraped seed article, once: after that, editors own it."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import slugify

from .highlights import highlight_outline_errors
from .models import Article, Highlight, Tag
from .seeding import SeedError, SeedFix, apply_fixes, parse_seed, repair_mangled_punctuation
from .services import article_highlights_saved, article_save

MANIFEST_NAME = "manifest.toml"
_REQUIRED = frozenset(
    {"file", "title", "slug", "standfirst", "publish_at", "source_name", "source_kind", "tags"}
)
_OPTIONAL = frozenset({"source_url", "fixes"})


@dataclass(frozen=True)
class SeedEntry:
    """The editorial fields a scraped seed file lacks, from the manifest."""

    file: str
    title: str
    slug: str
    standfirst: str
    publish_at: datetime
    source_name: str
    source_url: str
    source_kind: str
    tags: tuple[str, ...]
    fixes: tuple[SeedFix, ...]


@dataclass(frozen=True)
class SeedImportResult:
    article: Article
    created: bool


def load_manifest(path: Path) -> list[SeedEntry]:
    """The manifest's [[seed]] tables, checked; any problem is a SeedError saying where."""
    try:
        with path.open("rb") as manifest:
            data = tomllib.load(manifest)
    except OSError as error:
        raise SeedError(f"cannot read the manifest: {error.strerror}") from error
    except tomllib.TOMLDecodeError as error:
        raise SeedError(f"not valid TOML: {error}") from error
    tables = data.get("seed")
    if set(data) != {"seed"} or not isinstance(tables, list):
        raise SeedError("expected only [[seed]] tables")
    entries = [_entry(table, number) for number, table in enumerate(tables, start=1)]
    for field in ("file", "slug"):
        values = [getattr(entry, field) for entry in entries]
        if repeated := sorted({value for value in values if values.count(value) > 1}):
            raise SeedError(f"more than one seed has the {field} {repeated[0]!r}")
    return entries


def _entry(table: object, number: int) -> SeedEntry:
    where = f"seed {number}"
    if not isinstance(table, dict):
        raise SeedError(f"{where}: expected a table")
    if isinstance(table.get("file"), str):
        where = f"seed {number} ({table['file']})"
    if missing := sorted(_REQUIRED - set(table)):
        raise SeedError(f"{where}: missing {', '.join(missing)}")
    if unknown := sorted(set(table) - _REQUIRED - _OPTIONAL):
        raise SeedError(f"{where}: unknown key {', '.join(unknown)}")
    publish_at = table["publish_at"]
    if not isinstance(publish_at, datetime) or publish_at.tzinfo is None:
        raise SeedError(
            f"{where}: publish_at must be a datetime with a UTC offset, "
            f"like 2026-01-26T09:00:00+08:00"
        )
    tags = table["tags"]
    if not isinstance(tags, list) or not all(isinstance(tag, str) and slugify(tag) for tag in tags):
        raise SeedError(f"{where}: tags must be a list of names")
    fixes = table.get("fixes", [])
    if not isinstance(fixes, list):
        raise SeedError(f"{where}: fixes must be a list")
    return SeedEntry(
        file=_text(table, "file", where),
        title=_text(table, "title", where),
        slug=_text(table, "slug", where),
        standfirst=_text(table, "standfirst", where),
        publish_at=publish_at,
        source_name=_text(table, "source_name", where),
        source_url=_text(table, "source_url", where, required=False),
        source_kind=_text(table, "source_kind", where),
        tags=tuple(tags),
        fixes=tuple(_fix(fix, where) for fix in fixes),
    )


def _text(table: dict[str, object], key: str, where: str, *, required: bool = True) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise SeedError(f"{where}: {key} must be a string")
    if required and not value.strip():
        raise SeedError(f"{where}: {key} is empty")
    return value


def _fix(fix: object, where: str) -> SeedFix:
    if not (
        isinstance(fix, dict)
        and set(fix) == {"find", "replace"}
        and isinstance(find := fix["find"], str)
        and isinstance(replace := fix["replace"], str)
        and find
    ):
        raise SeedError(f"{where}: each fix must be {{ find = <text>, replace = <text> }}")
    return SeedFix(find=find, replace=replace)


@transaction.atomic
def seed_import(*, path: Path, entry: SeedEntry) -> SeedImportResult:
    """Create the article a seed file holds, with its tags and highlights: all or nothing.

    An article with the entry's slug already present is left untouched, whatever its state:
    editors own it after import, so importing again changes nothing.
    """
    existing = Article.objects.filter(slug=entry.slug).first()
    if existing is not None:
        return SeedImportResult(article=existing, created=False)
    parsed = parse_seed(apply_fixes(repair_mangled_punctuation(_read(path)), entry.fixes))
    if errors := highlight_outline_errors(
        [depth for depth, _ in parsed.highlights], Highlight.MAX_DEPTH
    ):
        raise SeedError(errors[0])
    article = Article(
        title=entry.title,
        slug=entry.slug,
        standfirst=entry.standfirst,
        body=parsed.body,
        disclaimer=parsed.disclaimer,
        source_name=entry.source_name,
        source_url=entry.source_url,
        source_kind=entry.source_kind,
        status=Article.Status.PUBLISHED,
        publish_at=entry.publish_at,
    )
    try:
        article = article_save(article=article)
    except ValidationError as error:
        raise SeedError(f"the article is invalid: {_describe(error)}") from error
    article.tags.set([_tag(name) for name in entry.tags])
    highlights = [
        Highlight(article=article, position=position, depth=depth, text=text)
        for position, (depth, text) in enumerate(parsed.highlights)
    ]
    for number, highlight in enumerate(highlights, start=1):
        _validate(highlight, f"highlight {number}")
    Highlight.objects.bulk_create(highlights)
    article_highlights_saved(article=article)
    return SeedImportResult(article=article, created=True)


def _read(path: Path) -> str:
    try:
        # utf-8-sig: a byte-order mark is not part of the text.
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        line = error.object.count(b"\n", 0, error.start) + 1
        raise SeedError(
            f"not valid UTF-8: byte 0x{error.object[error.start]:02x} on line {line} "
            f"(byte offset {error.start})"
        ) from error
    except OSError as error:
        raise SeedError(f"cannot read the file: {error.strerror}") from error


def _tag(name: str) -> Tag:
    tag = Tag.objects.filter(name=name).first()
    if tag is None:
        tag = Tag(name=name, slug=slugify(name))
        _validate(tag, f"the tag {name!r}")
        tag.save()
    return tag


def _validate(instance: models.Model, what: str) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        raise SeedError(f"{what} is invalid: {_describe(error)}") from error


def _describe(error: ValidationError) -> str:
    return "; ".join(
        f"{field}: {message}" if field != "__all__" else message
        for field, messages in error.message_dict.items()
        for message in messages
    )
