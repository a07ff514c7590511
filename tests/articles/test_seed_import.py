from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from html import unescape
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.highlights import HighlightNode
from articles.models import Article, Highlight, Tag
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
from articles.selectors import article_highlights
from articles.services import article_save
from forum.discussions.models import Topic

SEEDS_DIR = Path(settings.BASE_DIR) / "seeds"
SEED_000 = "000_c094931bdf106d79.txt"
SEED_004 = "004_8d2d15444e08bce7.txt"
SLUG_000 = "baotou-2026-innovation-plan-rare-earth-demand"
SLUG_004 = "baotou-1144-industrial-system"
# Spelled out here, not imported, so a wrong constant in the code cannot blind the tests.
MANGLED = "\u0e42"

DISCLAIMER_000 = (
    "This article is based on reporting from Chinese state-owned and state-affiliated "
    "government sources. Targets, funding levels, and projected outcomes should be "
    "independently verified through third-party data, corporate disclosures, or external "
    "analysis before being treated as confirmed or economically viable."
)
DISCLAIMER_004 = (
    "This item is based on reporting from Baotou Daily Digital Newspaper, a state-affiliated "
    "Chinese media outlet. Figures and project claims should be verified through independent "
    "sources, corporate disclosures, and third-party data."
)

# A seed small enough to break on purpose in the failure tests.
MINIMAL_SEED = """Highlights
- Output rose.
Baotou reported higher output this year.
Disclaimer: Figures are unverified.
0 Comments
"""


