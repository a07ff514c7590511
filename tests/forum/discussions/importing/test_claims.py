"""Claiming imported comments: verifying the address an imported author gave makes their
comments the verifier's."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from articles.models import Article
from forum.discussions.importing.claims import imported_posts_claim
from forum.discussions.models import ImportedAuthor, Post, Topic
from tests.factories import ReaderFactory
from tests.forum.discussions.importing.conftest import DISQUS_SAMPLE, disqus_export

pytestmark = pytest.mark.django_db


def _import() -> None:
    call_command("import_comments", "disqus", str(DISQUS_SAMPLE), stdout=io.StringIO())


def _ada() -> ImportedAuthor:
    return ImportedAuthor.objects.get(name="Ada Lovelace")


def test_imported_posts_claim_moves_the_comments_and_removes_the_placeholder(
    articles: dict[str, Article],
) -> None:
    _import()
    placeholder_id = _ada().user_id
    theirs = set(Post.objects.filter(author_id=placeholder_id).values_list("pk", flat=True))
    versions = dict(Topic.objects.values_list("pk", "discussion_version"))
    reader = ReaderFactory()

    moved = imported_posts_claim(user=reader, email=" ADA@example.com ")

    assert moved == len(theirs) > 0
    assert set(Post.objects.filter(author=reader).values_list("pk", flat=True)) == theirs
    assert not User.objects.filter(pk=placeholder_id).exists()
    ada = _ada()
    assert ada.user_id == reader.pk
    assert ada.claimed_at is not None
    for topic_id, version in Topic.objects.filter(posts__author=reader).values_list(
        "pk", "discussion_version"
    ):
        assert version > versions[topic_id]


def test_imported_posts_claim_moves_nothing_when_the_address_matches_no_one(
    articles: dict[str, Article],
) -> None:
    _import()
    reader = ReaderFactory()

    assert imported_posts_claim(user=reader, email="someone.else@example.com") == 0
    assert not Post.objects.filter(author=reader).exists()
    assert _ada().claimed_at is None


def test_imported_posts_claim_moves_nothing_the_second_time(
    articles: dict[str, Article],
) -> None:
    _import()
    first, second = ReaderFactory(), ReaderFactory()
    imported_posts_claim(user=first, email="ada@example.com")

    assert imported_posts_claim(user=second, email="ada@example.com") == 0
    assert not Post.objects.filter(author=second).exists()


def test_import_comments_writes_a_claimed_authors_later_comments_as_theirs(
    articles: dict[str, Article], tmp_path: Path
) -> None:
    ada = {"name": "Ada Lovelace", "email": "ada@example.com"}
    call_command(
        "import_comments",
        "disqus",
        str(disqus_export(tmp_path / "first.xml", [{"id": "1", **ada}])),
        stdout=io.StringIO(),
    )
    reader = ReaderFactory()
    imported_posts_claim(user=reader, email="ada@example.com")

    later = [{"id": "1", **ada}, {"id": "2", "parent": "1", **ada}]
    call_command(
        "import_comments",
        "disqus",
        str(disqus_export(tmp_path / "later.xml", later)),
        stdout=io.StringIO(),
    )

    assert Post.objects.filter(author=reader).count() == 2
    assert not User.objects.filter(username__startswith="imported_").exists()


def test_verifying_an_address_after_signing_up_claims_its_imported_comments(
    articles: dict[str, Article], client: Client, django_capture_on_commit_callbacks: object
) -> None:
    """The journey: sign up with the address used on the old site, follow the link."""
    _import()
    theirs = Post.objects.filter(author_id=_ada().user_id).count()
    data = {"email": "ada@example.com", "username": "ada_l", "password1": "x7-Tungsten-Sky!"}
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        client.post("/accounts/signup/", data | {"password2": data["password1"]})
    user = User.objects.get(username="ada_l")
    assert not Post.objects.filter(author=user).exists()  # not before the address is verified

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body)
    assert link is not None
    client.post(link.group(0))

    assert EmailAddress.objects.get(user=user).verified
    assert Post.objects.filter(author=user).count() == theirs
