"""Matching word lists the way people dodge them, without catching the words that merely
contain them.

A text is read as words: runs of letters and digits, with the symbols that stand in for
letters (@ $ ! |). Each character is folded: case and accents go, full-width and other
compatibility forms become plain ones (NFKD), and a letter of another script that looks like a
Latin letter becomes that letter, by its Unicode TR39 skeleton as ICU's SpoofChecker computes it
(accounts/confusables.py), not by a table of ours. Plain ASCII letters are never remapped, so
"rn" stays "rn" rather than reading as the "m" TR39 takes it for. Invisible characters (Unicode
format characters, such as zero-width spaces and soft hyphens), combining marks and Markdown
emphasis (* _ ~ `) vanish without splitting a word: "**scam**coin" and "scam_coin" read as
"scamcoin".

Phrases are read the same way and compiled, once per list, into patterns over the folded text:
- a match begins and ends where words of the text do, so "Scunthorpe", "classic",
  "assessment" and "therapist" hold no "cunt", "ass" or "rapist";
- a letter of a phrase also matches its l33t stand-ins (4 and @ for a, 5 and $ for s ...),
  within words that have letters: "5c4mc01n" is caught, while "2025" or "$5" stay numbers;
- a run of one letter matches a run at least as long: "scaaam" is "scam", "as" is not "ass";
- a phrase's word may be split by punctuation without spaces ("scam-coin", "s.c.a.m"), by
  spaces between single letters ("s c a m"), and by a space between two pieces of at least
  _SPLIT_PIECE letters ("scam coin"); its own spaces match any gap, or none. Shorter pieces
  split by a space are ordinary words ("pen is", "the rapist") and never run together.
"""

from __future__ import annotations

import itertools
import re
import string
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from accounts.confusables import skeleton

# What separates two words, weakest first: punctuation without spaces (joinable), whitespace
# (joinable only between single letters, or by a long phrase), an apostrophe (never joined:
# "A/S's" is not "ass"). Control characters, so no folded letter is mistaken for one; text
# holding them reads them as whitespace (str.isspace).
_TIGHT, _SPACE, _HARD = "\x1f", "\x1e", "\x1d"
_GAPS = _HARD + _SPACE + _TIGHT
_APOSTROPHES = frozenset("'\u2018\u2019\u02bc")
_GLUE = frozenset("_*~`")
_SYMBOLS = "@$!|"
_LEET = {
    "a": "4@",
    "b": "8",
    "e": "3",
    "g": "9",
    "i": "1!|",
    "l": "1|",
    "o": "0",
    "s": "5$",
    "t": "7",
}
# In a word without letters, digits and symbols are kept apart from those of l33t, so a
# phrase "ass" never matches "455"; a phrase "2025" still matches the number.
_NUMERALS = str.maketrans({char: chr(0xE000 + ord(char)) for char in string.digits + _SYMBOLS})
_SPLIT_PIECE = 4
# Runs of one letter are read as at most _MAX_RUN of it, in texts and phrases alike; a run of
# mixed stand-ins ("1!i") matches at most _MAX_MIXED_RUN characters. Both bound the work a
# match may take at each word, so no text can make matching slow.
_MAX_RUN, _MAX_MIXED_RUN = 3, 8
# A symbol may stand for a letter or sit at a word's edge: "@scamcoin", "$scamcoin", "scam!".
_STARTS = rf"(?<![^{_GAPS}@$|])"
_ENDS = rf"(?![^{_GAPS}!|])"
_LETTER, _NUMBER = "letter", "number"


@dataclass(frozen=True)
class Match:
    """A phrase found in a text, and where: text[start:end] is what matched."""

    phrase: str
    start: int
    end: int


