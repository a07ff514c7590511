"""Post bodies: the Markdown subset, links, @mentions, and that nothing executable survives."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

from accounts.services.deletion import account_delete
from forum.discussions.rendering import LINK_REL, render_post_body
from forum.discussions.services.posting import post_body_render
from tests.factories import UserFactory
from tests.xss_payloads import XSS_PAYLOADS

ALLOWED_TAGS = {"p", "br", "em", "strong", "a", "blockquote", "ul", "ol", "li", "code", "pre"}
SAFE_SCHEMES = {"http", "https", "mailto"}
PROFILES = {"alice": "/u/alice/"}


def render(body: str) -> str:
    return render_post_body(body, profile_urls=PROFILES).html


# --- The Markdown subset ------------------------------------------------------------------


def test_render_emphasis_becomes_em_and_strong() -> None:
    assert render("*soft* and **loud**") == "<p><em>soft</em> and <strong>loud</strong></p>\n"


def test_render_link_becomes_anchor_with_nofollow_ugc_noopener() -> None:
    out = render("[the source](https://example.com/report)")

    assert out == (f'<p><a href="https://example.com/report" rel="{LINK_REL}">the source</a></p>\n')
    assert LINK_REL == "nofollow ugc noopener"


def test_render_autolink_becomes_anchor_with_rel() -> None:
    out = render("See <https://example.com>")

    assert f'<a href="https://example.com" rel="{LINK_REL}">https://example.com</a>' in out


def test_render_relative_and_mailto_links_are_kept() -> None:
    assert '<a href="/articles/x/" rel' in render("[here](/articles/x/)")
    assert '<a href="mailto:desk@example.com" rel' in render("[mail](mailto:desk@example.com)")


def test_render_quote_becomes_blockquote() -> None:
    assert render("> They said so.") == "<blockquote>\n<p>They said so.</p>\n</blockquote>\n"


def test_render_bullet_list_becomes_ul() -> None:
    assert render("- neodymium\n- dysprosium") == (
        "<ul>\n<li>neodymium</li>\n<li>dysprosium</li>\n</ul>\n"
    )


def test_render_numbered_list_becomes_ol_keeping_its_start() -> None:
    assert render("3. third\n4. fourth") == (
        '<ol start="3">\n<li>third</li>\n<li>fourth</li>\n</ol>\n'
    )


def test_render_inline_code_becomes_code() -> None:
    assert render("run `make test` now") == "<p>run <code>make test</code> now</p>\n"


def test_render_fenced_code_becomes_pre_code_escaped() -> None:
    out = render("```\nif a < b:\n    pass\n```")

    assert out == "<pre><code>if a &lt; b:\n    pass\n</code></pre>\n"


def test_render_indented_code_becomes_pre_code() -> None:
    assert render("text\n\n    indented()") == (
        "<p>text</p>\n<pre><code>indented()\n</code></pre>\n"
    )


def test_render_single_newline_becomes_br() -> None:
    assert render("one\ntwo") == "<p>one<br>\ntwo</p>\n"


def test_render_image_becomes_a_link_to_it_with_its_alt_text_and_no_stray_bang() -> None:
    out = render("See ![the *price* chart](https://example.com/chart.png) here")

    assert out == (
        f'<p>See <a href="https://example.com/chart.png" rel="{LINK_REL}">the price chart</a>'
        " here</p>\n"
    )


def test_render_image_without_alt_text_links_its_url() -> None:
    out = render("![](https://example.com/chart.png)")

    assert out == (
        f'<p><a href="https://example.com/chart.png" rel="{LINK_REL}">'
        "https://example.com/chart.png</a></p>\n"
    )


def test_render_image_alt_text_is_escaped() -> None:
    out = render("![<b>x</b> & y](https://example.com/c.png)")

    assert ">&lt;b&gt;x&lt;/b&gt; &amp; y</a>" in out
    assert "<b>" not in out


def test_render_image_inside_a_link_is_its_alt_text_in_that_link() -> None:
    out = render("[![logo](https://example.com/logo.png) Lynas](https://lynas.example/)")

    assert out == f'<p><a href="https://lynas.example/" rel="{LINK_REL}">logo Lynas</a></p>\n'


def test_render_bare_url_becomes_anchor_with_rel() -> None:
    out = render("Source: https://example.com/report?id=7.")

    assert out == (
        f'<p>Source: <a href="https://example.com/report?id=7" rel="{LINK_REL}">'
        "https://example.com/report?id=7</a>.</p>\n"
    )


def test_render_bare_www_address_becomes_http_anchor() -> None:
    assert f'<a href="http://www.example.com" rel="{LINK_REL}">www.example.com</a>' in render(
        "at www.example.com today"
    )


def test_render_bare_url_in_code_is_not_linked() -> None:
    assert render("`https://example.com`") == "<p><code>https://example.com</code></p>\n"


def test_render_bare_javascript_url_is_not_linked() -> None:
    assert "<a" not in render("javascript:alert(1) and javascript://example.com/%0aalert(1)")


def test_render_bare_url_keeps_a_mention_after_it() -> None:
    out = render("https://example.com/@alice says @alice")

    assert f'<a href="https://example.com/@alice" rel="{LINK_REL}">' in out
    assert out.count('class="mention"') == 1


def test_render_heading_does_not_become_h_element() -> None:
    out = render("# Big\n\nSmall\n=====\n\n## Also big")

    assert not re.search(r"<h\d", out)
    assert "# Big" in out


def test_render_raw_html_is_shown_as_text() -> None:
    out = render("<b>bold</b> <div>block</div>")

    assert "<b>" not in out
    assert "<div>" not in out
    assert "&lt;b&gt;bold&lt;/b&gt;" in out


def test_render_horizontal_rule_and_tables_are_not_elements() -> None:
    out = render("---\n\n| a | b |\n|---|---|\n| 1 | 2 |")

    assert "<hr" not in out
    assert "<table" not in out


# --- @mentions ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_mention_of_an_existing_user_links_to_their_profile() -> None:
    user = UserFactory(username="Alice_W")

    rendered = post_body_render("Thanks @Alice_W!")

    assert (
        f'<a href="{user.get_absolute_url()}" class="mention" rel="{LINK_REL}">@Alice_W</a>!'
        in rendered.html
    )
    assert rendered.mentioned_handles == frozenset({"alice_w"})


@pytest.mark.django_db
def test_mention_matches_the_handle_case_insensitively() -> None:
    user = UserFactory(username="Alice_W")

    out = post_body_render("cc @ALICE_w").html

    assert f'<a href="{user.get_absolute_url()}" class="mention"' in out
    assert ">@ALICE_w</a>" in out


@pytest.mark.django_db
def test_mention_of_an_unknown_handle_stays_text() -> None:
    UserFactory(username="alice")

    rendered = post_body_render("Ask @nobody_here about it")

    assert rendered.html == "<p>Ask @nobody_here about it</p>\n"
    assert rendered.mentioned_handles == frozenset()


@pytest.mark.django_db
def test_mention_of_a_deleted_account_stays_text() -> None:
    user = UserFactory(username="gone_user")
    account_delete(user=user)
    UserFactory(username="gone_user_2")  # someone else, so the lookup has rows to ignore

    assert "<a" not in post_body_render("@gone_user said so").html


@pytest.mark.django_db
def test_mention_inside_inline_code_is_not_linked() -> None:
    UserFactory(username="alice")

    assert post_body_render("type `@alice` here").html == ("<p>type <code>@alice</code> here</p>\n")


@pytest.mark.django_db
def test_mention_inside_a_code_block_is_not_linked() -> None:
    UserFactory(username="alice")

    out = post_body_render("```\nping @alice\n```").html

    assert out == "<pre><code>ping @alice\n</code></pre>\n"


@pytest.mark.django_db
def test_mention_inside_link_text_is_not_linked_again() -> None:
    UserFactory(username="alice")

    out = post_body_render("[@alice on record](https://example.com)").html

    assert out == (f'<p><a href="https://example.com" rel="{LINK_REL}">@alice on record</a></p>\n')


@pytest.mark.django_db
def test_mention_inside_a_link_url_or_email_is_not_linked() -> None:
    UserFactory(username="alice")

    out = post_body_render("<https://example.com/@alice> and bob@alice.example").html

    assert 'class="mention"' not in out


def test_mention_rendering_links_each_known_handle_once_per_occurrence() -> None:
    out = render("@alice and @alice again, not @bob")

    assert out.count('class="mention"') == 2
    assert "not @bob" in out


# --- The XSS corpus (tests/xss_payloads.py) -----------------------------------------------


class _Elements(HTMLParser):
    """Every start tag in a piece of HTML, with its (unescaped) attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))


