"""Why a post was held, as moderators read it: each reason's code, its text, and the parts of
the post's text that triggered it (spans into the Markdown source), marked for the page.

Reasons are data (the code stored with the post, its reports), never parsed from the reason's
words. Where a rule matched something in the text, a span finder, keyed by the rule's code,
finds it again in the body: the word lists through word_matching.matches_in, links by their
pattern. A rule that comes with its own matches adds its finder to SPAN_FINDERS.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from forum.discussions.holds import post_hold_codes
from forum.discussions.models import HoldCode, Post
from forum.moderation.models import WordRule
from forum.moderation.word_matching import matches_in

# The gate's link pattern (gate.hold_many_links counts these).
_LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)

# How much of the text around a match the marked excerpt keeps, each side.
CONTEXT_CHARS = 60


@dataclass(frozen=True)
class Span:
    """[start, end) in the post's Markdown source."""

    start: int
    end: int


@dataclass(frozen=True)
class RuleLists:
    """What the span finders need beyond the post, read once for a page of posts."""

    suspect_phrases: tuple[str, ...] = ()


@dataclass(frozen=True)
class HoldReason:
    code: str
    """A HoldCode value; "" for a post held before codes were kept (imported ones)."""
    text: str
    """The rule's words, for moderators."""
    spans: tuple[Span, ...] = ()
    marked: str = ""
    """The parts of the text around the spans, escaped, each span in <mark>; "" without
    spans."""

    @property
    def label(self) -> str:
        return str(HoldCode(self.code).label) if self.code in HoldCode.values else "Held"


SpanFinder = Callable[[str, RuleLists], list[Span]]


def _suspect_word_spans(body: str, lists: RuleLists) -> list[Span]:
    return [Span(match.start, match.end) for match in matches_in(body, lists.suspect_phrases)]


def _link_spans(body: str, lists: RuleLists) -> list[Span]:
    return [Span(match.start(), match.end()) for match in _LINK.finditer(body)]


SPAN_FINDERS: dict[str, SpanFinder] = {
    HoldCode.SUSPECT_WORD: _suspect_word_spans,
    HoldCode.MANY_LINKS: _link_spans,
    # i15finance plugs in here: HoldCode.PUMP, PROMOTION_LINK, UNDISCLOSED_POSITION ... each
    # with a finder giving the matched spans (or reading the spans stored with the hold).
}
_NEEDS_WORD_LISTS = {HoldCode.SUSPECT_WORD}


def marked_excerpt(text: str, spans: Iterable[Span], context: int = CONTEXT_CHARS) -> SafeString:
    """The parts of `text` around `spans`, escaped, each span in <mark>; parts further apart
    than twice `context` are joined by an ellipsis. Overlapping spans merge."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda span: (span.start, span.end)):
        if merged and span.start <= merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    if not merged:
        return SafeString("")
    pieces: list[str] = []
    shown_to = max(0, merged[0].start - context)
    if shown_to > 0:
        pieces.append("…")
    for span in merged:
        if span.start - shown_to > 2 * context:
            pieces += [escape(text[shown_to : shown_to + context]), "…"]
            shown_to = span.start - context
        found = escape(text[span.start : span.end])
        pieces += [escape(text[shown_to : span.start]), f"<mark>{found}</mark>"]
        shown_to = span.end
    end = min(len(text), shown_to + context)
    pieces.append(escape(text[shown_to:end]))
    if end < len(text):
        pieces.append("…")
    return mark_safe("".join(pieces))  # noqa: S308  (every piece of the text is escaped above)


def rule_lists_for(posts: Iterable[Post]) -> RuleLists:
    """The lists the posts' reasons need: one query, and only if a reason needs a word list."""
    if not any(set(post_hold_codes(post)) & _NEEDS_WORD_LISTS for post in posts):
        return RuleLists()
    suspect = WordRule.objects.filter(kind=WordRule.Kind.SUSPECT).values_list("phrase", flat=True)
    return RuleLists(suspect_phrases=tuple(suspect))


def _reason(post: Post, code: str, text: str, lists: RuleLists) -> HoldReason:
    finder = SPAN_FINDERS.get(code)
    spans = tuple(finder(post.body, lists)) if finder else ()
    return HoldReason(code=code, text=text, spans=spans, marked=marked_excerpt(post.body, spans))


def post_hold_reasons(post: Post, lists: RuleLists) -> list[HoldReason]:
    """Every reason the post was held: the rules' (post_hold_codes), then readers' open reports
    when a rule held it. Only for a post held or rejected: one on show, or removed once on
    show, is held by nothing any more (its old code stays stored, stale)."""
    if post.status not in (Post.Status.PENDING, Post.Status.REJECTED):
        return []
    reasons = [
        _reason(post, code, post.held_reason if code == post.held_code else "", lists)
        for code in post_hold_codes(post)
    ]
    if not reasons and post.held_reason:
        reasons.append(HoldReason(code="", text=post.held_reason))
    if post.open_report_count and HoldCode.REPORTS not in {reason.code for reason in reasons}:
        count = post.open_report_count
        text = f"{count} open report{'s' * (count != 1)} from readers."
        reasons.append(HoldReason(code=HoldCode.REPORTS, text=text))
    return reasons


def hold_reasons_by_post(posts: list[Post]) -> dict[int, list[HoldReason]]:
    """post_hold_reasons for a page of posts, at most one query for them all."""
    lists = rule_lists_for(posts)
    return {post.pk: post_hold_reasons(post, lists) for post in posts}
