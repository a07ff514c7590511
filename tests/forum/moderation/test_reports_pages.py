"""Readers reporting a comment: the Report link on each comment, the report page it leads to, and
what sending it answers."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import Settings

from accounts.models import User
from forum.discussions.models import Post, Topic
from forum.moderation.models import Report
from forum.moderation.services.reports import report_create
from tests.factories import ReaderFactory, comment

pytestmark = pytest.mark.django_db

REPORT_LINK = "Report</a>"


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _card(page: str, post: Post) -> str:
    """The markup of one comment, from its <li> up to its replies list."""
    start = page.index(f'id="comment-{post.pk}"')
    return page[start : page.index(f'id="replies-{post.pk}"', start)]


def _report(client: Client, post: Post, **data: str) -> object:
    return client.post(f"/forum/p/{post.pk}/report/", data)


@pytest.fixture
def post(topic: Topic) -> Post:
    return comment(topic, body="Dysprosium is about to run out, trust me.")


# --- The link and the page -------------------------------------------------------------------


def test_report_link_is_offered_to_a_logged_in_reader_on_someone_elses_comment(
    post: Post, reader: User, article_url: str
) -> None:
    card = _card(_client_for(reader).get(article_url).content.decode(), post)

    assert f'<a class="report-link" href="/forum/p/{post.pk}/report/">' in card
    assert 'name="reason"' not in card  # the form is on the report page, not on every comment


def test_report_link_is_not_offered_on_the_readers_own_comment(
    post: Post, article_url: str
) -> None:
    card = _card(_client_for(post.author).get(article_url).content.decode(), post)

    assert REPORT_LINK not in card


def test_report_link_is_not_offered_to_anonymous_visitors(
    client: Client, post: Post, article_url: str
) -> None:
    assert REPORT_LINK not in _card(client.get(article_url).content.decode(), post)


def test_report_link_is_not_offered_on_a_held_comment(
    topic: Topic, settings: Settings, article_url: str
) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    held = comment(topic)
    assert held.status == Post.Status.PENDING

    card = _card(_client_for(held.author).get(article_url).content.decode(), held)

    assert "Awaiting moderation" in card
    assert REPORT_LINK not in card


def test_report_page_quotes_the_comment_and_offers_every_reason(post: Post, reader: User) -> None:
    response = _client_for(reader).get(f"/forum/p/{post.pk}/report/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Dysprosium is about to run out, trust me." in page
    for value, label in Report.Reason.choices:
        assert f'<input type="radio" name="reason" value="{value}" required> {label}' in page
    assert 'name="text" maxlength="500"' in page
    assert f'href="/forum/p/{post.pk}/">Cancel</a>' in page


def test_report_page_is_refused_on_the_readers_own_comment(post: Post) -> None:
    response = _client_for(post.author).get(f"/forum/p/{post.pk}/report/")

    assert response.status_code == 403
    assert "You cannot report your own comment." in response.content.decode()


def test_report_page_is_refused_to_a_suspended_reader(post: Post, suspended_reader: User) -> None:
    response = _client_for(suspended_reader).get(f"/forum/p/{post.pk}/report/")

    assert response.status_code == 403
    assert "Your account is suspended until" in response.content.decode()


def test_report_page_sends_anonymous_visitors_to_log_in(client: Client, post: Post) -> None:
    response = client.get(f"/forum/p/{post.pk}/report/")

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/forum/p/{post.pk}/report/"


# --- Reporting ----------------------------------------------------------------------------------


def test_report_records_the_report_and_returns_to_the_comment_with_thanks(
    post: Post, reader: User
) -> None:
    client = _client_for(reader)

    response = _report(client, post, reason=Report.Reason.OFF_TOPIC)

    assert response.status_code == 302
    assert response["Location"] == f"/forum/p/{post.pk}/"
    report = Report.objects.get()
    assert (report.post, report.reporter, report.reason) == (post, reader, Report.Reason.OFF_TOPIC)
    page = client.get(response["Location"], follow=True).content.decode()
    assert "Thank you: the moderators will look at this comment." in page


def test_report_with_something_else_keeps_the_readers_words(post: Post, reader: User) -> None:
    _report(_client_for(reader), post, reason=Report.Reason.OTHER, text="Copies a paid article.")

    assert Report.objects.get().text == "Copies a paid article."


def test_report_with_something_else_and_no_words_is_shown_again_with_the_error(
    post: Post, reader: User
) -> None:
    response = _report(_client_for(reader), post, reason=Report.Reason.OTHER)

    page = response.content.decode()
    assert response.status_code == 400
    assert "Say what is wrong with this comment." in page
    assert f'value="{Report.Reason.OTHER}" required checked>' in page
    assert not Report.objects.exists()


def test_report_without_a_reason_is_shown_again_with_the_error(post: Post, reader: User) -> None:
    response = _report(_client_for(reader), post)

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Report.objects.exists()


def test_report_twice_says_it_was_already_reported(post: Post, reader: User) -> None:
    client = _client_for(reader)
    _report(client, post, reason=Report.Reason.SPAM)

    response = _report(client, post, reason=Report.Reason.ABUSE)

    assert response.status_code == 400
    assert "You already reported this comment." in response.content.decode()
    assert Report.objects.get().reason == Report.Reason.SPAM


def test_report_of_the_readers_own_comment_is_refused(post: Post) -> None:
    response = _report(_client_for(post.author), post, reason=Report.Reason.SPAM)

    assert response.status_code == 403
    assert "You cannot report your own comment." in response.content.decode()
    assert not Report.objects.exists()


def test_report_refused_when_the_reader_is_suspended(post: Post, suspended_reader: User) -> None:
    response = _report(_client_for(suspended_reader), post, reason=Report.Reason.SPAM)

    assert response.status_code == 403
    assert "Your account is suspended until" in response.content.decode()
    assert not Report.objects.exists()


def test_report_too_often_answers_429_with_retry_after(
    topic: Topic, reader: User, settings: Settings
) -> None:
    settings.FORUM_REPORTS_PER_HOUR = 1
    client = _client_for(reader)
    first, second = comment(topic), comment(topic)
    _report(client, first, reason=Report.Reason.SPAM)

    response = _report(client, second, reason=Report.Reason.SPAM)

    assert response.status_code == 429
    assert 3590 <= int(response["Retry-After"]) <= 3600
    assert "Try again in" in response.content.decode()
    assert not second.reports.exists()


def test_report_too_often_says_the_reader_reported_many_comments_and_waits_minutes(
    topic: Topic, reader: User, settings: Settings
) -> None:
    """Not the posting limit's words: the reader did not post, and an hour is not counted in
    seconds."""
    settings.FORUM_REPORTS_PER_HOUR = 1
    client = _client_for(reader)
    _report(client, comment(topic), reason=Report.Reason.SPAM)

    response = _report(client, comment(topic), reason=Report.Reason.SPAM)

    page = response.content.decode()
    assert response.status_code == 429
    assert "You have reported many comments in the last hour. Try again in 60 minutes." in page
    assert "posting too quickly" not in page
    assert "seconds" not in page


def test_report_sends_anonymous_visitors_to_log_in(client: Client, post: Post) -> None:
    response = _report(client, post, reason=Report.Reason.SPAM)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert not Report.objects.exists()


def test_report_of_a_comment_the_reader_cannot_see_is_not_found(
    topic: Topic, reader: User, settings: Settings
) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    held = comment(topic)

    assert _report(_client_for(reader), held, reason=Report.Reason.SPAM).status_code == 404


def test_report_that_reaches_the_threshold_hides_the_comment_and_returns_to_the_discussion(
    post: Post, reader: User, settings: Settings, article_url: str
) -> None:
    settings.FORUM_REPORT_THRESHOLD = 2
    report_create(post=post, reporter=ReaderFactory(), reason=Report.Reason.SPAM)
    client = _client_for(reader)

    response = _report(client, post, reason=Report.Reason.SPAM)

    assert response["Location"] == f"{article_url}#comments"
    page = client.get(article_url).content.decode()
    assert "Thank you: the comment is hidden until a moderator has looked at it." in page
    assert "Dysprosium is about to run out" not in page
    post.refresh_from_db()
    assert post.status == Post.Status.PENDING
