"""The made-up text bench_search.py searches, the same every run: plain Python, so that the
Spirit side (bench/spirit/search.py, in its own virtualenv) writes the very texts ours does.

Each comment some 40 words drawn from a vocabulary of 5,000 made-up words with Zipf's
frequencies, and two or three of 60 industry words ("dysprosium", "separation"...); one comment
in a hundred names the Bayan Obo mine. Articles come first (a title, a standfirst, a body),
then the comments, each under article `n % ARTICLES`.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

ARTICLES = 1_000
COMMENTS = 200_000
AUTHORS = 2_000
WORDS_PER_COMMENT = 40
VOCABULARY = 5_000
SEED = 16
DOMAIN = (  # words of the trade, in every text
    "dysprosium neodymium terbium praseodymium lanthanum cerium yttrium samarium europium "
    "gadolinium lynas iluka mp materials baotou myanmar china quota export licence tariff "
    "separation plant refinery smelter magnet motor turbine oxide concentrate feedstock "
    "pipeline offtake spot price stockpile mine processing capacity permit kalgoorlie texas "
    "malaysia kuantan heavy light recycling alloy ionic clay tailings solvent extraction "
    "cracking leaching monazite bastnasite xenotime"
)
QUERIES = {
    "one word": "dysprosium",
    "three words": "lynas separation plant",
    "phrase": '"bayan obo"',
}
SYLLABLES = "ka ro mi te sa lu no vi da pe zo ri ga mu le to bi ne fu ha"


@dataclass(frozen=True)
class ArticleText:
    title: str
    standfirst: str
    body: str


class Corpus:
    """Made-up text, the same every run (a seeded generator)."""

    def __init__(self) -> None:
        self.random = random.Random(SEED)  # noqa: S311 - made-up text, not secrets
        self.syllables = SYLLABLES.split()
        self.domain = DOMAIN.split()
        words: set[str] = set()
        while len(words) < VOCABULARY:
            syllables = self.random.choices(self.syllables, k=self.random.randint(2, 4))
            words.add("".join(syllables))
        self.words = sorted(words)
        # Zipf's law, summed once: choices() would sum plain weights again at every call.
        self.cum_weights = list(accumulate(1 / (rank + 1) for rank in range(VOCABULARY)))

    def text(self, count: int, *, bayan_obo: bool) -> str:
        words = self.random.choices(self.words, cum_weights=self.cum_weights, k=count)
        for term in self.random.sample(self.domain, self.random.randint(2, 3)):
            words.insert(self.random.randrange(len(words) + 1), term)
        if bayan_obo:
            words.insert(self.random.randrange(len(words) + 1), "Bayan Obo")
        return " ".join(words).capitalize() + "."

    def articles(self) -> list[ArticleText]:
        """The articles' texts: read them before the comments, which follow in the sequence."""
        return [
            ArticleText(
                title=self.text(6, bayan_obo=n % 50 == 0)[:200],
                standfirst=self.text(20, bayan_obo=False),
                body=self.text(400, bayan_obo=n % 20 == 0),
            )
            for n in range(ARTICLES)
        ]

    def comments(self) -> Iterator[str]:
        """The comments' bodies, in order: comment `n` is under article `n % ARTICLES`."""
        for n in range(COMMENTS):
            yield self.text(WORDS_PER_COMMENT, bayan_obo=n % 100 == 0)
