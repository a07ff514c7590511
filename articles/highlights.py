"""Highlights are stored flat, as (depth, text) in order; readers see them as a nested list."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass
class HighlightNode:
    text: str
    children: list[HighlightNode] = field(default_factory=list)


def highlight_outline_errors(depths: Sequence[int], max_depth: int) -> list[str]:
    """Why an outline cannot nest, one message per bad bullet; empty when it can."""
    errors = []
    previous = -1
    for number, depth in enumerate(depths, start=1):
        if depth > max_depth:
            errors.append(f"Highlight {number} is nested {depth} deep; the limit is {max_depth}.")
        elif depth > previous + 1:
            errors.append(
                f"Highlight {number} is nested under nothing: "
                f"indent it at most one level deeper than the bullet above it."
            )
        previous = depth
    return errors


def highlight_tree(items: Iterable[tuple[int, str]]) -> list[HighlightNode]:
    """Nest (depth, text) pairs, each under the nearest earlier item one level up.

    Precondition: the depths pass `highlight_outline_errors`.
    """
    roots: list[HighlightNode] = []
    open_levels: list[list[HighlightNode]] = [roots]
    for depth, text in items:
        node = HighlightNode(text=text)
        del open_levels[depth + 1 :]
        open_levels[depth].append(node)
        open_levels.append(node.children)
    return roots