_CONTROL_AND_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f]+")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def href_scheme(value: str) -> str | None:
    """The scheme a browser would see in an href: unescaped, whitespace and controls gone."""
    cleaned = _CONTROL_AND_SPACE.sub("", html.unescape(value)).lower()
    match = _SCHEME.match(cleaned)
    return match.group(1) if match else None


def assert_harmless(out: str) -> None:
    parser = _Elements()
    parser.feed(out)
    parser.close()
    for tag, attrs in parser.elements:
        assert tag in ALLOWED_TAGS, f"<{tag}> in {out!r}"
        for name, value in attrs:
            assert not name.startswith("on"), f"{name}= on <{tag}> in {out!r}"
            assert name not in {"style", "src", "srcdoc", "action", "formaction", "xlink:href"}
            if name == "href":
                scheme = href_scheme(value or "")
                assert scheme is None or scheme in SAFE_SCHEMES, f"href {value!r} in {out!r}"


def test_xss_corpus_has_at_least_25_payloads() -> None:
    assert len(XSS_PAYLOADS) >= 25


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_render_leaves_nothing_executable(payload: str) -> None:
    assert_harmless(render(payload))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_render_leaves_nothing_executable_when_payload_sits_in_a_list_and_quote(
    payload: str,
) -> None:
    assert_harmless(render(f"> - intro\n>\n>   {payload}\n\ntail {payload}"))


@pytest.mark.parametrize(
    "value",
    ["javascript:alert(1)", " JAVA\tSCRIPT:x", "&#106;avascript:x", "java\x00script:x"],
)
def test_href_scheme_check_catches_disguised_javascript(value: str) -> None:
    """The corpus check itself: it must see through what a browser sees through."""
    assert href_scheme(value) == "javascript"


def test_href_scheme_check_accepts_relative_urls() -> None:
    assert href_scheme("/u/alice/") is None
    assert href_scheme("#comment-1") is None


@pytest.mark.parametrize(
    "dangerous",
    [
        "<script>alert(1)</script>",
        '<p onclick="alert(1)">x</p>',
        '<a href="java&#x09;script:alert(1)">x</a>',
        '<a href="data:text/html,x">x</a>',
    ],
)
def test_harmless_check_rejects_what_it_is_meant_to_catch(dangerous: str) -> None:
    with pytest.raises(AssertionError):
        assert_harmless(dangerous)


def test_render_keeps_no_attribute_beyond_the_allowed_ones() -> None:
    out = render('[x](https://example.com "a title")')

    assert out == '<p><a href="https://example.com" rel="nofollow ugc noopener">x</a></p>\n'
