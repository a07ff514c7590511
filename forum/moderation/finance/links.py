"""Links in a post, Markdown or bare, with or without a scheme ("t.me/group" counts), matched
against the admin's promotion patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from forum.moderation.finance.config import Promotion

_LINK = re.compile(
    r"(?<![\w@.-])(?:https?://)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}"
    r"(?::\d{1,5})?(?:[/?#][^\s<>()\[\]{}\"'`]*)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PromotionLink:
    link: str
    note: str
    start: int
    end: int


def _note(link: str, promotion: Promotion) -> str | None:
    """Why `link` is promotion (its pattern's note), or None."""
    parts = urlsplit(link if "://" in link else f"http://{link}")
    host = (parts.hostname or "").removeprefix("www.")
    labels = host.split(".")
    for n in range(len(labels) - 1):
        if (note := promotion.domains.get(".".join(labels[n:]))) is not None:
            return note
    where = f"{host}{parts.path}".lower()
    for prefix, note in promotion.prefixes:
        if where.startswith(prefix):
            return note
    for name, _value in parse_qsl(parts.query, keep_blank_values=True):
        if (note := promotion.parameters.get(name.lower())) is not None:
            return note
    whole = f"{host}{parts.path}" + (f"?{parts.query}" if parts.query else "")
    for regex, note in promotion.regexes:
        if regex.search(whole):
            return note
    return None


def promotion_links(body: str, promotion: Promotion) -> list[PromotionLink]:
    found = []
    for match in _LINK.finditer(body):
        link = match.group().rstrip(".,;:!?*_~")
        if (note := _note(link, promotion)) is not None:
            found.append(PromotionLink(link, note, match.start(), match.start() + len(link)))
    return found
