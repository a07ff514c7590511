"""Seed articles as scraped: repair their text and split it into an article's parts.

Pure text in, text out; the database side is `seed_import.py`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from .rendering import TOC_MARKER

# The scrape lost the bytes of these four marks and left MANGLED in place of each.
APOSTROPHE = "\N{RIGHT SINGLE QUOTATION MARK}"
OPENING_QUOTE = "\N{LEFT DOUBLE QUOTATION MARK}"
CLOSING_QUOTE = "\N{RIGHT DOUBLE QUOTATION MARK}"
EM_DASH = "\N{EM DASH}"
MANGLED = "\N{THAI CHARACTER SARA O}"

HIGHLIGHTS_HEADER = "Highlights"
TOC_LINE = "Table of Contents"
DISCLAIMER_PREFIX = "Disclaimer: "
BULLET = "- "
PAGE_CHROME = frozenset(
    {
        "0 Comments",
        "No replies yet",
        "Loading new replies...",
        "Moderator",
        "Join the full discussion at the Rare Earth Exchanges Forum →",
    }
)
MAX_HEADING_WORDS = 12

_CONTRACTION_SUFFIX = re.compile(r"(?:s|t|d|m|ll|re|ve)(?![^\W\d_])", re.IGNORECASE)
_OPENING_BRACKETS = "([{"
_PUNCTUATION_INSIDE_QUOTES = ".,!?;:"
_SENTENCE_ENDINGS = (".", "!", "?")
# Closing quotes and brackets do not end a sentence: He said "no." ends with its '.'.
_CLOSERS = f"{CLOSING_QUOTE}{APOSTROPHE}\"')]"
# '&' only where it would start an entity reference: "R&D" stays as written.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>]|&(?=#?[0-9A-Za-z]+;))")
_LINE_START_MARK = re.compile(r"^([#+-])")
_LINE_START_NUMBER = re.compile(r"^(\d+)([.)])")


class SeedError(Exception):
    """A seed that cannot be imported faithfully; the message says why."""


@dataclass(frozen=True)
class SeedFix:
    """An editor's correction of the scraped text: `find` must occur exactly once."""

    find: str
    replace: str


@dataclass(frozen=True)
class ParsedSeed:
    highlights: list[tuple[int, str]]
    body: str
    disclaimer: str


def repair_mangled_punctuation(text: str) -> str:
    """Put back the apostrophes, quotes and em dashes the scrape turned into MANGLED.

    Each is judged by its neighbours: between a word and a contraction suffix ('s, 't, 'll, ...)
    an apostrophe; opening a word an opening quote; closing a word (and its punctuation) a
    closing quote; between two words an em dash. Any it cannot place raises SeedError, so none
    reaches a page.
    """
    return "\n".join(
        _repair_line(line, number) for number, line in enumerate(text.split("\n"), start=1)
    )


def _repair_line(line: str, number: int) -> str:
    repaired = []
    quote_open = False
    for index, char in enumerate(line):
        if char != MANGLED:
            repaired.append(char)
            continue
        mark = _restored_mark(line, index)
        if mark in (OPENING_QUOTE, CLOSING_QUOTE):
            opening = mark == OPENING_QUOTE
            # Quotes alternate. A closing quote with none open is as likely the apostrophe of
            # a plural possessive ("companies' profits"), which context cannot tell: refuse.
            if quote_open == opening:
                mark = None
            quote_open = opening
        if mark is None:
            context = line[max(index - 20, 0) : index + 21]
            raise SeedError(
                f"line {number}: cannot tell which mark the mangled character {MANGLED!r} "
                f"stands for in {context!r}"
            )
        repaired.append(mark)
    if quote_open:
        raise SeedError(f"line {number}: a quotation mark opens and never closes")
    return "".join(repaired)


def _restored_mark(line: str, index: int) -> str | None:
    before = line[index - 1] if index > 0 else ""
    after = line[index + 1 :]
    following = after[:1]
    if before.isalnum() and _CONTRACTION_SUFFIX.match(after):
        return APOSTROPHE
    if (not before or before.isspace() or before in _OPENING_BRACKETS) and following.isalnum():
        return OPENING_QUOTE
    # A closing quote may follow the word's own punctuation: "landmark results,"
    ends_word = line[:index].rstrip(_PUNCTUATION_INSIDE_QUOTES)[-1:].isalnum()
    if ends_word and (
        not following or following.isspace() or unicodedata.category(following).startswith("P")
    ):
        return CLOSING_QUOTE
    if before.isalnum() and following.isalnum():
        return EM_DASH
    return None


