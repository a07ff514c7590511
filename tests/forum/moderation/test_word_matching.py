"""Matching word lists the way people dodge them: accents, stretched letters, invisible
characters, capitals, and words hidden inside others that must not match."""

from __future__ import annotations

import pytest

from forum.moderation.word_matching import normalize, phrases_in

# normalize


def test_normalize_strips_diacritics() -> None:
    assert normalize("Crème brûlée à la café") == normalize("Creme brulee a la cafe")


def test_normalize_strips_combining_marks_typed_separately() -> None:
    assert normalize("sca\u0301m") == "scam"


def test_normalize_collapses_repeated_letters() -> None:
    assert normalize("scaaaaam") == normalize("sccaamm") == "scam"


@pytest.mark.parametrize(
    "invisible",
    [
        pytest.param("\u200b", id="zero-width-space"),
        pytest.param("\u200c", id="zero-width-non-joiner"),
        pytest.param("\u200d", id="zero-width-joiner"),
        pytest.param("\u2060", id="word-joiner"),
        pytest.param("\ufeff", id="byte-order-mark"),
        pytest.param("\u00ad", id="soft-hyphen"),
    ],
)
def test_normalize_removes_invisible_characters(invisible: str) -> None:
    assert normalize(f"s{invisible}c{invisible}am") == "scam"


def test_normalize_folds_case() -> None:
    assert normalize("SCAM") == normalize("Scam") == "scam"


def test_normalize_folds_full_width_letters() -> None:
    assert normalize("ｓｃａｍ") == "scam"


# phrases_in


def test_phrases_in_finds_a_word_dodged_every_way_at_once() -> None:
    assert phrases_in("Total S\u200bCÁÁÁM, avoid.", ["scam"]) == ["scam"]


def test_phrases_in_matches_a_phrase_written_with_accents() -> None:
    assert phrases_in("a free cafe", ["café"]) == ["café"]


def test_phrases_in_matches_a_phrase_with_double_letters_as_written() -> None:
    assert phrases_in("a free offer today", ["free offer"]) == ["free offer"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("scammer", id="suffix"),
        pytest.param("antiscam", id="prefix"),
        pytest.param("scam_coin", id="underscore-joined"),
        pytest.param("scam2", id="digit-joined"),
    ],
)
def test_phrases_in_does_not_match_inside_a_longer_word(text: str) -> None:
    assert phrases_in(text, ["scam"]) == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("scam", id="alone"),
        pytest.param("It's a scam.", id="before-a-full-stop"),
        pytest.param("(scam)", id="in-brackets"),
        pytest.param("scam-coin", id="hyphenated"),
        pytest.param("line one\nscam", id="after-a-line-break"),
    ],
)
def test_phrases_in_matches_a_whole_word_between_punctuation(text: str) -> None:
    assert phrases_in(text, ["scam"]) == ["scam"]


def test_phrases_in_matches_a_phrase_with_spaces() -> None:
    assert phrases_in("Buy cheap pills now", ["cheap pills"]) == ["cheap pills"]


def test_phrases_in_does_not_match_a_phrase_only_partly_present() -> None:
    assert phrases_in("cheap tickets, pills", ["cheap pills"]) == []


def test_phrases_in_does_not_match_a_phrase_ending_inside_a_longer_word() -> None:
    assert phrases_in("cheap pillspam", ["cheap pills"]) == []


def test_phrases_in_matches_a_phrase_across_a_non_breaking_space() -> None:
    assert phrases_in("cheap\u00a0pills", ["cheap pills"]) == ["cheap pills"]


@pytest.mark.parametrize(
    "gap",
    [
        pytest.param("  ", id="two-spaces"),
        pytest.param("\n", id="line-break"),
        pytest.param("\t", id="tab"),
    ],
)
def test_phrases_in_matches_a_phrase_whose_words_are_spaced_out(gap: str) -> None:
    assert phrases_in(f"cheap{gap}pills", ["cheap pills"]) == ["cheap pills"]


def test_phrases_in_returns_each_phrase_found_in_the_given_order() -> None:
    found = phrases_in("scam and spam", ["spam", "ham", "scam"])

    assert found == ["spam", "scam"]
