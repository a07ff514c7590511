from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.test import RequestFactory
from pytest_django import DjangoAssertNumQueries
from rest_framework.request import Request

from accounts.models import User
from accounts.roles import Role
from accounts.viewer import Viewer, viewer_for
from tests.factories import ReaderFactory, UserFactory

pytestmark = pytest.mark.django_db


def _user_with(*roles: Role) -> User:
    user = UserFactory()
    user.groups.add(*Group.objects.filter(name__in=roles))
    return user


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

    assert Viewer.of(user).is_discussion_staff is staff
    assert Viewer.of(user).is_administrator is admin


def test_anonymous_and_inactive_users_are_not_discussion_staff() -> None:
    inactive = _user_with(Role.MODERATORS)
    inactive.is_active = False

    assert not Viewer.of(AnonymousUser()).is_discussion_staff
    assert not Viewer.of(inactive).is_discussion_staff


def test_viewer_of_anonymous_user_has_no_user_roles_or_address(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    with django_assert_num_queries(0):
        viewer = Viewer.of(AnonymousUser())
        assert (viewer.user, viewer.pk, viewer.is_authenticated) == (None, None, False)
        assert viewer.role_names == frozenset()
        assert not viewer.email_verified
        assert not viewer.has_perm("articles.change_article")


def test_discussion_staff_check_reads_the_groups_once_per_viewer(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    viewer = Viewer.of(_user_with(Role.MODERATORS))

    with django_assert_num_queries(1):
        assert viewer.is_discussion_staff
        assert viewer.is_discussion_staff
        assert viewer.has_role(Role.MODERATORS)
        assert not viewer.is_administrator


@pytest.mark.parametrize(
    ("roles", "staff"),
    [((), False), ((Role.READERS, Role.EDITORS), False), ((Role.MODERATORS,), True)],
)
def test_discussion_staff_check_reads_known_roles_without_a_query(
    django_assert_num_queries: DjangoAssertNumQueries, roles: tuple[Role, ...], staff: bool
) -> None:
    user = _user_with(*roles)

    with django_assert_num_queries(0):
        assert Viewer.of(user, roles=frozenset(roles)).is_discussion_staff is staff
        assert Viewer.of(user, discussion_staff=staff).is_discussion_staff is staff


def test_email_verified_is_read_once_per_viewer(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    verified, unverified = Viewer.of(ReaderFactory()), Viewer.of(UserFactory())

    with django_assert_num_queries(2):
        assert verified.email_verified
        assert verified.email_verified
        assert not unverified.email_verified
        assert not unverified.email_verified


def test_email_verified_reads_what_is_known_without_a_query(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    user = UserFactory()

    with django_assert_num_queries(0):
        assert Viewer.of(user, email_verified=True).email_verified
        assert not Viewer.of(user, email_verified=False).email_verified


def test_viewer_leaves_the_user_as_it_found_it() -> None:
    """Nothing is stamped on the User: what the viewer reads stays on the viewer."""
    user = _user_with(Role.MODERATORS)
    before = set(vars(user))

    viewer = Viewer.of(user)
    assert viewer.is_discussion_staff
    assert not viewer.email_verified

    assert set(vars(user)) == before


def test_viewer_for_builds_one_viewer_per_request(
    rf: RequestFactory, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    request = rf.get("/")
    request.user = _user_with(Role.MODERATORS)

    with django_assert_num_queries(1):
        first = viewer_for(request)
        assert first.is_discussion_staff
        assert viewer_for(request) is first
        assert viewer_for(request).is_discussion_staff

    assert first.user is request.user


def test_viewer_for_reads_the_user_rest_framework_authenticated(rf: RequestFactory) -> None:
    django_request = rf.get("/")
    django_request.user = AnonymousUser()
    api_request = Request(django_request)
    api_request.user = reader = ReaderFactory()

    assert viewer_for(api_request).user == reader
    assert viewer_for(api_request) is viewer_for(api_request)
