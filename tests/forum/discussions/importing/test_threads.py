"""Matching an export's threads to articles: by link, mapping file or rules."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from articles.models import Article
from forum.discussions.importing.sources import (
    ImportFileError,
    SourceAuthor,
    SourcePost,
    SourceState,
    SourceThread,
)
from forum.discussions.importing.threads import (
    ThreadMapping,
    article_slug_from_link,
    thread_mapping_read,
    thread_rule_compile,
    threads_match,
)


def _thread(link: str, external_id: str = "1", identifiers: tuple[str, ...] = ()) -> SourceThread:
    post = SourcePost(
        external_id="p",
        parent_id=None,
        author=SourceAuthor(name="A", email="", username=""),
        body_html="<p>x</p>",
        created_at=datetime(2020, 1, 1, tzinfo=UTC),
        state=SourceState.PUBLISHED,
    )
    return SourceThread(
        external_id=external_id, identifiers=identifiers, link=link, title="T", posts=(post,)
    )


@pytest.mark.parametrize(
    ("link", "slug"),
    [
        ("https://old.example.com/articles/lithium-prices/", "lithium-prices"),
        ("http://www.example.org/articles/lithium-prices/?utm_source=x#c12", "lithium-prices"),
        ("/articles/lithium-prices/", "lithium-prices"),
        ("https://old.example.com/articles/lithium-prices", None),  # not the article's path
        ("https://old.example.com/2019/05/lithium-prices/", None),
        ("https://old.example.com/", None),
        ("", None),
        ("http://[broken/articles/x/", None),
    ],
)
def test_article_slug_from_link_is_the_slug_when_the_path_is_an_articles(
    link: str, slug: str | None
) -> None:
    assert article_slug_from_link(link) == slug


def test_threads_match_reports_the_unmatched(articles: dict[str, Article]) -> None:
    known = _thread("https://old.example.com/articles/lithium-prices/")
    no_article = _thread("https://old.example.com/articles/no-such-article/", "2")
    elsewhere = _thread("https://old.example.com/2019/05/x/", "3")

    matched, unmatched = threads_match([known, no_article, elsewhere], ThreadMapping())

    assert matched == [(known, articles["lithium-prices"])]
    assert unmatched == [no_article, elsewhere]


def test_thread_mapping_file_first_then_rules_in_order(articles: dict[str, Article]) -> None:
    mapping = ThreadMapping(
        entries={"t-7": "magnet-supply"},
        rules=(
            thread_rule_compile(r"^https?://old\.example\.com/\d{4}/\d{2}/(?P<slug>[^/]+)/$"),
            thread_rule_compile(r"^wp-(?P<slug>.+)$"),
        ),
    )
    by_file = _thread("https://old.example.com/2019/05/neodymium-outlook/", "1", ("t-7",))
    by_rule = _thread("https://old.example.com/2019/05/neodymium-outlook/", "2")
    by_identifier = _thread("https://old.example.com/?p=3", "3", ("wp-yttrium-demand",))
    by_path_alone = _thread("https://old.example.com/articles/lithium-prices/", "4")

    assert mapping.slug_for(by_file) == "magnet-supply"
    assert mapping.slug_for(by_rule) == "neodymium-outlook"
    assert mapping.slug_for(by_identifier) == "yttrium-demand"
    assert mapping.slug_for(by_path_alone) is None  # a mapping given: only it decides


def test_thread_mapping_read_takes_slugs_urls_and_paths(
    articles: dict[str, Article], tmp_path: Path
) -> None:
    path = tmp_path / "map.csv"
    path.write_text(
        "# thread,article\n\n"
        "https://old.example.com/?p=1,lithium-prices\n"
        '"wp, 2",https://new.example.com/articles/magnet-supply/\n'
        "3,/articles/yttrium-demand/\n"
    )

    assert thread_mapping_read(path) == {
        "https://old.example.com/?p=1": "lithium-prices",
        "wp, 2": "magnet-supply",
        "3": "yttrium-demand",
    }


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("1,lithium-prices,extra\n", "map.csv: line 1: expected `thread,article`"),
        ("1,https://old.example.com/about/\n", "map.csv: line 1: https://old.example.com/about/"),
    ],
)
def test_thread_mapping_read_names_the_bad_line(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "map.csv"
    path.write_text(content)

    with pytest.raises(ImportFileError) as caught:
        thread_mapping_read(path)

    assert str(caught.value).startswith(problem)


@pytest.mark.parametrize(
    ("pattern", "problem"), [("(", "is not a regular expression"), ("x", "has no (?P<slug>")]
)
def test_thread_rule_compile_says_what_is_wrong(pattern: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem.replace("(", r"\(").replace("?", r"\?")):
        thread_rule_compile(pattern)
