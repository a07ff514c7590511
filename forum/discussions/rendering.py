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
    allowed_classes={"a": {"mention"}},
)


@dataclass(frozen=True)
class RenderedPost:
    html: str
    mentioned_handles: frozenset[str]
    """Lower-cased handles of the existing users the body mentions."""


def mentioned_handles(body: str) -> set[str]:
    """Every @handle written in a body, lower-cased, whether or not such a user exists."""
    return {match.lower() for match in MENTION.findall(body)}


def _link_mentions(children: list[Token], profile_url: Callable[[str], str | None]) -> list[Token]:
    """Turn @handle in plain text (not in code or inside a link) into a link to the profile."""
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
        for match in MENTION.finditer(token.content):
            url = profile_url(match.group(1))
            if url is None:
                continue
            result.append(Token("text", "", 0, content=token.content[position : match.start()]))
            result.append(Token("link_open", "a", 1, attrs={"href": url, "class": "mention"}))
            result.append(Token("text", "", 0, content=match.group(0)))
            result.append(Token("link_close", "a", -1))
            position = match.end()
        result.append(Token("text", "", 0, content=token.content[position:]))
    return result


def render_post_body(body: str, *, profile_urls: dict[str, str]) -> RenderedPost:
    """Render a post. `profile_urls` maps the lower-cased handles of users who exist to their
    profile URLs; any other @word stays text.
    """
    tokens = _MD.parse(body)
    linked: set[str] = set()

    def profile_url(handle: str) -> str | None:
        url = profile_urls.get(handle.lower())
        if url is not None:
            linked.add(handle.lower())
        return url

    if profile_urls:  # else every @word stays text, and there is nothing to link
        for token in tokens:
            if token.type == "inline" and token.children:
                token.children = _link_mentions(token.children, profile_url)
    html = _MD.renderer.render(tokens, _MD.options, {})
    return RenderedPost(html=_CLEANER.clean(html), mentioned_handles=frozenset(linked))


_LINKED_MENTION = re.compile(r'<a href="/u/([A-Za-z0-9_]{3,30})/" class="mention"')


def linked_mentions(html: str) -> set[str]:
    """The handles a rendered post links as mentions (none inside code or links), lower-cased."""
    return {handle.lower() for handle in _LINKED_MENTION.findall(html)}
