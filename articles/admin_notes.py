"""The article admin's "Corrections and updates" inline: editors add a dated note to a published
article. Every note is written through `articles.services` (article_note_save, and
article_note_delete), so the page is rendered afresh and readers are told as anywhere else."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from django import forms
from django.contrib import admin
from django.db.models import Field, TextField
from django.http import HttpRequest

from accounts.models import User

from .models import Article, ArticleNote
from .services import article_note_delete, article_note_save


class ArticleNoteInlineFormSet(forms.BaseInlineFormSet):  # type: ignore[type-arg]
    """Saves and deletes notes through the services, naming the editor who saved them (who is
    not told of their own note)."""

    editor: User | None = None

    def save_new(self, form: forms.ModelForm[ArticleNote], commit: bool = True) -> ArticleNote:
        note: ArticleNote = super().save_new(form, commit=False)
        return article_note_save(note=note, editor=self.editor) if commit else note

    def save_existing(
        self, form: forms.ModelForm[ArticleNote], obj: ArticleNote, commit: bool = True
    ) -> ArticleNote:
        note: ArticleNote = super().save_existing(form, obj, commit=False)
        return article_note_save(note=note, editor=self.editor) if commit else note

    def delete_existing(self, obj: ArticleNote, commit: bool = True) -> None:
        if commit:
            article_note_delete(note=obj)


class ArticleNoteInline(admin.StackedInline):  # type: ignore[type-arg]
    model = ArticleNote
    formset = ArticleNoteInlineFormSet
    fields = ("kind", "at", "text", "do_not_notify", "readers_told_at")
    readonly_fields = ("readers_told_at",)
    extra = 0
    verbose_name = "correction or update"
    verbose_name_plural = "Corrections and updates"
    formfield_overrides: ClassVar[dict[type[Field[Any, Any]], dict[str, Any]]] = {
        TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 100})}
    }

    def get_formset(
        self, request: HttpRequest, obj: Article | None = None, **kwargs: Any
    ) -> type[ArticleNoteInlineFormSet]:
        # A class of its own for this request (the factory makes one on each call).
        formset = cast(type[ArticleNoteInlineFormSet], super().get_formset(request, obj, **kwargs))
        formset.editor = request.user if isinstance(request.user, User) else None
        return formset
