"""The Jinja2 comment renderer gives times and links as Django's template language does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.viewer import Viewer
from forum.discussions.comment_html import PageTimes
from forum.discussions.models import Topic
from forum.discussions.selectors import Sort
from forum.discussions.thread_pages import thread_page
from tests.factories import ReaderFactory, comment

pytestmark = pytest.mark.django_db

DJANGO_TIMES = Template(
    '<time datetime="{{ at|date:\'c\' }}">{{ at|date:"M j, Y, H:i" }}</time>'
    '<span class="edited" title="{{ at|date:\'c\' }}">'
)


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"])
@pytest.mark.parametrize(
    "at",
    [datetime(2026, 1, 5, 3, 4, 5, 123456, tzinfo=UTC), datetime(2026, 12, 31, 23, 59, tzinfo=UTC)],
)
def test_times_read_as_django_formats_them_in_the_current_zone(
    rf: RequestFactory, topic: Topic, zone: str, at: datetime
) -> None:
    post = comment(topic)
    request = rf.get("/")
    request.user = post.author
    type(post).objects.filter(pk=post.pk).update(created_at=at, edited_at=at)

    with timezone.override(zone):
        [node] = thread_page(
            topic=topic, viewer=Viewer.of(ReaderFactory()), sort=Sort.OLDEST
        ).threads
        html = Template("{% load comments %}{% comments nodes %}").render(
            Context({"nodes": [node], "request": request, "topic": topic})
        )
        expected = DJANGO_TIMES.render(Context({"at": at}))

    time, edited = expected.split("</time>")
    assert time + "</time>" in html
    assert edited in html


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "America/New_York"])
def test_page_times_read_as_django_formats_them_across_a_page_of_days(zone: str) -> None:
    # Every 37 minutes for two days around Europe's and America's autumn clock changes: many
    # times a day, and days whose text the page made for an earlier comment.
    start = datetime(2026, 10, 24, 22, 0, 30, tzinfo=UTC)
    times = [start + timedelta(minutes=37 * step) for step in range(80)]

    with timezone.override(zone):
        page = PageTimes()  # made for a page, in the zone the page is rendered in
        shown = [page(at) for at in times]
        expected = [DJANGO_TIMES.render(Context({"at": at})) for at in times]

    for moment, django in zip(shown, expected, strict=True):
        assert django.startswith(f'<time datetime="{moment.iso}">{moment.text}</time>')


def test_links_read_as_reverse_gives_them(rf: RequestFactory, topic: Topic) -> None:
    author = ReaderFactory(username="Ada_Lovelace-1")
    post = comment(topic, author=author)
    [node] = thread_page(topic=topic, viewer=Viewer.of(ReaderFactory()), sort=Sort.OLDEST).threads
    request = rf.get("/")
    request.user = ReaderFactory()

    html = Template("{% load comments %}{% comments nodes %}").render(
        Context({"nodes": [node], "request": request, "topic": topic})
    )

    assert f'href="{reverse("accounts:profile", kwargs={"handle": author.username})}"' in html
    assert f'formaction="{reverse("forum:like", args=[post.pk])}"' in html
    assert f'href="{reverse("reports:post", args=[post.pk])}"' in html
    assert f'href="{reverse("forum:reply", args=[topic.pk])}?parent={post.pk}"' in html
