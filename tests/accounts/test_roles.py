from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import Role, role_names_read, roles_by_user
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _user_with(*roles: Role) -> User:
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


def test_roles_by_user_reads_the_roles_of_many_users_in_one_query(
    django_assert_num_queries: pytest.FixtureRequest,
) -> None:
    moderator = _user_with(Role.MODERATORS, Role.EDITORS)
    reader, nobody = _user_with(Role.READERS), _user_with()

    with django_assert_num_queries(1):
        roles = roles_by_user([moderator.pk, reader.pk, nobody.pk])

    assert roles == {
        moderator.pk: frozenset({Role.MODERATORS, Role.EDITORS}),
        reader.pk: frozenset({Role.READERS}),
    }


def test_roles_by_user_runs_its_query_for_a_subquery_of_nobody(
    django_assert_num_queries: pytest.FixtureRequest,
) -> None:
    with django_assert_num_queries(1):
        assert roles_by_user(User.objects.filter(username="nobody").values("pk")) == {}


def test_role_names_read_reads_one_users_roles() -> None:
    assert role_names_read(_user_with(Role.EDITORS)) == frozenset({Role.EDITORS})
