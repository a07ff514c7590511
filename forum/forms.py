from __future__ import annotations

from django import forms
from django.conf import settings


class PostForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=settings.FORUM_POST_MAX_LENGTH,
        help_text="Markdown: *emphasis*, [links](https://…), > quotes, lists and `code`.",
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class TopicForm(forms.Form):
    title = forms.CharField(max_length=200, min_length=5)
    body = PostForm.base_fields["body"]
