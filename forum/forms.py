from __future__ import annotations

from django import forms
from django.conf import settings


class HoneypotForm(forms.Form):
    """Forms people fill in carry a field they never see; a bot that fills it is refused."""

    website = forms.CharField(required=False, label="Leave this empty")

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise forms.ValidationError("This could not be posted.", code="honeypot")
        return ""


class PostForm(HoneypotForm):
    body = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=settings.FORUM_POST_MAX_LENGTH,
        help_text="Markdown: *emphasis*, [links](https://…), > quotes, lists and `code`.",
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class TopicForm(HoneypotForm):
    title = forms.CharField(max_length=200, min_length=5)
    body = PostForm.base_fields["body"]
