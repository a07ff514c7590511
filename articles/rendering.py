"""Article bodies: Markdown in, sanitised HTML with anchored headings and a contents list out."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from html import escape

import nh3
from django.utils.text import slugify
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin

TOC_MARKER = "[TOC]"
SECTION_LEVELS = (2, 3)

_ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "a", "em", "strong", "blockquote",
    "code", "pre", "hr", "br", "nav",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "h2": {"id"},
    "h3": {"id"},
    "a": {"href", "title"},
    "nav": {"class", "aria-label"},
    "ol": {"start"},
    "*": set(),  # no attribute on every tag (nh3 would otherwise allow title and lang)
}


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    level: int


@dataclass(frozen=True)
class RenderedBody:
    html: str
    sections: list[Section]

    def sections_as_json(self) -> list[dict[str, object]]:
        return [asdict(section) for section in self.sections]


def heading_anchor(title: str) -> str:
    """A stable, readable anchor: dashes and slashes separate words rather than join them."""
    return slugify(re.sub(r"[\u2012-\u2015/]", " ", title)) or "section"


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    anchors_plugin(
        md,
        min_level=min(SECTION_LEVELS),
        max_level=max(SECTION_LEVELS),
        slug_func=heading_anchor,
    )
    return md


_MD = _parser()


def _sections(tokens: list[Token]) -> list[Section]:
    sections = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and (anchor := token.attrGet("id")):
            inline = tokens[index + 1]
            # The heading as readers see it: text without Markdown markup or escapes.
            title = "".join(
                child.content
                for child in inline.children or []
                if child.type in ("text", "code_inline")
            )
            sections.append(Section(anchor=str(anchor), title=title, level=int(token.tag[1])))
    return sections


def _toc_html(sections: list[Section]) -> str:
    items = "".join(
        f'<li><a href="#{escape(s.anchor)}">{escape(s.title)}</a></li>'
        for s in sections
        if s.level == min(SECTION_LEVELS)
    )
    return (
        '<nav class="toc" aria-label="Table of Contents">'
        f"<p>Table of Contents</p><ul>{items}</ul></nav>\n"
    )


def _replace_toc_markers(tokens: list[Token], sections: list[Section]) -> list[Token]:
    """Swap each paragraph that holds only [TOC] for the rendered table of contents."""
    result: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        is_marker = (
            token.type == "paragraph_open"
            and index + 2 < len(tokens)
            and tokens[index + 1].content.strip() == TOC_MARKER
        )
        if is_marker:
            result.append(Token("html_block", "", 0, content=_toc_html(sections)))
            index += 3
            continue
        result.append(token)
        index += 1
    return result


def render_article_body(source: str) -> RenderedBody:
    tokens = _MD.parse(source)
    sections = _sections(tokens)
    html = _MD.renderer.render(_replace_toc_markers(tokens, sections), _MD.options, {})
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return RenderedBody(html=clean, sections=sections)
