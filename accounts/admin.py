"""Where administrators manage people: profiles and roles.

Roles go through `user_set_roles`, which keeps admin access (`is_staff`) in step with them.
Account states show read-only: moderation (forum/moderation/admin_account_states.py) registers
this admin again with the actions that change them and each account's history.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest

from .models import User
from .requests import authenticated_user
from .services.roles import user_set_roles

STATE_FIELDS = ("state", "suspended_until", "state_reason")
TRUST_FIELDS = ("trust_level_granted", "visit_days", "last_visit_on", "upheld_reports")


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    list_display = (
        "username",
        "email",
        "display_name",
        "state",
        "suspended_until",
        "is_staff",
        "date_joined",
    )
    list_filter = ("state", "groups", "is_staff")
    search_fields = ("username", "email", "display_name")
    filter_horizontal = ("groups",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Profile", {"fields": ("display_name", "bio", "avatar")}),
        ("Personal info", {"fields": ("email", "first_name", "last_name")}),
        (
            "Roles",
            {
                "fields": ("groups", "is_staff", "is_superuser"),
                "description": (
                    "Moderators, editors and administrators get admin access (staff) with "
                    "their role, and lose it with it."
                ),
            },
        ),
        (
            "State",
            {
                "fields": ("is_active", *STATE_FIELDS),
                "description": (
                    "Change the state with the Suspend, Ban and Reinstate actions on the list "
                    "of users, so the holder is told and the history records it."
                ),
            },
        ),
        (
            "Trust",
            {
                "fields": TRUST_FIELDS,
                "description": (
                    "What the forum's trust level weighs besides approved posts and the account's "
                    "age. Moderators trust an author with “Approve and trust this author” in the "
                    "moderation queue, which the log records."
                ),
            },
        ),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "email", "usable_password", "password1", "password2"),
            },
        ),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        readonly: tuple[str, ...] = (
            "is_staff",
            "is_active",
            *STATE_FIELDS,
            *TRUST_FIELDS,
            "last_login",
            "date_joined",
        )
        if not request.user.is_superuser:
            # Only a superuser makes another: an administrator cannot rise above the role.
            readonly += ("is_superuser",)
        return readonly

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Removing the row would take the person's posts out of their threads; accounts are
        # deleted by their holders (`account_delete`), and abusive ones are banned.
        return False

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm[User], formsets: Any, change: bool
    ) -> None:
        # Taken out of cleaned_data so the form's own m2m save leaves them to the service.
        roles = form.cleaned_data.pop("groups", None)
        super().save_related(request, form, formsets, change)
        if roles is not None:
            user_set_roles(user=form.instance, roles=roles, by=authenticated_user(request))
