"""The sample exports (samples/, each describing itself at its top) and the articles their
threads belong to."""

from __future__ import annotations

from pathlib import Path

import pytest

from articles.models import Article
from tests.factories import ArticleFactory

SAMPLES = Path(__file__).parent / "samples"
DISQUS_SAMPLE = SAMPLES / "disqus.xml"
WORDPRESS_SAMPLE = SAMPLES / "wordpress.xml"


@pytest.fixture
def articles(db: None) -> dict[str, Article]:
    """The articles the samples' threads link to or are mapped to, by slug."""
    slugs = ("lithium-prices", "magnet-supply", "neodymium-outlook")
    slugs += ("rare-earth-magnets", "yttrium-demand")
    return {slug: ArticleFactory(slug=slug, title=slug.replace("-", " ").title()) for slug in slugs}
