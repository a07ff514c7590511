"""import_seeds on the two seeds in seeds/: the articles they become, word for word, with
their manifest fields, highlights, disclaimers, sections and contents; and a second run,
which changes nothing."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from articles.highlights import HighlightNode
from articles.models import Article, Tag
from articles.seeding import PAGE_CHROME
from articles.selectors import article_highlights
from articles.services import article_save
from forum.discussions.models import Topic
from tests.articles.seed_helpers import (
    SEED_000,
    SEED_004,
    SEEDS_DIR,
    _import,
    _page_text,
    _row_counts,
)

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


def _source_body_lines(name: str) -> list[str]:
    """The body lines of a seed file as written: after the highlights, up to the disclaimer."""
    lines = (SEEDS_DIR / name).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if i > 0 and not line.startswith("- "))
    end = next(i for i, line in enumerate(lines) if line.startswith("Disclaimer: "))
    return [line.removeprefix("- ") for line in lines[start:end] if line != "Table of Contents"]


@pytest.fixture
def imported(db: None) -> dict[str, Article]:
    _import()
    return {article.slug: article for article in Article.objects.all()}


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