def _page_text(html: str) -> str:
    """What a reader sees: tags gone, entities decoded, whitespace collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _source_body_lines(name: str) -> list[str]:
    """The body lines of a seed file as written: after the highlights, up to the disclaimer."""
    lines = (SEEDS_DIR / name).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if i > 0 and not line.startswith("- "))
    end = next(i for i, line in enumerate(lines) if line.startswith("Disclaimer: "))
    return [line.removeprefix("- ") for line in lines[start:end] if line != "Table of Contents"]


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


@pytest.fixture
def imported(db: None) -> dict[str, Article]:
    _import()
    return {article.slug: article for article in Article.objects.all()}


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


# --- import_seeds: the two seeds --------------------------------------------------------


@pytest.mark.django_db
def test_import_seeds_imports_both_seeds_published_with_their_manifest_fields() -> None:
    assert _import() == [f"imported {SLUG_000}", f"imported {SLUG_004}"]

    first, second = Article.objects.get(slug=SLUG_000), Article.objects.get(slug=SLUG_004)
    china = timezone(timedelta(hours=8))
    assert first.status == second.status == Article.Status.PUBLISHED
    assert first.is_live
    assert second.is_live
    assert first.publish_at == datetime(2026, 2, 9, 9, tzinfo=china)
    assert second.publish_at == datetime(2026, 1, 26, 9, tzinfo=china)
    assert second.source_name == "Baotou Daily Digital Newspaper"
    assert second.source_kind == "state-affiliated media"
    assert first.source_kind == "Chinese state-owned and state-affiliated government sources"
    assert [tag.name for tag in second.tags.all()] == [
        "Baotou",
        "China",
        "Hydrogen",
        "Industrial Policy",
        "Rare Earths",
    ]
    assert Tag.objects.get(name="Rare Earths").slug == "rare-earths"
    assert Topic.objects.filter(article__in=[first, second]).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("name", [SEED_000, SEED_004])
def test_import_seeds_renders_every_unmangled_source_line_word_for_word(name: str) -> None:
    _import()
    article = Article.objects.get(slug=SLUG_000 if name == SEED_000 else SLUG_004)

    text = _page_text(article.body_html)
    lines = [line for line in _source_body_lines(name) if MANGLED not in line]
    assert lines
    for line in lines:
        assert line in text


def test_import_seeds_renders_the_004_lines_word_for_word(imported: dict[str, Article]) -> None:
    text = _page_text(imported[SLUG_004].body_html)

    assert (
        "A new government work report summary published by Baotou Daily Digital Newspaper "
        "(dated January 22, 2026) says Baotou—Inner Mongolia’s industrial hub and one of "
        "China’s most important rare earth centers—is accelerating a state-backed plan to "
        "build what it calls an “1144 modern industrial system” and to secure a strong start "
        "to China’s next national planning cycle."
    ) in text
    assert (
        "while pushing aggressive targets for digital transformation (90%+ penetration across "
        "major industrial firms) and “green manufacturing,”"
    ) in text
    assert "completion of China’s first “source–grid–load–storage” integrated project" in text
    assert '<h2 id="1144-system">1144 System</h2>' in imported[SLUG_004].body_html


def test_import_seeds_repairs_the_mangled_punctuation_of_000(
    imported: dict[str, Article],
) -> None:
    article = imported[SLUG_000]
    text = _page_text(article.body_html)

    assert (
        "China’s rare-earth capital, Baotou, has rolled out a comprehensive innovation blueprint "
        "that sheds light on how Beijing intends to manage industrial overcapacity while "
        "stimulating domestic demand—especially across rare earths and advanced materials."
    ) in text
    assert (
        "The plan positions science and technology innovation as the city’s “strategic engine” "
        "for high-quality growth and carries added weight as it launches the opening year of "
        "China’s 15th Five-Year Plan."
    ) in text
    assert (
        "Platform build-out: Plans include a National Rare Earth Functional Materials Metrology "
        "and Testing Center, multiple pilot-scale (“middle test”) platforms spanning magnets,"
    ) in text
    assert (
        "Competition is no longer just about mining—or even processing—but about who can "
        "create downstream demand at scale"
    ) in text
    assert (
        "real-world applications—smart cities, clean energy, intelligent manufacturing, drones, "
        "medical devices, and transportation—effectively turning Baotou into a living demand "
        "engine."
    ) in text
    assert [section["title"] for section in article.sections] == [
        "What’s New—and Why It Matters",
        "The Strategic Signal for the West",
    ]
    assert '<h2 id="whats-new-and-why-it-matters">What’s New—and Why It Matters</h2>' in (
        article.body_html
    )


def test_import_seeds_leaves_no_mangled_character_in_any_field(
    imported: dict[str, Article],
) -> None:
    for article in imported.values():
        fields = [
            article.title,
            article.standfirst,
            article.body,
            article.body_html,
            str(article.sections),
            article.disclaimer,
            article.source_name,
            article.source_kind,
            *(h.text for h in article.highlights.all()),
            *(tag.name for tag in article.tags.all()),
            article.discussion.title,
        ]
        assert not [field for field in fields if MANGLED in field]


def test_import_seeds_builds_the_000_highlight_tree(imported: dict[str, Article]) -> None:
    assert article_highlights(imported[SLUG_000]) == [
        HighlightNode(
            "Baotou unveils a comprehensive innovation blueprint positioning science and "
            "technology as a strategic engine for high-quality growth."
        ),
        HighlightNode(
            "Targets include 10%+ R&D spending growth and 150+ commercialization projects by 2026."
        ),
        HighlightNode(
            "The policy integrates rare-earth innovation with downstream demand creation "
            "across sectors such as:",
            [
                HighlightNode("Smart Cities"),
                HighlightNode("Clean Energy"),
                HighlightNode("Drones"),
                HighlightNode("AI Hardware"),
            ],
        ),
        HighlightNode("Aims to engineer internal consumption to absorb industrial capacity."),
        HighlightNode(
            "China's strategy signals a shift from export dependence to domestic deployment "
            "at scale."
        ),
        HighlightNode(
            "Challenges Western competitors to match this integrated approach from lab to "
            "urban application."
        ),
    ]


def test_import_seeds_builds_the_004_highlight_tree(imported: dict[str, Article]) -> None:
    assert article_highlights(imported[SLUG_004]) == [
        HighlightNode(
            "Baotou is accelerating China's '1144 industrial system' strategy:",
            [
                HighlightNode("One core rare earth industry"),
                HighlightNode("One green/digital transformation direction"),
                HighlightNode("Four pillar industries"),
                HighlightNode("Four emerging sectors"),
            ],
        ),
        HighlightNode(
            "Landmark results in rare earth development:",
            [
                HighlightNode(
                    "Phase I completion of the world's largest rare earth green smelting project"
                ),
                HighlightNode("China's first integrated power project for electrolytic aluminum"),
                HighlightNode("Fully connected long-distance hydrogen pipeline"),
                HighlightNode("All core sectors surpassing RMB 100 billion output"),
            ],
        ),
        HighlightNode(
            "Baotou's next five-year plan:",
            [
                HighlightNode(
                    "Target to become China's largest rare earth new materials base and a "
                    "global applications leader"
                ),
                HighlightNode("90%+ digital penetration across industrial firms"),
                HighlightNode("National zero-carbon industrial park"),
            ],
        ),
        HighlightNode(
            "Signaling China's intent to dominate midstream processing and downstream "
            "applications, areas where Western nations are struggling to rebuild."
        ),
    ]
    assert list(imported[SLUG_004].highlights.values_list("position", flat=True)) == list(range(15))


def test_import_seeds_keeps_each_disclaimer_exactly_with_runtogether_words_fixed(
    imported: dict[str, Article],
) -> None:
    assert imported[SLUG_000].disclaimer == DISCLAIMER_000
    assert imported[SLUG_004].disclaimer == DISCLAIMER_004


def test_import_seeds_drops_the_page_chrome(imported: dict[str, Article]) -> None:
    for article in imported.values():
        for chrome in PAGE_CHROME:
            assert chrome not in article.body
            assert chrome not in article.body_html
            assert chrome not in article.disclaimer
        assert "Disclaimer" not in article.body


def test_import_seeds_places_the_004_table_of_contents_at_its_marker(
    imported: dict[str, Article],
) -> None:
    html = imported[SLUG_004].body_html
    before, toc = html.split('<nav class="toc"', 1)
    toc = toc.split("</nav>", 1)[0]

    assert "A new government work report summary" in before
    assert re.findall(r'<a href="#([^"]+)"[^>]*>([^<]+)</a>', toc) == [
        ("1144-system", "1144 System"),
        ("china-industrial-policy-targets", "China Industrial Policy Targets"),
        ("forward-looking", "Forward Looking"),
        ("relevant-in-the-west-usa", "Relevant in the West/USA?"),
    ]
    assert "Table of Contents" not in _page_text(before)
    assert "toc" not in imported[SLUG_000].body_html


# --- import_seeds: idempotence ----------------------------------------------------------


def test_import_seeds_changes_nothing_when_run_again(imported: dict[str, Article]) -> None:
    counts = _row_counts()
    updated = dict(Article.objects.values_list("slug", "updated_at"))

    assert _import() == [f"already imported {SLUG_000}", f"already imported {SLUG_004}"]
    assert _row_counts() == counts
    assert dict(Article.objects.values_list("slug", "updated_at")) == updated


def test_import_seeds_leaves_an_edited_article_untouched(imported: dict[str, Article]) -> None:
    article = imported[SLUG_004]
    article.title = "Edited by an editor"
    article_save(article=article)
    article.highlights.filter(position=14).delete()

    _import()

    article.refresh_from_db()
    assert article.title == "Edited by an editor"
    assert article.highlights.count() == 14


# --- import_seeds: failures -------------------------------------------------------------


def _without_disclaimer() -> bytes:
    return MINIMAL_SEED.replace("Disclaimer: Figures are unverified.\n", "").encode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "fixes", "problem"),
    [
        (_without_disclaimer(), "", "no line starting 'Disclaimer: '"),
        (
            MINIMAL_SEED.replace("this year", "5%โthis year").encode(),
            "",
            "line 3: cannot tell which mark the mangled character 'โ' stands for in "
            "'ted higher output 5%โthis year.'",
        ),
        (
            MINIMAL_SEED.encode(),
            '{ find = "nowhere", replace = "x" }',
            "the fix 'nowhere' -> 'x' matches 0 times, not exactly once",
        ),
        (
            b"Highlights\n- Output \xff rose.\n",
            "",
            "not valid UTF-8: byte 0xff on line 2 (byte offset 20)",
        ),
        (
            MINIMAL_SEED.replace("Output rose.", "x" * 501 + ".").encode(),
            "",
            "highlight 1 is invalid: text: Ensure this value has at most 500 characters "
            "(it has 502).",
        ),
    ],
    ids=["no-disclaimer", "unplaceable-mark", "fix-not-matching", "invalid-utf8", "too-long"],
)
def test_import_seeds_fails_with_one_line_and_no_rows_when_seed_is_malformed(
    tmp_path: Path, content: bytes, fixes: str, problem: str
) -> None:
    seeds_dir = _write_seed_dir(tmp_path / "seeds", {"bad.txt": content}, fixes=fixes)

    with pytest.raises(CommandError) as raised:
        _import(seeds_dir)

    assert str(raised.value) == f"bad.txt: {problem}"
    assert _row_counts() == {"Article": 0, "Highlight": 0, "Tag": 0, "Topic": 0}


@pytest.mark.django_db
def test_import_seeds_imports_the_good_files_when_one_fails(tmp_path: Path) -> None:
    seeds_dir = _write_seed_dir(
        tmp_path / "seeds",
        {"good.txt": (SEEDS_DIR / SEED_004).read_bytes(), "bad.txt": _without_disclaimer()},
    )
    out = StringIO()

    with pytest.raises(CommandError, match=r"^bad\.txt: no line starting 'Disclaimer: '$"):
        call_command("import_seeds", seeds_dir=seeds_dir, stdout=out)

    assert out.getvalue() == "imported seed-0\n"
    assert list(Article.objects.values_list("slug", flat=True)) == ["seed-0"]
    assert Highlight.objects.count() == 15


@pytest.mark.django_db
def test_import_seeds_fails_when_a_seed_file_is_not_in_the_manifest(tmp_path: Path) -> None:
    seeds_dir = _write_seed_dir(tmp_path / "seeds", {"listed.txt": MINIMAL_SEED.encode()})
    (seeds_dir / "stray.txt").write_text(MINIMAL_SEED, encoding="utf-8")

    with pytest.raises(CommandError, match=r"^stray\.txt: not listed in manifest\.toml$"):
        _import(seeds_dir)

    assert Article.objects.filter(slug="seed-0").exists()


@pytest.mark.django_db
def test_import_seeds_fails_when_the_manifest_is_missing(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"^manifest\.toml: cannot read the manifest: "):
        _import(tmp_path)
