from __future__ import annotations

from html.parser import HTMLParser

import pytest

from articles.rendering import Section, heading_anchor, render_article_body


def test_render_article_body_anchors_headings_and_lists_them_as_sections() -> None:
    rendered = render_article_body("Intro.\n\n## Supply Chains\n\nText.\n\n### Magnets\n\nMore.")

    assert '<h2 id="supply-chains">Supply Chains</h2>' in rendered.html
    assert '<h3 id="magnets">Magnets</h3>' in rendered.html
    assert rendered.sections == [
        Section(anchor="supply-chains", title="Supply Chains", level=2),
        Section(anchor="magnets", title="Magnets", level=3),
    ]


def test_render_article_body_titles_sections_as_readers_see_them() -> None:
    rendered = render_article_body(r"## *Magnets* and \[rare\] `earths`")

    assert rendered.sections[0].title == "Magnets and [rare] earths"


@pytest.mark.parametrize(
    ("title", "anchor"),
    [
        ("What’s New—and Why It Matters", "whats-new-and-why-it-matters"),
        ("Relevant in the West/USA?", "relevant-in-the-west-usa"),
        ("1144 System", "1144-system"),
        ("???", "section"),
    ],
)
def test_heading_anchor_separates_words_at_dashes_and_slashes(title: str, anchor: str) -> None:
    assert heading_anchor(title) == anchor


def test_render_article_body_gives_repeated_headings_distinct_anchors() -> None:
    rendered = render_article_body("## Outlook\n\na\n\n## Outlook\n\nb")

    assert [s.anchor for s in rendered.sections] == ["outlook", "outlook-1"]


def test_render_article_body_places_table_of_contents_at_marker() -> None:
    rendered = render_article_body(
        "Intro.\n\n[TOC]\n\n## One\n\nx\n\n### Detail\n\ny\n\n## Two\n\nz"
    )

    intro, rest = rendered.html.split('<nav class="toc"', 1)
    assert "<p>Intro.</p>" in intro
    assert rest.index('href="#one"') < rest.index('href="#two"') < rest.index('<h2 id="one">')
    assert 'href="#detail"' not in rest.split("</nav>")[0]
    assert "[TOC]" not in rendered.html


def test_render_article_body_has_no_table_of_contents_without_marker() -> None:
    assert "toc" not in render_article_body("## One\n\nx").html


class _ElementCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def _elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    collector = _ElementCollector()
    collector.feed(html)
    return collector.elements


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        '<a href="#" onclick="alert(1)">x</a>',
        "## <span onmouseover=alert(1)>Heading</span>",
        '<iframe src="https://example.com"></iframe>',
    ],
)
def test_render_article_body_leaves_no_active_content(source: str) -> None:
    elements = _elements(render_article_body(source).html)

    assert {tag for tag, _ in elements} <= {"p", "h2", "a"}
    for _, attrs in elements:
        assert not [name for name in attrs if name.startswith("on")]
        href = (attrs.get("href") or "").lower()
        assert not href.startswith(("javascript:", "data:"))


def test_render_article_body_keeps_safe_links() -> None:
    html = render_article_body("See [the report](https://example.com/report).").html

    assert '<a href="https://example.com/report"' in html
