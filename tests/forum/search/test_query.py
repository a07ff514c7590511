"""Reading web-search syntax, once for both engines."""

from __future__ import annotations

from forum.search.query import Group, ParsedQuery, Term, fts5_expression, query_parse


def test_query_parse_reads_words_phrases_exclusions_or_and_prefixes() -> None:
    parsed = query_parse('lynas "bayan obo" -mine or smelt* @ann_r')
    assert parsed == ParsedQuery(
        groups=(
            Group(include=[Term(("lynas",)), Term(("bayan", "obo"))], exclude=[Term(("mine",))]),
            Group(include=[Term(("smelt",), prefix=True)]),
        ),
        author="ann_r",
    )


def test_query_parse_is_empty_when_only_exclusions_or_punctuation() -> None:
    assert query_parse("-mine").is_empty
    assert query_parse("<> && || ()").is_empty
    assert query_parse("or or").is_empty
    assert not query_parse("mine").is_empty


def test_fts5_expression_quotes_every_word_so_none_is_an_operator() -> None:
    parsed = query_parse('NEAR(a b) title:x "un"closed AND* <script>alert(1)</script>')
    assert fts5_expression(parsed) == (
        '(("NEAR" + "a" AND "b" AND "title" + "x" AND "un" AND "closed" AND "AND" * '
        'AND "script" + "alert" + "1" + "script"))'
    )


def test_fts5_expression_puts_exclusions_after_what_is_included() -> None:
    assert fts5_expression(query_parse("-mine lynas or iluka")) == (
        '(("lynas") NOT "mine") OR (("iluka"))'
    )
