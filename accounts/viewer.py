"""Who is looking: one typed object that the permission rules ask, built once per request.

`viewer_for(request)` is the person behind a request, made on first use and kept on the
request, so a page asks the database about their roles and their verified address at most
once however many comments it checks. `Viewer.of(user)` is any other person the rules weigh:
the user a service acts for (services take the `User` and check with `Viewer.of(user)`), or
the author of a comment whose roles a page read with everyone else's (`roles=`).

What a query already read (the roles of a page's authors, what posting reads with the
author's row lock) is handed to `Viewer.of`; anything else is read when first asked, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from allauth.account.models import EmailAddress
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, Group
from django.db.models import CharField, Exists, OuterRef, QuerySet, Value
from django.http import HttpRequest
from rest_framework.request import Request

from .models import User
from .roles import DISCUSSION_STAFF_ROLES, Role, role_names_read

_ON_THE_REQUEST = "_viewer"
# The annotations users_with_checks() adds, which Viewer.of_checked() takes off the user.
_VERIFIED = "viewer_email_verified"
_STAFF = "viewer_discussion_staff"


@dataclass(frozen=True, eq=False)
class Viewer:
    """A person as the permission rules see them; `user` is None for someone logged out.

    The `*_known` fields are what a query already read, given to `Viewer.of`; each is read
    from the database when first needed otherwise.
    """

    user: User | None
    roles_known: frozenset[str] | None = field(default=None, repr=False)
    email_verified_known: bool | None = field(default=None, repr=False)
    discussion_staff_known: bool | None = field(default=None, repr=False)

    @classmethod
    def of(
        cls,
        user: AbstractBaseUser | AnonymousUser | None,
        *,
        roles: frozenset[str] | None = None,
        email_verified: bool | None = None,
        discussion_staff: bool | None = None,
    ) -> Viewer:
        """`user` as the rules see them; `roles`, `email_verified` and `discussion_staff`
        when a query read them already (`discussion_staff` alone, without the roles, is what
        posting reads with the author's row)."""
        if not isinstance(user, User) or not user.is_authenticated:
            return cls(user=None)
        return cls(
            user=user,
            roles_known=roles,
            email_verified_known=email_verified,
            discussion_staff_known=discussion_staff,
        )

    @classmethod
    def of_checked(cls, user: User) -> Viewer:
        """A user read through users_with_checks(): what that statement read goes onto the
        Viewer, and off the user, which is left as the ORM reads it without them."""
        read = vars(user)
        return cls.of(
            user, email_verified=bool(read.pop(_VERIFIED)), discussion_staff=bool(read.pop(_STAFF))
        )

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    @property
    def pk(self) -> int | None:
        return self.user.pk if self.user is not None else None

    @property
    def is_active(self) -> bool:
        return self.user is not None and self.user.is_active

    @property
    def is_staff(self) -> bool:
        """Django's staff flag: may use the admin (every moderator and editor has it)."""
        return self.user is not None and self.user.is_staff

    @property
    def is_superuser(self) -> bool:
        return self.user is not None and self.user.is_superuser

    @cached_property
    def role_names(self) -> frozenset[str]:
        """The names of the roles (groups) held; one query the first time, unless known."""
        if self.user is None:
            return frozenset()
        if self.roles_known is not None:
            return self.roles_known
        return role_names_read(self.user)

    def has_role(self, role: Role) -> bool:
        return role in self.role_names

    @cached_property
    def is_discussion_staff(self) -> bool:
        """Moderators, administrators and superusers: they carry the Moderator badge and
        moderate."""
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        if self.discussion_staff_known is not None:
            return self.discussion_staff_known
        return not self.role_names.isdisjoint(DISCUSSION_STAFF_ROLES)

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.has_role(Role.ADMINISTRATORS)

    @cached_property
    def email_verified(self) -> bool:
        """Whether the person has a verified address; one query the first time, unless known."""
        if self.user is None:
            return False
        if self.email_verified_known is not None:
            return self.email_verified_known
        verified: bool = EmailAddress.objects.filter(user=self.user, verified=True).exists()
        return verified

    def has_perm(self, perm: str) -> bool:
        """Django's permission check (which caches the permissions on the user itself)."""
        return self.user is not None and bool(self.user.has_perm(perm))


def users_with_checks(users: QuerySet[User]) -> QuerySet[User]:
    """`users` read with whether each has a verified address and holds a discussion staff role,
    in the same statement (posting reads them with the author's row lock); Viewer.of_checked()
    makes each a Viewer that checks them without a query."""
    memberships = Group.user_set.through.objects.filter(
        user_id=OuterRef("pk"), group__name__in=DISCUSSION_STAFF_ROLES
    )
    return users.annotate(
        **{
            _VERIFIED: Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)),
            _STAFF: Exists(memberships),
        }
    )


def viewer_for(request: HttpRequest | Request, *, with_checks: bool = False) -> Viewer:
    """The person behind `request`, built on first use and kept on the request object: every
    later call in the same request (views, context processors, template tags) gets the same
    Viewer and what it has read. Given a REST framework request, the user its authentication
    found.

    `with_checks`, on the first call: the page will ask both the person's roles and whether
    their address is verified (a page they may post on): both are read now, in one query,
    rather than one query each when first asked."""
    # The object's own attributes: a REST framework request would otherwise answer with those
    # of the Django request it wraps, whose user its authentication may not have set yet.
    kept = vars(request)
    viewer = kept.get(_ON_THE_REQUEST)
    if not isinstance(viewer, Viewer):
        viewer = Viewer.of(request.user)
        if with_checks and viewer.user is not None:
            roles, verified = _checks_read(viewer.user)
            viewer = Viewer.of(viewer.user, roles=roles, email_verified=verified)
        kept[_ON_THE_REQUEST] = viewer
    return viewer


_ROLE, _VERIFIED_ADDRESS = "role", "verified"


def _checks_read(user: User) -> tuple[frozenset[str], bool]:
    """The names of the user's roles, and whether they have a verified address: one query,
    the union of the two reads Viewer would otherwise make."""
    kind = CharField()
    roles = Group.objects.filter(user=user).values_list("name", Value(_ROLE, output_field=kind))
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", Value(_VERIFIED_ADDRESS, output_field=kind)
    )
    rows = list(roles.order_by().union(verified.order_by(), all=True))
    names = frozenset(name for name, what in rows if what == _ROLE)
    return names, any(what == _VERIFIED_ADDRESS for _, what in rows)
