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


def disqus_export(
    path: Path,
    posts: list[dict[str, str]],
    *,
    link: str = "https://old.example.com/articles/lithium-prices/",
) -> Path:
    """A small Disqus export of one thread linking to `link`. Each post is `id`, and optionally
    `parent`, `message`, `name`, `email`, `createdAt`, `isDeleted`, `isSpam`."""
    rows = []
    for number, post in enumerate(posts):
        parent = f'<parent dsq:id="{post["parent"]}"/>' if post.get("parent") else ""
        email = f"<email>{post['email']}</email>" if post.get("email") else ""
        rows.append(
            f'<post dsq:id="{post["id"]}"><message><![CDATA[{post.get("message", "<p>Hi</p>")}]]>'
            f"</message><createdAt>{post.get('createdAt', f'2020-01-01T10:{number:02d}:00Z')}"
            f"</createdAt><isDeleted>{post.get('isDeleted', 'false')}</isDeleted>"
            f"<isSpam>{post.get('isSpam', 'false')}</isSpam><author><name>"
            f"{post.get('name', 'Ada Lovelace')}</name>{email}<isAnonymous>false</isAnonymous>"
            f'</author><thread dsq:id="1"/>{parent}</post>'
        )
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><disqus xmlns="http://disqus.com" '
        'xmlns:dsq="http://disqus.com/disqus-internals"><thread dsq:id="1"><id>t1</id>'
        f"<link>{link}</link><title>A thread</title></thread>{''.join(rows)}</disqus>"
    )
    return path
