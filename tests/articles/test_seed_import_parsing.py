"""The seed format, piece by piece: repairing mangled punctuation, applying a manifest's
fixes, parsing a seed page into highlights, body and disclaimer, and reading the manifest;
each malformed input raises SeedError saying what is wrong and where."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from articles.rendering import render_article_body
from articles.seed_import import load_manifest
from articles.seeding import (
    PAGE_CHROME,
    SeedError,
    SeedFix,
    apply_fixes,
    parse_seed,
    repair_mangled_punctuation,
)
from tests.articles.seed_helpers import SEED_000, SEED_004, SEEDS_DIR, _page_text, _write_seed_dir

# --- repair_mangled_punctuation ---------------------------------------------------------


@pytest.mark.parametrize(
    ("mangled", "repaired"),
    [
        ("Chinaโs", "China’s"),
        ("demandโespecially", "demand—especially"),
        ("cityโs โstrategic engineโ for", "city’s “strategic engine” for"),
        ("(โmiddle testโ)", "(“middle test”)"),
        ("Whatโs Newโand Why It Matters", "What’s New—and Why It Matters"),
        ("applicationsโsmart", "applications—smart"),
        ("doesnโt, theyโre, weโve, Iโm, itโll, heโd", "doesn’t, they’re, we’ve, I’m, it’ll, he’d"),
        ("assetsโmost notably", "assets—most notably"),
        ("intoโrebuilding", "into—rebuilding"),
        ("the 1990โs", "the 1990’s"),
        ("โlandmark results,โ while", "“landmark results,” while"),
        ("โQuoted.โ", "“Quoted.”"),
        ("no marks at all", "no marks at all"),
    ],
)
def test_repair_mangled_punctuation_restores_mark_from_context(mangled: str, repaired: str) -> None:
    assert repair_mangled_punctuation(mangled) == repaired


@pytest.mark.parametrize(
    ("mangled", "problem"),
    [
        ("rose 5%โthen fell", "line 1: cannot tell which mark"),
        ("a\nb โ c", "line 2: cannot tell which mark"),
        ("the companiesโ profits", "line 1: cannot tell which mark"),
        ("โone โtwo", "line 1: cannot tell which mark"),
        ("an โopen quote", "line 1: a quotation mark opens and never closes"),
    ],
)
def test_repair_mangled_punctuation_raises_when_mark_cannot_be_placed(
    mangled: str, problem: str
) -> None:
    with pytest.raises(SeedError, match=f"^{re.escape(problem)}"):
        repair_mangled_punctuation(mangled)


# --- apply_fixes ------------------------------------------------------------------------


def test_apply_fixes_replaces_each_find_once() -> None:
    fixes = [SeedFix(find="andstate", replace="and state"), SeedFix(find="a b", replace="ab")]

    assert apply_fixes("x andstate a b", fixes) == "x and state ab"


@pytest.mark.parametrize(("text", "count"), [("nothing here", 0), ("typo typo", 2)])
def test_apply_fixes_raises_when_find_does_not_match_exactly_once(text: str, count: int) -> None:
    with pytest.raises(SeedError, match=f"matches {count} times, not exactly once"):
        apply_fixes(text, [SeedFix(find="typo", replace="type")])


# --- parse_seed -------------------------------------------------------------------------


def test_parse_seed_nests_items_under_the_item_ending_in_colon() -> None:
    parsed = parse_seed(
        "Highlights\n- Loose item\n- Parent one:\n- child a\n- child b\n- Sentence again.\n"
        "- Parent two:\n- child c\n- Parent three:\n- child d\n- Question?\n- Loose again\n"
        "Body.\nDisclaimer: D."
    )

    assert parsed.highlights == [
        (0, "Loose item"),
        (0, "Parent one:"),
        (1, "child a"),
        (1, "child b"),
        (0, "Sentence again."),
        (0, "Parent two:"),
        (1, "child c"),
        (0, "Parent three:"),
        (1, "child d"),
        (0, "Question?"),
        (0, "Loose again"),
    ]


def test_parse_seed_builds_markdown_with_headings_lists_and_contents_marker() -> None:
    parsed = parse_seed(
        "Highlights\n- H.\nIntro paragraph.\nTable of Contents\n1144 System\n"
        "Sectors include:\n- Rare earths: magnets.\n- Steel\nRelevant in the West/USA?\n"
        "Closing paragraph.\nDisclaimer: D.\n"
    )

    assert parsed.body == (
        "Intro paragraph.\n\n[TOC]\n\n## 1144 System\n\nSectors include:\n\n"
        "- Rare earths: magnets.\n- Steel\n\n## Relevant in the West/USA?\n\nClosing paragraph."
    )


def test_parse_seed_treats_a_long_line_without_full_stop_as_a_paragraph() -> None:
    line = "This line has well over twelve words in it but it never ends with a full stop"
    parsed = parse_seed(f"Highlights\n- H.\n{line}\nDisclaimer: D.")

    assert parsed.body == line


@pytest.mark.parametrize(
    "line",
    [
        "Growth of 90%+ and R&D up; *not emphasis* nor _this_ nor `code`.",
        "[not a link](https://example.com) and <b>not a tag</b> & &amp; stays.",
        "A back\\slash and a trailing hash #",
        "# not a heading, as it ends with a full stop.",
        "+ not a list item, nor a sentence ending in colon after all.",
        "- not a list item either, since the body line is a paragraph.",
        "2026. The year, not an ordered list item, said the report.",
        "3) Nor this one, which also looks like an ordered list.",
        "> not a quotation, just a sentence starting with a bracket.",
        "Short heading with *stars*",
    ],
)
def test_parse_seed_body_renders_as_the_source_text(line: str) -> None:
    # A body line starting "- " is a bullet by the seed format, so pad that case into a paragraph.
    source = f"Intro: {line}" if line.startswith("- ") else line
    parsed = parse_seed(f"Highlights\n- H.\n{source}\nDisclaimer: D.")

    assert _page_text(render_article_body(parsed.body).html) == source


def test_parse_seed_renders_bullet_text_as_written() -> None:
    parsed = parse_seed("Highlights\n- H.\nList:\n- 1. first *a*\n- # second\nDisclaimer: D.")

    html = render_article_body(parsed.body).html
    assert "<li>1. first *a*</li>" in html
    assert "<li># second</li>" in html


def test_parse_seed_keeps_disclaimer_and_drops_page_chrome() -> None:
    chrome = "\n".join(sorted(PAGE_CHROME))
    parsed = parse_seed(f"Highlights\n- H.\nBody.\nDisclaimer: Verify this.\n{chrome}\n")

    assert parsed.disclaimer == "Verify this."
    assert parsed.body == "Body."


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "the first line must be 'Highlights'"),
        ("- H.\nBody.\nDisclaimer: D.", "the first line must be 'Highlights'"),
        ("Highlights\nBody.\nDisclaimer: D.", "no highlights"),
        ("Highlights\n- H.\nDisclaimer: D.", "the body is empty"),
        ("Highlights\n- H.\nBody.\n0 Comments", "no line starting 'Disclaimer: '"),
        ("Highlights\n- H.\nBody.\nDisclaimer: ", "no line starting 'Disclaimer: '"),
        (
            "Highlights\n- H.\nBody.\nDisclaimer: D.\nModerator\nA stray paragraph.",
            "unexpected text after the disclaimer: 'A stray paragraph.'",
        ),
    ],
)
def test_parse_seed_raises_when_page_is_malformed(text: str, problem: str) -> None:
    with pytest.raises(SeedError, match=f"^{re.escape(problem)}"):
        parse_seed(text)


# --- load_manifest ----------------------------------------------------------------------


def test_load_manifest_reads_the_seed_entries() -> None:
    entries = load_manifest(SEEDS_DIR / "manifest.toml")

    assert [entry.file for entry in entries] == [SEED_000, SEED_004]
    assert all(entry.publish_at.tzinfo is not None for entry in entries)
    assert entries[0].fixes == (
        SeedFix(find="andstate-affiliated", replace="and state-affiliated"),
        SeedFix(find="andprojected", replace="and projected"),
    )


@pytest.mark.parametrize(
    ("manifest", "problem"),
    [
        ('[[seed]]\nfile = "a.txt"\n', "seed 1 (a.txt): missing "),
        ("not toml at all", "not valid TOML"),
        ('title = "x"', "expected only [[seed]] tables"),
    ],
)
def test_load_manifest_raises_when_manifest_is_malformed(
    tmp_path: Path, manifest: str, problem: str
) -> None:
    path = tmp_path / "manifest.toml"
    path.write_text(manifest, encoding="utf-8")

    with pytest.raises(SeedError, match=f"^{re.escape(problem)}"):
        load_manifest(path)


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        ('standfrist = "typo"\n', "seed 1 (a.txt): unknown key standfrist"),
        ("", "seed 1 (a.txt): publish_at must be a datetime with a UTC offset"),
    ],
)
def test_load_manifest_raises_when_entry_is_malformed(
    tmp_path: Path, extra: str, problem: str
) -> None:
    seeds_dir = _write_seed_dir(tmp_path / "seeds", {"a.txt": b""}, extra=extra)
    path = seeds_dir / "manifest.toml"
    if not extra:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("+08:00", ""), encoding="utf-8")

    with pytest.raises(SeedError, match=f"^{re.escape(problem)}"):
        load_manifest(path)


def test_load_manifest_raises_when_two_seeds_share_a_slug(tmp_path: Path) -> None:
    seeds_dir = _write_seed_dir(tmp_path / "seeds", {"a.txt": b"", "b.txt": b""})
    path = seeds_dir / "manifest.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("seed-1", "seed-0"), encoding="utf-8")

    with pytest.raises(SeedError, match=r"^more than one seed has the slug 'seed-0'$"):
        load_manifest(path)