def matches_in(text: str, phrases: Iterable[str]) -> list[Match]:
    """Every occurrence of each phrase in `text`, in the order they occur in the text."""
    word_list = _compiled(tuple(phrases))
    if word_list is None:
        return []
    folded, starts, ends = _fold_text(text)
    if word_list.anywhere.search(folded) is None:
        return []
    found = [
        Match(phrase, starts[match.start()], ends[match.end() - 1])
        for phrase, pattern in word_list.patterns
        for match in pattern.finditer(folded)
    ]
    return sorted(found, key=lambda match: match.start)


def phrases_in(text: str, phrases: Iterable[str]) -> list[str]:
    """The phrases that occur in `text`, in the order given."""
    phrases = tuple(phrases)
    found = {match.phrase for match in matches_in(text, phrases)}
    return [phrase for phrase in phrases if phrase in found]


# Reading a text as folded words


@dataclass
class _Word:
    gap_before: str
    """The strongest separator between this word and the one before it; "" for the first."""
    chars: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    letters: bool = False

    @property
    def is_letter(self) -> bool:
        return self.letters and len(self.chars) == 1

    def add(self, folded: str, index: int) -> None:
        """Add what text[index] folds to; a letter already _MAX_RUN times in a row only
        lengthens the last one, so stretched letters cost nothing to match."""
        for char in folded:
            if self.chars[-_MAX_RUN:].count(char) == _MAX_RUN:
                self.ends[-1] = index + 1
                continue
            self.chars.append(char)
            self.starts.append(index)
            self.ends.append(index + 1)


def _words(text: str) -> list[_Word]:
    words: list[_Word] = []
    current: _Word | None = None
    gap = ""
    for index, char in enumerate(text):
        kind, folded = _read(char)
        if kind in (_LETTER, _NUMBER):
            if current is None:
                current = _Word(gap_before=gap)
                words.append(current)
                gap = ""
            current.letters = current.letters or kind == _LETTER
            current.add(folded, index)
        elif kind:
            current = None
            gap = min(gap, kind) if gap else kind
    return [word for word in words if word.chars]


