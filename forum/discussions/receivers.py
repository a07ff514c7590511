"""What the forum does when something it shows of another app changes (STYLE: signals only
for cross-app lifecycle). Accounts change in many places (the profile page, the admin,
deletion, roles), and every change to how an author shows must reach the cached renderings
of the threads they wrote in. And an address verified may claim comments imported from the old
site (importing/claims.py): verification happens in allauth's flows and admin, which accounts
must not teach about the forum."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_save

from accounts.models import User
from forum.discussions.importing.claims import imported_posts_claim
from forum.discussions.models import Topic
from forum.discussions.services.cache_versions import NEXT_VERSION, authors_topics_threads_changed

# What a comment shows of its author: the name, the avatar, whether deleted, the Moderator badge.
SHOWN_USER_FIELDS = frozenset(
    {"username", "display_name", "avatar", "state", "is_staff", "is_superuser"}
)


def user_saved(
    sender: type[User], instance: User, created: bool, update_fields: Any, **kwargs: Any
) -> None:
    if created or (update_fields is not None and not SHOWN_USER_FIELDS & set(update_fields)):
        return  # e.g. a login, which saves only last_login
    authors_topics_threads_changed(author_ids=[instance.pk])


def user_groups_changed(
    sender: type[Any],
    instance: User | Group,
    action: str,
    reverse: bool,
    pk_set: set[int] | None,
    **kwargs: Any,
) -> None:
    """Roles are groups: joining or leaving Moderators adds or drops the badge."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        authors_topics_threads_changed(author_ids=[instance.pk])
    elif pk_set:
        authors_topics_threads_changed(author_ids=pk_set)
    else:  # a group emptied: who was in it is no longer known
        Topic.objects.update(discussion_version=NEXT_VERSION)


def email_address_confirmed(
    sender: type[EmailAddress], email_address: EmailAddress, **kwargs: Any
) -> None:
    imported_posts_claim(user=email_address.user, email=email_address.email)


def connect() -> None:
    post_save.connect(user_saved, sender=User, dispatch_uid="forum.user_saved")
    m2m_changed.connect(
        user_groups_changed, sender=User.groups.through, dispatch_uid="forum.user_groups_changed"
    )
    email_confirmed.connect(
        email_address_confirmed, dispatch_uid="discussions.email_address_confirmed"
    )
