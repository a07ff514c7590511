"""An imported comment's HTML as the site's comment Markdown: emphasis, links, quotes, lists
and code, the rest as plain text.

The HTML is only read (Python's own tokenizer, html.parser, which runs nothing and fetches
nothing) and written out again as Markdown, with every character Markdown would take as
markup escaped. What cannot be said in the subset becomes its text; scripts, styles, frames
and embedded objects go with their content. The Markdown is then rendered and sanitised as any
comment is (rendering.py): this is a translation, not the safety net.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

_VOID = frozenset({"br", "img", "hr", "wbr", "input", "meta", "link", "area", "base", "col"})
_VOID |= frozenset({"embed", "source", "track", "param"})
_DROPPED = frozenset({"script", "style", "template", "iframe", "object", "embed", "noscript"})
_DROPPED |= frozenset({"svg", "math", "head", "title", "textarea", "select", "audio", "video"})
_BLOCK = frozenset({"p", "div", "blockquote", "ul", "ol", "li", "pre", "hr", "table", "tr"})
_BLOCK |= frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "figure"})
_BLOCK |= frozenset({"figcaption", "header", "footer", "address", "dl", "dt", "dd", "center"})
_EMPHASIS = {"em": "*", "i": "*", "cite": "*", "strong": "**", "b": "**"}
_LINK_SCHEMES = frozenset({"http", "https", "mailto"})

_MARKUP = re.compile(r"([\\`*_\[\]<>&])")
_LIST_LIKE = re.compile(r"^([-+~])|^(\d+)([.)])", re.MULTILINE)
_SPACES = re.compile(r"[ \t\r\f\v]+")
_WHITESPACE = re.compile(r"\s+")
_BACKTICKS = re.compile(r"`+")
_QUOTED_LINE = re.compile(r"^", re.MULTILINE)


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[_Node | str] = field(default_factory=list)


class _TreeReader(HTMLParser):
    """The HTML as a forgiving tree: an end tag closes the innermost element of its name (and
    any left open inside it), and one that closes nothing open is ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root")
        self._open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {name: value or "" for name, value in attrs})
        self._open[-1].children.append(node)
        if tag not in _VOID:
            self._open.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open[-1].children.append(_Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self._open[-1].children.append(data)


def html_to_markdown(html: str) -> str:
    """The comment's Markdown; "" when the HTML holds no text."""
    reader = _TreeReader()
    reader.feed(html)
    reader.close()
    return "\n\n".join(_blocks(reader.root.children))


def _text(node: _Node | str) -> str:
    """Everything written inside, as it is, for code."""
    if isinstance(node, str):
        return node
    if node.tag in _DROPPED:
        return ""
    if node.tag == "br":
        return "\n"
    return "".join(_text(child) for child in node.children)


def _holds_block(node: _Node) -> bool:
    return any(
        isinstance(child, _Node) and (child.tag in _BLOCK or _holds_block(child))
        for child in node.children
    )


def _blocks(nodes: list[_Node | str]) -> list[str]:
    """Block-level Markdown for a run of nodes: text and inline elements gather into
    paragraphs, block elements stand alone. An inline element wrapping blocks (a <span>
    around paragraphs) is looked through."""
    blocks: list[str] = []
    inline: list[str] = []

    def paragraph_end() -> None:
        if text := _tidy("".join(inline)):
            blocks.append(text)
        inline.clear()

    for node in nodes:
        if isinstance(node, _Node) and node.tag not in _DROPPED and node.tag in _BLOCK:
            paragraph_end()
            blocks += _block(node)
        elif isinstance(node, _Node) and node.tag not in _DROPPED and _holds_block(node):
            paragraph_end()
            blocks += _blocks(node.children)
        else:
            inline.append(_inline(node))
    paragraph_end()
    return blocks


def _block(node: _Node) -> list[str]:
    if node.tag == "blockquote":
        inner = "\n\n".join(_blocks(node.children))
        return [_QUOTED_LINE.sub("> ", inner).replace("> \n", ">\n")] if inner else []
    if node.tag in ("ul", "ol"):
        return _list(node)
    if node.tag == "li":  # outside any list
        return _list(_Node("ul", children=[node]))
    if node.tag == "pre":
        code = _text(node).strip("\n")
        if not code.strip():
            return []
        longest = max((len(run) for run in _BACKTICKS.findall(code)), default=0)
        fence = "`" * max(3, longest + 1)
        return [f"{fence}\n{code}\n{fence}"]
    if node.tag == "hr":
        return []
    return _blocks(node.children)


def _list(node: _Node) -> list[str]:
    ordered = node.tag == "ol"
    number = int(node.attrs["start"]) if node.attrs.get("start", "").isdigit() else 1
    items = []
    for item in node.children:
        if isinstance(item, str) and not item.strip():
            continue
        inside = item.children if isinstance(item, _Node) and item.tag == "li" else [item]
        body = "\n\n".join(_blocks(inside))
        if not body:
            continue
        marker = f"{number}. " if ordered else "- "
        number += 1
        indent = " " * len(marker)
        items.append(marker + body.replace("\n", "\n" + indent).replace(indent + "\n", "\n"))
    return ["\n".join(items)] if items else []


def _inline(node: _Node | str) -> str:
    if isinstance(node, str):
        return _MARKUP.sub(r"\\\1", _WHITESPACE.sub(" ", node))
    if node.tag in _DROPPED:
        return ""
    if node.tag == "br":
        return "\n"
    if node.tag == "img":
        return _MARKUP.sub(r"\\\1", node.attrs.get("alt", "").strip())
    if node.tag == "code":
        return _code_span(_text(node))
    inner = "".join(_inline(child) for child in node.children)
    if node.tag in _EMPHASIS:
        return _emphasised(inner, _EMPHASIS[node.tag])
    if node.tag == "a":
        return _link(inner, node.attrs.get("href", ""))
    return inner


def _emphasised(inner: str, delimiter: str) -> str:
    """`*text*`, with the spaces at either end outside: `* text *` would not be emphasis."""
    core = inner.strip()
    if not core:
        return inner
    before = inner[: len(inner) - len(inner.lstrip())]
    after = inner[len(inner.rstrip()) :]
    return f"{before}{delimiter}{core}{delimiter}{after}"


def _code_span(code: str) -> str:
    code = _WHITESPACE.sub(" ", code)
    if not code.strip():
        return ""
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(code)), default=0) + 1)
    padding = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{fence}{padding}{code}{padding}{fence}"


def _link(label: str, href: str) -> str:
    """A link, if it goes somewhere a comment may link to (http, https, mailto, absolute);
    else its text alone. Characters that would end the destination early are %-encoded."""
    href = href.strip()
    try:
        scheme = urlsplit(href).scheme.lower()
    except ValueError:
        return label
    if scheme not in _LINK_SCHEMES:
        return label
    for char, code in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        href = href.replace(char, code)
    text = label.strip() or _MARKUP.sub(r"\\\1", href)
    return f"[{text}]({href})"


def _tidy(text: str) -> str:
    """A paragraph: spaces collapsed, lines trimmed, and a line that would start a list or a
    fence escaped, as it was text."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(line for line in lines if line)
    return _LIST_LIKE.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)
