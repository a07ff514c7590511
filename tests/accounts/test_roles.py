from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from accounts.models import User
from accounts.permissions import email_verified, email_verified_exists
from accounts.roles import Role, discussion_staff_exists, is_administrator, is_discussion_staff
from tests.factories import ReaderFactory, UserFactory

pytestmark = pytest.mark.django_db


def _user_with(*roles: Role) -> object:
    user = UserFactory()
    user.groups.add(*Group.objects.filter(name__in=roles))
    return user


def test_roles_exist_as_groups_made_by_migration() -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_moderators_may_suspend_and_ban_but_not_edit_articles() -> None:
    moderator = _user_with(Role.MODERATORS)

    assert moderator.has_perm("accounts.suspend_user")
    assert moderator.has_perm("accounts.ban_user")
    assert not moderator.has_perm("articles.change_article")


def test_administrators_hold_every_permission_of_the_project_apps() -> None:
    administrator = _user_with(Role.ADMINISTRATORS)

    for perm in ("articles.change_article", "discussions.change_topic", "accounts.ban_user"):
        assert administrator.has_perm(perm)


@pytest.mark.parametrize(
    ("roles", "superuser", "staff", "admin"),
    [
        ((), False, False, False),
        ((Role.READERS,), False, False, False),
        ((Role.EDITORS,), False, False, False),
        ((Role.MODERATORS,), False, True, False),
        ((Role.ADMINISTRATORS,), False, True, True),
        ((), True, True, True),
    ],
)
def test_discussion_staff_are_moderators_administrators_and_superusers(
    roles: tuple[Role, ...], superuser: bool, staff: bool, admin: bool
) -> None:
    user = _user_with(*roles)
    user.is_superuser = superuser

    assert is_discussion_staff(user) is staff
    assert is_administrator(user) is admin


def test_anonymous_and_inactive_users_are_not_discussion_staff() -> None:
    inactive = _user_with(Role.MODERATORS)
    inactive.is_active = False

    assert not is_discussion_staff(AnonymousUser())
    assert not is_discussion_staff(inactive)


def test_discussion_staff_check_reads_the_groups_once_per_user(
    django_assert_num_queries: pytest.FixtureRequest,
) -> None:
    user = _user_with(Role.MODERATORS)

    with django_assert_num_queries(1):
        assert is_discussion_staff(user)
        assert is_discussion_staff(user)


@pytest.mark.parametrize(
    ("roles", "staff"),
    [((), False), ((Role.READERS, Role.EDITORS), False), ((Role.MODERATORS,), True)],
)
def test_discussion_staff_check_reads_the_annotation_without_a_query(
    django_assert_num_queries: pytest.FixtureRequest, roles: tuple[Role, ...], staff: bool
) -> None:
    pk = _user_with(*roles).pk
    user = User.objects.annotate(_is_discussion_staff=discussion_staff_exists()).get(pk=pk)

    with django_assert_num_queries(0):
        assert is_discussion_staff(user) is staff


def test_email_verified_reads_the_annotation_without_a_query(
    django_assert_num_queries: pytest.FixtureRequest,
) -> None:
    verified, unverified = ReaderFactory(), UserFactory()
    annotated = User.objects.annotate(_email_verified=email_verified_exists())

    with django_assert_num_queries(1):
        users = annotated.in_bulk([verified.pk, unverified.pk])
        assert email_verified(users[verified.pk])
        assert not email_verified(users[unverified.pk])
