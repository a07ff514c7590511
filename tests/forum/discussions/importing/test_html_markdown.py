"""html_to_markdown: an imported comment's HTML in the site's comment Markdown."""

from __future__ import annotations

import re

import pytest

from forum.discussions.importing.html_markdown import html_to_markdown
from forum.discussions.rendering import render_post_body
from tests.xss_payloads import XSS_PAYLOADS


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("<p>plain</p><p>two</p>", "plain\n\ntwo"),
        (
            "<p><b>bold</b> <strong>strong</strong> <i>it</i> <em> spaced </em></p>",
            "**bold** **strong** *it* *spaced*",
        ),
        ("line one<br>line two", "line one\nline two"),
        ('<a href="https://example.com/a b">site</a>', "[site](https://example.com/a%20b)"),
        ('<a href="mailto:desk@example.com">mail</a>', "[mail](mailto:desk@example.com)"),
        ('<a href="/relative/">here</a>', "here"),
        ("<blockquote><p>one</p><p>two</p></blockquote>", "> one\n>\n> two"),
        ("<ul><li>a</li><li>b</li></ul>", "- a\n- b"),
        ('<ol start="3"><li>c</li><li>d</li></ol>', "3. c\n4. d"),
        ("<code>a`b</code>", "``a`b``"),
        ("<pre><code>x = 1\n  y &lt; 2</code></pre>", "```\nx = 1\n  y < 2\n```"),
        ("*not* _emphasis_ [not](a link)", r"\*not\* \_emphasis\_ \[not\](a link)"),
        ("1. not a list\n- nor this", r"1\. not a list - nor this"),
        ("<p>1. not a list<br>- nor this</p>", "1\\. not a list\n\\- nor this"),
        ("&lt;b&gt;shown as text&lt;/b&gt; &amp;", r"\<b\>shown as text\</b\> \&"),
        ('<img src="x.png" alt="a chart">', "a chart"),
        ("<script>alert(1)</script><style>p{}</style><iframe>x</iframe>", ""),
        ("<span><p>a</p><p>b</p></span>", "a\n\nb"),
        ("<p>unclosed <b>bold", "unclosed **bold**"),
    ],
)
def test_html_to_markdown_says_in_markdown_what_the_html_said(html: str, markdown: str) -> None:
    assert html_to_markdown(html) == markdown


def test_html_to_markdown_renders_back_to_the_same_formatting() -> None:
    html = (
        '<p>See <a href="https://example.com/r">the <em>report</em></a>:</p>'
        "<blockquote><p>Supply <strong>fell</strong>.</p></blockquote>"
        "<ul><li>one</li><li>two</li></ul><pre>code()</pre>"
    )

    rendered = render_post_body(html_to_markdown(html), profile_urls={}).html

    assert rendered == (
        '<p>See <a href="https://example.com/r" rel="nofollow ugc noopener">the <em>report</em>'
        "</a>:</p>\n<blockquote>\n<p>Supply <strong>fell</strong>.</p>\n</blockquote>\n"
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<pre><code>code()\n</code></pre>\n"
    )


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_html_to_markdown_then_rendering_lets_no_payload_through(payload: str) -> None:
    html = render_post_body(html_to_markdown(payload), profile_urls={}).html.lower()

    assert not re.search(r"<[^>]*\son\w+\s*=", html)  # no onclick=, onerror= ...
    # Links only to the corpus's harmless host (bare URLs and images become links to it).
    for href in re.findall(r'<a href="([^"]*)"', html):
        assert re.match(r"(https://|http://www\.)example\.com(/|$)", href), href
    for tag in ("<script", "<img", "<svg", "<iframe", "<input", "<form", "<details", "<object"):
        assert tag not in html
