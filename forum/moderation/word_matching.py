"""Matching word lists the way people dodge them: accents, stretched letters, invisible
characters, capitals."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_REPEATS = re.compile(r"(\w)\1+")


def normalize(text: str) -> str:
    """Fold text so that "Ba\u0301\u200baaad" and "bad" compare equal, and any run of
    spaces, tabs or line breaks is one space."""
    decomposed = unicodedata.normalize("NFKD", text).translate(_INVISIBLE)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_REPEATS.sub(r"\1", bare.casefold()).split())


def phrases_in(text: str, phrases: Iterable[str]) -> list[str]:
    """The phrases that occur in `text` as whole words, after both are normalized."""
    folded = normalize(text)
    return [
        phrase
        for phrase in phrases
        if re.search(rf"(?<!\w){re.escape(normalize(phrase))}(?!\w)", folded)
    ]
