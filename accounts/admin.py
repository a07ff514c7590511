"""Where administrators manage people: profiles, roles, and (with moderators) account states.

States change only through `accounts.services.states`, from the changelist actions, each
asking for a reason on a confirmation page; the form shows them read-only. Roles go through
`user_set_roles`, which keeps admin access (`is_staff`) in step with them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import ngettext

from .models import AccountStateChange, User
from .services.roles import user_set_roles
from .services.states import user_ban, user_reinstate, user_suspend

STATE_FIELDS = ("state", "suspended_until", "state_reason")


class StateChangeForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Sent to the account holder and kept in the account's history.",
    )


class SuspendForm(StateChangeForm):
    days = forms.IntegerField(min_value=1, max_value=365, initial=7, label="Days")


class AccountStateChangeInline(admin.TabularInline):
    """The account's history, newest first; records are never edited or removed."""

    model = AccountStateChange
    fk_name = "user"
    fields = ("created_at", "from_state", "to_state", "until", "reason", "changed_by")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Whoever may look at accounts (moderators included) sees what happened to them.
        return request.user.has_perm("accounts.view_user")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = (AccountStateChangeInline,)
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
    actions = ("suspend_users", "ban_users", "reinstate_users")
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
        readonly = ("is_staff", "is_active", *STATE_FIELDS, "last_login", "date_joined")
        if not request.user.is_superuser:
            # Only a superuser makes another: an administrator cannot rise above the role.
            readonly += ("is_superuser",)
        return readonly

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Removing the row would take the person's posts out of their threads; accounts are
        # deleted by their holders (`account_delete`), and abusive ones are banned.
        return False

    def has_suspend_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("accounts.suspend_user")

    def has_ban_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("accounts.ban_user")

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool
    ) -> None:
        # Taken out of cleaned_data so the form's own m2m save leaves them to the service.
        roles = form.cleaned_data.pop("groups", None)
        super().save_related(request, form, formsets, change)
        if roles is not None:
            user_set_roles(user=form.instance, roles=roles, by=request.user)

    @admin.action(description="Suspend for 7 days…", permissions=["suspend"])
    def suspend_users(
        self, request: HttpRequest, queryset: QuerySet[User]
    ) -> TemplateResponse | None:
        def suspend(user: User, data: dict[str, Any]) -> None:
            until = timezone.now() + timedelta(days=data["days"])
            user_suspend(user=user, by=request.user, until=until, reason=data["reason"])

        return self._change_states(
            request,
            queryset,
            form_class=SuspendForm,
            title="Suspend",
            done="suspended",
            apply=suspend,
        )

    @admin.action(description="Ban…", permissions=["ban"])
    def ban_users(self, request: HttpRequest, queryset: QuerySet[User]) -> TemplateResponse | None:
        def ban(user: User, data: dict[str, Any]) -> None:
            user_ban(user=user, by=request.user, reason=data["reason"])

        return self._change_states(
            request, queryset, form_class=StateChangeForm, title="Ban", done="banned", apply=ban
        )

    @admin.action(description="Reinstate…", permissions=["suspend", "ban"])
    def reinstate_users(
        self, request: HttpRequest, queryset: QuerySet[User]
    ) -> TemplateResponse | None:
        def reinstate(user: User, data: dict[str, Any]) -> None:
            user_reinstate(user=user, by=request.user, reason=data["reason"])

        return self._change_states(
            request,
            queryset,
            form_class=StateChangeForm,
            title="Reinstate",
            done="reinstated",
            apply=reinstate,
        )

    def _change_states(
        self,
        request: HttpRequest,
        queryset: QuerySet[User],
        *,
        form_class: type[StateChangeForm],
        title: str,
        done: str,
        apply: Callable[[User, dict[str, Any]], None],
    ) -> TemplateResponse | None:
        """Ask for the reason on a confirmation page; once given, `apply` it to each user.

        Each user changes in a transaction of their own; one the service refuses (an
        administrator, yourself, already banned) is named with why and the rest go ahead.
        """
        form = form_class(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "title": f"{title} accounts",
                "opts": self.opts,
                "form": form,
                "users": queryset,
                "action": request.POST["action"],
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "submit_label": title,
            }
            return TemplateResponse(request, "admin/accounts/user/change_state.html", context)
        changed = 0
        for user in queryset:
            try:
                apply(user, form.cleaned_data)
            except ValidationError as error:
                refusal = " ".join(error.messages)
            except PermissionDenied as error:
                refusal = str(error)
            else:
                changed += 1
                continue
            self.message_user(
                request, f"@{user.username} was not {done}: {refusal}", messages.WARNING
            )
        self.message_user(
            request,
            ngettext("%(count)d account %(done)s.", "%(count)d accounts %(done)s.", changed)
            % {"count": changed, "done": done},
        )
        return None


@admin.register(AccountStateChange)
class AccountStateChangeAdmin(admin.ModelAdmin):
    """The moderation record: looked at and filtered, never added to, edited or removed here.

    Whoever may look at accounts may look at it, as on each account's page.
    """

    list_display = (
        "created_at",
        "user__username",
        "from_state",
        "to_state",
        "until",
        "changed_by__username",
        "reason",
    )
    list_select_related = ("user", "changed_by")
    list_filter = ("to_state", ("changed_by", admin.RelatedOnlyFieldListFilter), "created_at")
    search_fields = ("user__username", "reason")
    date_hierarchy = "created_at"

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("accounts.view_user")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