def apply_fixes(text: str, fixes: Iterable[SeedFix]) -> str:
    """Apply each correction in turn; one that does not match exactly once is an error."""
    for fix in fixes:
        count = text.count(fix.find)
        if count != 1:
            raise SeedError(
                f"the fix {fix.find!r} -> {fix.replace!r} matches {count} times, not exactly once"
            )
        text = text.replace(fix.find, fix.replace)
    return text


def parse_seed(text: str) -> ParsedSeed:
    """Split a seed page into its highlights, its body as Markdown, and its disclaimer.

    Page chrome after the disclaimer is dropped; anything else there is an error.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines or lines[0] != HIGHLIGHTS_HEADER:
        raise SeedError(f"the first line must be {HIGHLIGHTS_HEADER!r}")
    body_start = 1
    while body_start < len(lines) and lines[body_start].startswith(BULLET):
        body_start += 1
    items = [line.removeprefix(BULLET).strip() for line in lines[1:body_start]]
    if not items:
        raise SeedError(f"no highlights: expected {BULLET!r} lines after {HIGHLIGHTS_HEADER!r}")
    disclaimer_at = next(
        (i for i in range(body_start, len(lines)) if lines[i].startswith(DISCLAIMER_PREFIX)),
        None,
    )
    if disclaimer_at is None:
        raise SeedError(f"no line starting {DISCLAIMER_PREFIX!r}")
    body_lines = lines[body_start:disclaimer_at]
    if not body_lines:
        raise SeedError("the body is empty")
    disclaimer = lines[disclaimer_at].removeprefix(DISCLAIMER_PREFIX).strip()
    if not disclaimer:
        raise SeedError("the disclaimer is empty")
    unexpected = [line for line in lines[disclaimer_at + 1 :] if line not in PAGE_CHROME]
    if unexpected:
        raise SeedError(f"unexpected text after the disclaimer: {unexpected[0]!r}")
    return ParsedSeed(
        highlights=_nest_highlights(items),
        body=_body_markdown(body_lines),
        disclaimer=disclaimer,
    )


def _final_mark(text: str) -> str:
    return text.rstrip(_CLOSERS)[-1:]


def _nest_highlights(items: list[str]) -> list[tuple[int, str]]:
    """Recover the nesting the scrape flattened.

    An item ending in ':' introduces the items after it; they stay under it until one ends
    a sentence (top level again) or ends in ':' (the next parent).
    """
    nested = []
    parent_open = False
    for text in items:
        mark = _final_mark(text)
        if mark == ":":
            nested.append((0, text))
            parent_open = True
        elif mark in _SENTENCE_ENDINGS:
            nested.append((0, text))
            parent_open = False
        else:
            nested.append((1 if parent_open else 0, text))
    return nested


def _body_markdown(lines: list[str]) -> str:
    blocks: list[str] = []
    for is_list, group in groupby(lines, key=lambda line: line.startswith(BULLET)):
        if is_list:
            items = (_escape_line(line.removeprefix(BULLET).strip()) for line in group)
            blocks.append("\n".join(f"- {item}" for item in items))
        else:
            blocks.extend(_block(line) for line in group)
    return "\n\n".join(blocks)


def _block(line: str) -> str:
    if line == TOC_LINE:
        return TOC_MARKER
    if _is_heading(line):
        # Heading text is inline only; a trailing '#' would be read as a closing sequence.
        return "## " + re.sub(r"#$", r"\\#", _escape_inline(line))
    return _escape_line(line)


def _is_heading(line: str) -> bool:
    return len(line.split()) <= MAX_HEADING_WORDS and _final_mark(line) not in (".", ":")


def _escape_inline(text: str) -> str:
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def _escape_line(text: str) -> str:
    """Escape a paragraph or list item so Markdown shows it as written, not as markup."""
    text = _LINE_START_MARK.sub(r"\\\1", _escape_inline(text))
    return _LINE_START_NUMBER.sub(r"\1\\\2", text)
