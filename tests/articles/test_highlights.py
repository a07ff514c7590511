from __future__ import annotations

from articles.highlights import HighlightNode, highlight_outline_errors, highlight_tree


def test_highlight_tree_nests_items_under_the_nearest_shallower_item() -> None:
    tree = highlight_tree([(0, "a:"), (1, "a1"), (1, "a2"), (0, "b"), (0, "c:"), (1, "c1")])

    assert tree == [
        HighlightNode("a:", [HighlightNode("a1"), HighlightNode("a2")]),
        HighlightNode("b"),
        HighlightNode("c:", [HighlightNode("c1")]),
    ]


def test_highlight_tree_supports_a_second_level() -> None:
    tree = highlight_tree([(0, "a"), (1, "b"), (2, "c"), (1, "d")])

    assert tree == [
        HighlightNode("a", [HighlightNode("b", [HighlightNode("c")]), HighlightNode("d")])
    ]


def test_highlight_outline_errors_is_empty_for_a_valid_outline() -> None:
    assert highlight_outline_errors([0, 1, 1, 0, 1, 2], max_depth=2) == []


def test_highlight_outline_errors_reports_a_first_item_that_is_indented() -> None:
    assert highlight_outline_errors([1, 0], max_depth=2) == [
        "Highlight 1 is nested under nothing: "
        "indent it at most one level deeper than the bullet above it."
    ]


def test_highlight_outline_errors_reports_a_skipped_level() -> None:
    errors = highlight_outline_errors([0, 2], max_depth=2)

    assert len(errors) == 1
    assert errors[0].startswith("Highlight 2 is nested under nothing")


def test_highlight_outline_errors_reports_depth_past_the_limit() -> None:
    assert highlight_outline_errors([0, 1, 2, 3], max_depth=2) == [
        "Highlight 4 is nested 3 deep; the limit is 2."
    ]
