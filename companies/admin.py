from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from django.contrib import admin

from companies.models import Company
from companies.tickers import directory
from config.web.compiled import RecompiledOnSave


@admin.register(Company)
class CompanyAdmin(RecompiledOnSave, admin.ModelAdmin[Company]):
    """The companies recognised in comments; a change applies to the next comment posted."""

    recompiles = (directory,)
    list_display = ("name", "tickers", "aliases", "updated_at")
    search_fields = ("name", "tickers", "aliases")
    prepopulated_fields: ClassVar[dict[str, Sequence[str]]] = {"slug": ("name",)}