@lru_cache(maxsize=4)
def _fold_text(text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """The text's words folded and joined by the separators between them, and for each
    character of that where it came from in `text` (start and end offsets).

    Cached for the few texts just read: a post is read once for every word list."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    previous: _Word | None = None
    for word in _words(text):
        if previous is not None:
            gap = word.gap_before
            if gap == _SPACE and previous.is_letter and word.is_letter:
                gap = _TIGHT  # "s c a m"
            chars.append(gap)
            starts.append(previous.ends[-1])
            ends.append(word.starts[0])
        chars.extend(word.chars if word.letters else _numerals(word.chars))
        starts.extend(word.starts)
        ends.extend(word.ends)
        previous = word
    return "".join(chars), tuple(starts), tuple(ends)


def _numerals(chars: list[str]) -> list[str]:
    return [char.translate(_NUMERALS) for char in chars]


@lru_cache(maxsize=8192)
def _read(char: str) -> tuple[str, str]:
    """What `char` is to a word (a letter, a number, a separator, or "" for what vanishes
    inside a word), and what it folds to."""
    if char in _APOSTROPHES:
        return _HARD, ""
    category = unicodedata.category(char)
    if char in _GLUE or category == "Cf" or category[0] == "M":
        return "", ""
    if char.isspace():
        return _SPACE, ""
    if category[0] in "LN" or char in _SYMBOLS:
        folded = _fold(char)
        return (_LETTER if any(part.isalpha() for part in folded) else _NUMBER), folded
    plain = unicodedata.normalize("NFKD", char)
    if len(plain) == 1 and plain != char:  # full-width punctuation, U+FF3F low line ...
        return _read(plain)
    return _TIGHT, ""


def _fold(char: str) -> str:
    return "".join(
        part.lower() if part.isascii() else _lookalike(part)
        for part in unicodedata.normalize("NFKD", char)
        if not unicodedata.combining(part)
    )


def _bare(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# The skeletons of the ASCII letters, each to its letter: TR39 reads "m" as "rn", and a capital
# I as "l", so a Cyrillic capital I (U+0406) reads as "i" and a Cyrillic small i as "i" too.
_LOWER = {_bare(skeleton(letter)): letter for letter in string.ascii_lowercase}
_UPPER = {_bare(skeleton(letter)): letter.lower() for letter in string.ascii_uppercase}


def _lookalike(char: str) -> str:
    """The ASCII letters a character of another script reads as, by its TR39 skeleton (its
    capitals compared with capitals first); the character casefolded where it reads as none."""
    shape = _bare(skeleton(char))
    for table in (_UPPER, _LOWER) if char.isupper() else (_LOWER, _UPPER):
        if shape in table:
            return table[shape]
    if shape.isascii() and shape.isalnum():
        return shape.lower()
    return char.casefold()


# Compiling phrases


@dataclass(frozen=True)
class _WordList:
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    """Each phrase with its pattern."""
    anywhere: re.Pattern[str]
    """Any of the phrases: one pass over a text, ten times quicker than a pass per phrase,
    settles the common case of a text with none of them."""


@lru_cache(maxsize=16)
def _compiled(phrases: tuple[str, ...]) -> _WordList | None:
    """The phrases compiled once per word list, not once per post; None when no phrase has
    anything to match (or there are none)."""
    read = ((phrase, _phrase_pattern(phrase)) for phrase in phrases)
    bodies = [(phrase, body) for phrase, body in read if body]
    if not bodies:
        return None
    return _WordList(
        patterns=tuple((phrase, re.compile(_STARTS + body + _ENDS)) for phrase, body in bodies),
        anywhere=re.compile(_STARTS + f"(?:{'|'.join(body for _, body in bodies)})" + _ENDS),
    )


def _phrase_pattern(phrase: str) -> str:
    """A phrase's pattern, without its word boundaries; "" for a phrase with no words."""
    runs = [run for number, word in enumerate(_words(phrase)) for run in _runs(word, number)]
    parts = []
    for run, following in itertools.zip_longest(runs, runs[1:]):
        unit = f"[{re.escape(run.stands_for)}]"
        parts.append(run.gap_before)
        if not run.stretches:
            parts.append(unit)
            continue
        # A run takes all it can and gives none back (possessive), so that matching cannot
        # backtrack through it; unless the next letter could take some of it ("and dump",
        # or "1" for the i and the l of "kill").
        gives_back = following is not None and set(run.stands_for) & set(following.stands_for)
        repeats = f"(?:{_TIGHT}?{unit}){{{run.count - 1},{_MAX_MIXED_RUN - 1}}}"
        parts.append(unit + repeats + ("" if gives_back else "+"))
    return "".join(parts)


@dataclass(frozen=True)
class _Run:
    """A run of one letter in a phrase, or one character of a number."""

    stands_for: str
    """The characters of a text that match it: the letter and its l33t stand-ins."""
    count: int
    stretches: bool
    """Whether a text may repeat it, as letters but not numbers may be."""
    gap_before: str
    """The pattern of what may come between it and the run before."""


def _runs(word: _Word, number: int) -> list[_Run]:
    """The runs of a phrase's word (its `number`th): a word may be split by punctuation
    anywhere, and by a space where both pieces have _SPLIT_PIECE letters or more."""
    first_gap = f"[{_GAPS}]?" if number else ""
    if not word.letters:
        chars = _numerals(word.chars)
        return [_Run(char, 1, False, first_gap if not i else "") for i, char in enumerate(chars)]
    runs: list[_Run] = []
    done = 0
    for char, run in itertools.groupby(word.chars):
        count = len(list(run))
        if not runs:
            gap = first_gap
        elif min(done, len(word.chars) - done) >= _SPLIT_PIECE:
            gap = f"[{_SPACE}{_TIGHT}]?"
        else:
            gap = f"{_TIGHT}?"
        runs.append(_Run(char + _LEET.get(char, ""), count, True, gap))
        done += count
    return runs
