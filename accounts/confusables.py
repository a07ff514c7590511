"""Text that looks like other text: Unicode TR39 confusable skeletons, and bidi controls.

Two strings that look alike to a reader ("Reader A" with a Cyrillic e and A, U+0435 and
U+0410, and "Reader A" in Latin letters) have the same skeleton. The skeleton is ICU's (its
SpoofChecker implements Unicode Technical Standard #39 on Unicode's own confusables data), not
a table of ours. Imports nothing of the site's, so moderation's word matching can use it too.
"""

from __future__ import annotations

import icu

# Stateless once made; ICU's SpoofChecker is safe to share between threads for reading.
_spoof_checker = icu.SpoofChecker()
# getSkeleton's first argument chose among TR39's former four tables; ICU ignores it since 58.
_SKELETON_TYPE = 0


def skeleton(text: str) -> str:
    """TR39's skeleton(text): equal for strings that a reader could take one for the other."""
    result: str = _spoof_checker.getSkeleton(_SKELETON_TYPE, text)
    return result


def lookalike_key(text: str) -> str:
    """The skeleton, also blind to letter case: "reader a" and "Reader A" share one.

    Case is folded between two skeletons rather than before one: folding first would turn a
    capital I into i and lose that it looks like l ("paypaI"), and the second skeleton maps
    what folding produced (the m of "MAX" folded reads as "rn", as m does).
    """
    return skeleton(skeleton(text).casefold())


def bidi_controls(text: str) -> list[str]:
    """The characters of text that reorder what follows them (Unicode's Bidi_Control
    property: the embeddings, overrides and isolates U+202A-U+202E and U+2066-U+2069, and the
    marks U+200E, U+200F and U+061C)."""
    return [char for char in text if icu.Char.hasBinaryProperty(char, icu.UProperty.BIDI_CONTROL)]
