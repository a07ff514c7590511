"""The article admin's editing aids: the Highlights outline editor (drag or buttons, no
numbers to type), the body's preview, and times shown in the site's zone, named.

The script static/js/article-admin.js moves rows and fills in the hidden position and depth
fields; the formset checks the outline again here, so a page without the script, or a
hand-made request, cannot save an outline that does not nest.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import (
    AdminSplitDateTime,
    AdminTextareaWidget,
    BaseAdminDateWidget,
    BaseAdminTimeWidget,
)
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import DateTimeField, Field, URLField
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, path, reverse

from .highlights import highlight_outline_errors
from .models import Article, Highlight
from .rendering import render_article_body
from .times import site_time_zone_label


class ZonedSplitDateTime(AdminSplitDateTime):
    """The admin's date and time boxes, the time to the minute, the site's zone named."""

    template_name = "admin/articles/widgets/zoned_split_datetime.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets: list[forms.Widget | type[forms.Widget]] = [
            BaseAdminDateWidget,
            BaseAdminTimeWidget(format="%H:%M"),
        ]
        forms.MultiWidget.__init__(self, widgets, attrs)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["zone_label"] = site_time_zone_label()
        return context


class HighlightForm(forms.ModelForm[Highlight]):
    class Meta:
        model = Highlight
        fields = ("position", "depth", "text")
        widgets = {
            "position": forms.HiddenInput,
            "depth": forms.HiddenInput,
            # Wraps instead of scrolling, so the whole bullet is in view.
            "text": forms.Textarea(attrs={"rows": 2, "class": "highlight-text"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The script fills the position in; a row added without it goes after the others.
        self.fields["position"].required = False


class HighlightInlineFormSet(
    forms.BaseInlineFormSet[Highlight, Article, forms.ModelForm[Highlight]]
):
    """Checks that the highlights, in position order, form an outline readers can see nested."""

    def clean(self) -> None:
        if any(self.errors):
            # Each bad row already says what is wrong; an outline of the rest would mislead.
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)  # type: ignore[attr-defined]  # Django's own test of the DELETE box, private, so not in the stubs
        ]
        _position_unplaced(kept)
        rows = sorted((form.cleaned_data["position"], form.cleaned_data["depth"]) for form in kept)
        positions = [position for position, _ in rows]
        errors = [
            f"More than one highlight has position {position}: give each its own position."
            for position in sorted(set(positions))
            if positions.count(position) > 1
        ]
        errors += highlight_outline_errors([depth for _, depth in rows], Highlight.MAX_DEPTH)
        if errors:
            raise ValidationError(errors)
        super().clean()


def _position_unplaced(forms_kept: list[forms.ModelForm[Highlight]]) -> None:
    """Give each row that came without a position one after all the others, in page order."""
    placed = [form.cleaned_data["position"] for form in forms_kept]
    next_position = max((p for p in placed if p is not None), default=-1) + 1
    for form in forms_kept:
        if form.cleaned_data["position"] is None:
            form.cleaned_data["position"] = form.instance.position = next_position
            next_position += 1


class HighlightInline(admin.TabularInline[Highlight, Article]):
    model = Highlight
    form = HighlightForm
    formset = HighlightInlineFormSet
    fields = ("position", "depth", "text")
    ordering = ("position", "id")
    extra = 3
    # Django's tabular inline, less the label that repeated each row's text, plus the row's
    # move and indent controls.
    template = "admin/articles/article/highlights_inline.html"
    classes = ("highlights-editor",)


class ArticleEditorAdmin(admin.ModelAdmin[Article]):
    """The article form's widgets, and the body preview's view (staff with the right to add or
    change articles; the rendering is the article page's own)."""

    formfield_overrides: ClassVar[dict[type[Field[Any, Any]], dict[str, Any]]] = {
        # A source link typed without a scheme is taken as https, not http.
        URLField: {"assume_scheme": "https"},
        DateTimeField: {"widget": ZonedSplitDateTime},
    }

    class Media:
        css: ClassVar[dict[str, tuple[str, ...]]] = {"all": ("css/article-admin.css",)}
        js = ("js/article-admin.js",)

    def formfield_for_dbfield(
        self, db_field: Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        if db_field.name == "body":
            kwargs["widget"] = AdminTextareaWidget(
                attrs={
                    "rows": 30,
                    "data-preview-url": reverse("admin:articles_article_body_preview"),
                }
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_urls(self) -> list[URLPattern]:
        preview = path(
            "body-preview/",
            self.admin_site.admin_view(self.body_preview_view),
            name="articles_article_body_preview",
        )
        return [preview, *super().get_urls()]

    def body_preview_view(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        return HttpResponse(render_article_body(request.POST.get("body", "")).html)
