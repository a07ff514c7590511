"""The account-state side of the users' admin: suspending, banning and reinstating, and the
history of those changes. Accounts' UserAdmin knows nothing of them; it is registered again here
with the changelist actions and each account's history, so the users' pages stay where they
are (/admin/accounts/user/) while moderation, which owns the records, adds to them.

States change only through `forum.moderation.services.account_states`, from the changelist
actions, each asking for a reason on a confirmation page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import ngettext

from accounts.admin import UserAdmin
from accounts.models import User
from accounts.requests import authenticated_user
from forum.moderation.models import AccountStateChange
from forum.moderation.services.account_states import user_ban, user_reinstate, user_suspend


class StateChangeForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Sent to the account holder and kept in the account's history.",
    )


class SuspendForm(StateChangeForm):
    days = forms.IntegerField(min_value=1, max_value=365, initial=7, label="Days")


class AccountStateChangeInline(admin.TabularInline[AccountStateChange, User]):
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


admin.site.unregister(User)


@admin.register(User)
class ModeratedUserAdmin(UserAdmin):
    """Accounts' admin of users, with the state actions and each account's history."""

    inlines = (*UserAdmin.inlines, AccountStateChangeInline)
    actions = ("suspend_users", "ban_users", "reinstate_users")

    def has_suspend_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("accounts.suspend_user")

    def has_ban_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("accounts.ban_user")

    @admin.action(description="Suspend for 7 days…", permissions=["suspend"])
    def suspend_users(
        self, request: HttpRequest, queryset: QuerySet[User]
    ) -> TemplateResponse | None:
        def suspend(user: User, data: dict[str, Any]) -> None:
            until = timezone.now() + timedelta(days=data["days"])
            user_suspend(
                user=user, by=authenticated_user(request), until=until, reason=data["reason"]
            )

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
            user_ban(user=user, by=authenticated_user(request), reason=data["reason"])

        return self._change_states(
            request, queryset, form_class=StateChangeForm, title="Ban", done="banned", apply=ban
        )

    @admin.action(description="Reinstate…", permissions=["suspend", "ban"])
    def reinstate_users(
        self, request: HttpRequest, queryset: QuerySet[User]
    ) -> TemplateResponse | None:
        def reinstate(user: User, data: dict[str, Any]) -> None:
            user_reinstate(user=user, by=authenticated_user(request), reason=data["reason"])

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
class AccountStateChangeAdmin(admin.ModelAdmin[AccountStateChange]):
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
