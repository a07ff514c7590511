"""The finance rules in the admin: administrators switch them on and tune them (Django's model
permissions, which superusers have); moderators may look. A save applies from the next post:
the compiled rules are told (config/web/compiled.py)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from accounts.viewer import viewer_for
from config.web.compiled import RecompiledOnSave
from forum.moderation.finance.config import finance_config
from forum.moderation.models import FinanceRules, PromotionPattern


class _StaffMayLook(admin.ModelAdmin[Model]):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return viewer_for(request).is_discussion_staff or super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return viewer_for(request).is_discussion_staff or super().has_view_permission(request, obj)


@admin.register(FinanceRules)
class FinanceRulesAdmin(RecompiledOnSave, _StaffMayLook):
    """One row: the rules in force. It cannot be deleted, and a second cannot be added."""

    recompiles = (finance_config,)
    fieldsets = (
        ("Pump language", {"fields": ("pump_enabled", "pump_window", "pump_min_multiple",
                                      "pump_phrases")}),
        ("Promotion", {"fields": ("promotion_enabled",)}),
        ("Disclosure", {"fields": ("disclosure_enabled",)}),
    )  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not FinanceRules.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(PromotionPattern)
class PromotionPatternAdmin(RecompiledOnSave, _StaffMayLook):
    recompiles = (finance_config,)
    fields = ("kind", "pattern", "note", "enabled")
    list_display = ("pattern", "kind", "note", "enabled")
    list_editable = ("enabled",)
    list_filter = ("kind", "enabled")
    search_fields = ("pattern", "note")
