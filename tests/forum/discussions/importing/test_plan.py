"""thread_plan: which comments are kept, and where each sits in the tree."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from companies.tickers import Directory
from forum.discussions.importing.plan import thread_plan
from forum.discussions.importing.sources import (
    SourceAuthor,
    SourcePost,
    SourceState,
    SourceThread,
)
from forum.discussions.models import Post

START = datetime(2020, 1, 1, tzinfo=UTC)
NO_COMPANIES = Directory(
    by_ticker={}, by_name={}, longest_name=0, first_words=frozenset(), slugs={}
)


def _post(
    external_id: str,
    parent_id: str | None = None,
    *,
    minute: int = 0,
    state: SourceState = SourceState.PUBLISHED,
    body: str = "<p>A comment.</p>",
) -> SourcePost:
    return SourcePost(
        external_id=external_id,
        parent_id=parent_id,
        author=SourceAuthor(name="A", email="", username=""),
        body_html=body,
        created_at=START + timedelta(minutes=minute),
        state=state,
    )


def _thread(*posts: SourcePost) -> SourceThread:
    return SourceThread(external_id="t", identifiers=(), link="", title="T", posts=posts)


def _shape(thread: SourceThread, **options: object) -> list[tuple[str, int, str | None]]:
    """Each entry, in order: its id, depth and parent's id."""
    plan = thread_plan(
        thread, hidden_too=bool(options.get("hidden_too")), max_depth=3, companies=NO_COMPANIES
    )
    return [
        (e.source.external_id, e.depth, e.parent.source.external_id if e.parent else None)
        for e in plan.entries
    ]


def test_thread_plan_attaches_replies_past_the_max_depth_beside_what_they_answer() -> None:
    thread = _thread(
        _post("a"), _post("b", "a", minute=1), _post("c", "b", minute=2), _post("d", "c", minute=3)
    )

    plan = thread_plan(thread, hidden_too=False, max_depth=3, companies=NO_COMPANIES)

    d = plan.entries[3]
    assert (d.depth, d.parent.source.external_id, d.reply_to.source.external_id) == (2, "b", "c")
    assert d.root is plan.entries[0]


def test_thread_plan_replies_to_left_out_comments_answer_the_one_kept_above() -> None:
    thread = _thread(
        _post("a"),
        _post("b", "a", minute=1, state=SourceState.SPAM),
        _post("c", "b", minute=2, state=SourceState.DELETED),
        _post("d", "c", minute=3),
    )

    plan = thread_plan(thread, hidden_too=False, max_depth=3, companies=NO_COMPANIES)

    assert _shape(thread) == [("a", 0, None), ("d", 1, "a")]
    assert plan.skipped == {"spam": 1, "deleted": 1}


def test_thread_plan_hidden_too_keeps_them_hidden_in_their_places() -> None:
    thread = _thread(
        _post("a"),
        _post("b", "a", minute=1, state=SourceState.SPAM),
        _post("c", "b", minute=2, state=SourceState.UNAPPROVED),
    )

    plan = thread_plan(thread, hidden_too=True, max_depth=3, companies=NO_COMPANIES)

    assert [entry.status for entry in plan.entries] == [
        Post.Status.VISIBLE,
        Post.Status.REMOVED,
        Post.Status.PENDING,
    ]
    assert _shape(thread, hidden_too=True) == [("a", 0, None), ("b", 1, "a"), ("c", 2, "b")]


def test_thread_plan_leaves_out_a_comment_with_no_text() -> None:
    plan = thread_plan(
        _thread(_post("a", body="<script>x()</script><p> </p>")),
        hidden_too=True,
        max_depth=3,
        companies=NO_COMPANIES,
    )

    assert plan.entries == []
    assert plan.skipped == {"empty": 1}


def test_thread_plan_reply_dated_before_what_it_answers_comes_after_it() -> None:
    thread = _thread(_post("b", "a", minute=0), _post("a", minute=5))

    assert _shape(thread) == [("a", 0, None), ("b", 1, "a")]


def test_thread_plan_comments_answering_each_other_in_a_loop_go_to_the_top() -> None:
    thread = _thread(_post("a", "b"), _post("b", "a", minute=1), _post("c", "zzz", minute=2))

    assert sorted(_shape(thread)) == [("a", 0, None), ("b", 0, None), ("c", 0, None)]
