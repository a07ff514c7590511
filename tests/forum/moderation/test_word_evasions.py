"""The word lists against the ways people dodge them, and against what people ordinarily write.

Every evasion must be caught as the word it hides; the ordinary comments (ordinary_comments.txt)
and every sentence of the seed articles must pass the default lists (word_lists.py) untouched.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from articles.seed_import import load_manifest
from articles.seeding import apply_fixes, parse_seed, repair_mangled_punctuation
from forum.moderation.word_matching import phrases_in
from tests.forum.moderation.word_lists import BANNED, RULES, SUSPECT

HERE = Path(__file__).parent
SEEDS_DIR = Path(settings.BASE_DIR) / "seeds"

EVASIONS = [
    # The ones a moderator tried (issue 15).
    ("Buy 5c4mc01n now", "scamcoin"),
    ("Buy s c a m c o i n now", "scamcoin"),
    ("Buy s.c.a.m.c.o.i.n now", "scamcoin"),
    ("Buy scam-coin now", "scamcoin"),
    ("Buy scam_coin now", "scamcoin"),
    ("Buy \u0455\u0441\u0430m\u0441\u043e\u0456n now", "scamcoin"),  # Cyrillic s, c, a, c, o, i
    ("Buy **scam**coin now", "scamcoin"),
    ("Buy scam coin now", "scamcoin"),
    # Other spellings of the same word.
    ("Buy SCAMCO\u0406N now", "scamcoin"),  # Cyrillic capital I
    ("Buy \u0405\u0421\u0410\u041c\u0421\u041e\u0406N now", "scamcoin"),  # Cyrillic capitals
    ("Buy ScAmCoIn now", "scamcoin"),
    ("Buy scaaaaamcoooin now", "scamcoin"),
    ("Buy s\u200bc\u200ca\u200dm\u2060coin now", "scamcoin"),
    ("Buy sc\u00e1mc\u00f6\u00efn now", "scamcoin"),
    ("Buy \uff53\uff43\uff41\uff4d\uff43\uff4f\uff49\uff4e now", "scamcoin"),  # full width
    ("Buy \U0001d42c\U0001d41c\U0001d41a\U0001d426coin now", "scamcoin"),  # mathematical bold
    ("Buy s-c-a-m-c-o-i-n now", "scamcoin"),
    ("Buy s_c_a_m_c_o_i_n now", "scamcoin"),
    ("Buy ~~scam~~coin now", "scamcoin"),
    ("Buy `scam`coin now", "scamcoin"),
    ("Buy scam\U0001f680coin now", "scamcoin"),
    ("Buy scam.coin now", "scamcoin"),
    ("Buy $camcoin now", "scamcoin"),
    ("Buy sc@mc0!n now", "scamcoin"),
    ("Mail info@scamcoin.example", "scamcoin"),
    ("Buy s c a m coin now", "scamcoin"),
    ("Buy **scam** **coin** now", "scamcoin"),
    ("Buy scam\ncoin now", "scamcoin"),
    # Banned words.
    ("Total sh1t", "shit"),
    ("Total $hit", "shit"),
    ("Total sh!t", "shit"),
    ("Total s.h.i.t", "shit"),
    ("Total shiiiiit", "shit"),
    ("Total 5h17", "shit"),
    ("f u c k this", "fuck"),
    ("f\u00f9\u00f9ck this", "fuck"),
    ("f_u_c_k this", "fuck"),
    ("FUCK this", "fuck"),
    ("what a c u n t", "cunt"),
    ("what a \u0441unt", "cunt"),  # Cyrillic c
    ("what a bull shit plan", "bullshit"),
    ("what an a$$hole", "asshole"),
    ("what a d1ckhead", "dickhead"),
    ("go k.y.s", "kys"),
    ("kill   yourself", "kill yourself"),
    ("k1ll y0urself", "kill yourself"),
    # Suspect words.
    ("nice a$$", "ass"),
    ("nice @ss", "ass"),
    ("nice a s s", "ass"),
    ("nice a.s.s", "ass"),
    ("nice ASS", "ass"),
    ("nice aaassss", "ass"),
    ("nice \u0410ss", "ass"),  # Cyrillic capital A
    ("nice a_s_s", "ass"),
    ("nice **ass**", "ass"),
    ("nice a55", "ass"),
    ("a classic pump-and-dump", "pump and dump"),
    ("a classic pumpanddump", "pump and dump"),
    ("a classic PUMP and\nDUMP", "pump and dump"),
    ("GUARANTEED   RETURNS", "guaranteed returns"),
    ("guar4nteed r3turns", "guaranteed returns"),
    ("DM me for details", "dm me"),
    ("d.m. me for details", "dm me"),
    ("ping me on Whats-App", "whatsapp"),
    ("ping me on w h a t s a p p", "whatsapp"),
    ("you 1d10t", "idiot"),
    ("join the pre-sale", "presale"),
]


def _ordinary_comments() -> list[str]:
    lines = (HERE / "ordinary_comments.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def _seed_sentences() -> list[str]:
    """Every sentence of both seed articles: title, standfirst, highlights, body, disclaimer."""
    sentences = []
    for entry in load_manifest(SEEDS_DIR / "manifest.toml"):
        raw = (SEEDS_DIR / entry.file).read_text(encoding="utf-8-sig")
        seed = parse_seed(apply_fixes(repair_mangled_punctuation(raw), entry.fixes))
        texts = [entry.title, entry.standfirst, seed.body, seed.disclaimer]
        texts += [text for _, text in seed.highlights]
        for text in texts:
            sentences += [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]
    return sentences


ORDINARY = _ordinary_comments()
SEED_SENTENCES = _seed_sentences()


def test_evasions_cover_banned_and_suspect_words_forty_times() -> None:
    phrases = [phrase for _, phrase in EVASIONS]

    assert len(EVASIONS) >= 40
    assert set(phrases) & set(BANNED)
    assert set(phrases) & set(SUSPECT)


@pytest.mark.parametrize(("text", "phrase"), EVASIONS)
def test_phrases_in_catches_an_evasion(text: str, phrase: str) -> None:
    assert phrase in phrases_in(text, RULES)


def test_ordinary_comments_hold_the_words_that_hide_banned_ones() -> None:
    words = {word.casefold() for comment in ORDINARY for word in re.findall(r"\w+", comment)}

    assert len(ORDINARY) >= 150
    assert {"as", "assessment", "classic", "scunthorpe", "therapist"} <= words


@pytest.mark.parametrize("comment", ORDINARY)
def test_phrases_in_finds_nothing_in_an_ordinary_comment(comment: str) -> None:
    assert phrases_in(comment, RULES) == []


def test_seed_sentences_are_read_from_both_seed_articles() -> None:
    assert len(SEED_SENTENCES) > 50
    assert any("Baotou" in sentence for sentence in SEED_SENTENCES)


@pytest.mark.parametrize("sentence", SEED_SENTENCES)
def test_phrases_in_finds_nothing_in_a_seed_sentence(sentence: str) -> None:
    assert phrases_in(sentence, RULES) == []
