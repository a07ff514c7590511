from __future__ import annotations

from django import forms

from forum.discussions.models import Position


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
        # No max_length: a browser would silently cut a long paste at it; the service
        # refuses an oversize body with a message saying how long it is.
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Markdown: *emphasis*, [links](https://…), > quotes, lists and `code`.",
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    disclosure = forms.ChoiceField(
        required=False,
        label="Your position in the tickers or companies you name",
        choices=[("", "Not saying"), *Position.choices],
        help_text="Shown with your comment. Comments that talk a stock up without one are "
        "reviewed first.",
    )


class TopicForm(HoneypotForm):
    title = forms.CharField(max_length=200, min_length=5)
    body = PostForm.base_fields["body"]
    disclosure = PostForm.base_fields["disclosure"]


class PostEditForm(HoneypotForm):
    body = PostForm.base_fields["body"]
    reason = forms.CharField(
        required=False,
        max_length=500,
        label="Why you edit it (optional; its author is told)",
        widget=forms.TextInput,
    )
