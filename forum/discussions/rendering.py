"""Post bodies: a Markdown subset in, sanitised HTML with linked @mentions out."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

MENTION = re.compile(r"(?<![\w@/])@([A-Za-z0-9_]{3,30})\b")

# linkify: bare URLs ("https://…", "www.…") become links, found by linkify-it-py, the port of
# the library markdown-it itself uses for this (it knows the top-level domains and where a URL
# ends before trailing punctuation). They pass the same sanitiser, so they get the same rel.
_MD = MarkdownIt("zero", {"breaks": True, "linkify": True}).enable(
    [
        "emphasis",
        "link",
        "image",
        "autolink",
        "linkify",
        "blockquote",
        "list",
        "code",
        "fence",
        "backticks",
        "escape",
        "newline",
    ]
)


def _image_as_link(
    renderer: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Images are not shown: `![alt](url)` becomes a link to the image with its alt text (the
    URL itself when there is none), rather than markdown-it-zero's stray "!" and link. Inside a
    link (`[![alt](img)](url)`) the alt text alone: links do not nest."""
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    text = escapeHtml(renderer.renderInlineAsText(token.children or [], options, env) or src)
    opened = sum(t.nesting for t in tokens[:idx] if t.type in ("link_open", "link_close"))
    return text if opened else f'<a href="{escapeHtml(src)}">{text}</a>'


_MD.add_render_rule("image", _image_as_link)
_ALLOWED_TAGS = {"p", "br", "em", "strong", "a", "blockquote", "ul", "ol", "li", "code", "pre"}
# "*": no attribute on every tag (nh3 would otherwise allow title and lang everywhere).
_ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}, "*": set()}
LINK_REL = "nofollow ugc noopener"
# Built once: nh3.clean() would build the same sanitiser again for every post.
_CLEANER = nh3.Cleaner(
    tags=_ALLOWED_TAGS,
    attributes=_ALLOWED_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    link_rel=LINK_REL,
    allowed_classes={"a": {"mention", "ticker"}},
)


@dataclass(frozen=True)
class RenderedPost:
    html: str
    mentioned_handles: frozenset[str]
    """Lower-cased handles of the existing users the body mentions."""


def mentioned_handles(body: str) -> set[str]:
    """Every @handle written in a body, lower-cased, whether or not such a user exists."""
    return {match.lower() for match in MENTION.findall(body)}


Span = tuple[int, int, str, str]
"""Where a link goes in a text (`text[start:end]`): start, end, URL and its class."""


def _linked(children: list[Token], find: Callable[[str], list[Span]]) -> list[Token]:
    """Turn the spans `find` finds in plain text (not in code or inside a link) into links."""
    result: list[Token] = []
    link_depth = 0
    for token in children:
        if token.type == "link_open":
            link_depth += 1
        elif token.type == "link_close":
            link_depth -= 1
        if token.type != "text" or link_depth:
            result.append(token)
            continue
        position = 0
        for start, end, url, css_class in find(token.content):
            if start < position:
                continue  # overlaps the previous link
            result.append(Token("text", "", 0, content=token.content[position:start]))
            result.append(Token("link_open", "a", 1, attrs={"href": url, "class": css_class}))
            result.append(Token("text", "", 0, content=token.content[start:end]))
            result.append(Token("link_close", "a", -1))
            position = end
        result.append(Token("text", "", 0, content=token.content[position:]))
    return result


# A symbol with an exchange's suffix, as tickers are written (LYC.AX, NEO.TO): linkify takes
# them for domains (.ax and .to are top-level domains) and would link to http://LYC.AX.
_SUFFIXED_TICKER = re.compile(r"[A-Z][A-Z0-9]{0,5}\.[A-Z]{1,2}")


def _tickers_unlinked(children: list[Token]) -> list[Token]:
    """Links that linkify made of a bare ticker (`LYC.AX`, no scheme, no www.) put back as text."""
    result: list[Token] = []
    at = 0
    while at < len(children):
        token = children[at]
        text = children[at + 1] if at + 2 < len(children) else None
        if (
            token.type == "link_open"
            and token.markup == "linkify"
            and text is not None
            and text.type == "text"
            and children[at + 2].type == "link_close"
            and _SUFFIXED_TICKER.fullmatch(text.content)
        ):
            result.append(Token("text", "", 0, content=text.content))
            at += 3
            continue
        result.append(token)
        at += 1
    return result


def render_post_body(
    body: str,
    *,
    profile_urls: dict[str, str],
    company_links: Callable[[str], list[Span]] | None = None,
) -> RenderedPost:
    """Render a post. `profile_urls` maps the lower-cased handles of users who exist to their
    profile URLs; any other @word stays text. `company_links` finds the tickers and company
    names in a text to link (class "ticker"), none when not given.
    """
    tokens = _MD.parse(body)
    linked: set[str] = set()

    def mentions(text: str) -> list[Span]:
        spans = []
        for match in MENTION.finditer(text):
            url = profile_urls.get(match.group(1).lower())
            if url is not None:
                linked.add(match.group(1).lower())
                spans.append((match.start(), match.end(), url, "mention"))
        return spans

    for token in tokens:
        if token.type == "inline" and token.children:
            token.children = _tickers_unlinked(token.children)
            if profile_urls:  # else every @word stays text, and there is nothing to link
                token.children = _linked(token.children, mentions)
            if company_links is not None:
                token.children = _linked(token.children, company_links)
    html = _MD.renderer.render(tokens, _MD.options, {})
    return RenderedPost(html=_CLEANER.clean(html), mentioned_handles=frozenset(linked))


_LINKED_MENTION = re.compile(r'<a href="/u/([A-Za-z0-9_]{3,30})/" class="mention"')


def linked_mentions(html: str) -> set[str]:
    """The handles a rendered post links as mentions (none inside code or links), lower-cased."""
    return {handle.lower() for handle in _LINKED_MENTION.findall(html)}
