"""Tickers and names of listed companies in a comment link to the company's page: in the text,
never in code, in a link or in a URL; through the same sanitiser as the rest of the body."""

from __future__ import annotations

import pytest

from forum.discussions.models import PostTicker, Topic
from forum.discussions.services.post_bodies import post_body_render
from tests.factories import comment
from tests.forum.discussions.test_rendering import assert_harmless
from tests.xss_payloads import XSS_PAYLOADS

pytestmark = pytest.mark.django_db

LYNAS_LINK = '<a href="/companies/lynas/" class="ticker" rel="nofollow ugc noopener">'


def html(body: str) -> str:
    return post_body_render(body).html


@pytest.mark.parametrize(
    ("body", "linked"),
    [
        ("Bought $LYC today", "$LYC"),
        ("Bought ASX:LYC today", "ASX:LYC"),
        ("Bought LYC.AX today", "LYC.AX"),
        ("Bought lynas today", "lynas"),
        ("Bought Lynas Rare Earths today", "Lynas Rare Earths"),
    ],
)
def test_every_written_form_of_a_company_links_to_its_page(body: str, linked: str) -> None:
    assert html(body) == f"<p>Bought {LYNAS_LINK}{linked}</a> today</p>\n"


def test_several_companies_link_each_to_its_own_page() -> None:
    out = html("$MP and **Iluka**")
    assert '<a href="/companies/mp-materials/" class="ticker"' in out
    assert '<strong><a href="/companies/iluka/" class="ticker"' in out


def test_a_ticker_no_company_lists_stays_text() -> None:
    assert html("$XYZ and TSXV:ABC") == "<p>$XYZ and TSXV:ABC</p>\n"


@pytest.mark.parametrize(
    "body",
    [
        "`$LYC` in code",
        "    $LYC in an indented block",
        "```\nLynas in a fence\n```",
        "[Lynas news](https://example.com/)",
        "https://example.com/Lynas/LYC.AX",
        "<https://example.com/$LYC>",
    ],
)
def test_no_link_inside_code_links_or_urls(body: str) -> None:
    assert 'class="ticker"' not in html(body)


def test_a_mention_of_a_user_and_a_company_both_link(reader: object) -> None:
    out = html(f"@{reader.username} likes $LYC")  # type: ignore[attr-defined]
    assert 'class="mention"' in out
    assert LYNAS_LINK in out


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payloads_around_company_names_stay_harmless(payload: str) -> None:
    assert_harmless(html(f"Lynas {payload} $MP {payload}Lynas"))
    assert_harmless(html(f"[{payload} Lynas]({payload}) $LYC"))


def test_posting_stores_the_linked_html_and_the_ticker_rows(topic: Topic) -> None:
    post = comment(topic, body="Lynas and $MP, and Lynas again")
    assert LYNAS_LINK in post.body_html
    assert sorted(PostTicker.objects.filter(post=post).values_list("ticker", flat=True)) == [
        "LYC.AX",
        "MP",
    ]
