"""The forms of the moderators' pages and of a reader's report. They check input only; what a
decision means is the services' business."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from config.web.query_params import whole_number
from forum.moderation.models import ModerationLogEntry, Report
from forum.moderation.services.decisions import REJECTION_REASONS, rejection_reason

SUSPENSION_DAYS = [(1, "1 day"), (3, "3 days"), (7, "7 days"), (30, "30 days")]


class ReportForm(forms.Form):
    """A reader's report. The service insists on a text for "other"."""

    reason = forms.ChoiceField(choices=Report.Reason.choices, widget=forms.RadioSelect)
    text = forms.CharField(required=False, max_length=500)


class DecisionForm(forms.Form):
    """Why a post is rejected or removed: a listed reason and, if the moderator likes, words."""

    reason = forms.ChoiceField(
        choices=list(REJECTION_REASONS.items()),
        initial="other",
        widget=forms.Select(attrs={"class": "mod-reason"}),
    )
    text = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": "Words for the author (optional)"}),
    )

    def author_reason(self) -> str:
        """What the author is shown. Call after is_valid()."""
        return rejection_reason(self.cleaned_data["reason"], self.cleaned_data["text"])


class SuspendForm(forms.Form):
    days = forms.TypedChoiceField(choices=SUSPENSION_DAYS, coerce=int, initial=3)
    reason = forms.CharField(max_length=500)

    def until(self) -> datetime:
        return timezone.now() + timedelta(days=self.cleaned_data["days"])


class BanForm(forms.Form):
    reason = forms.CharField(max_length=500)


class PostIdsField(forms.Field):
    """The ids of the posts ticked in a queue."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": "Select at least one comment.",
        "invalid": "Select comments from the queue.",
    }

    def to_python(self, value: Any) -> list[int]:
        if not value:
            return []
        ids = []
        for pk in value:
            # Not an id, or one past a bigint, which SQLite cannot even bind: refused here.
            number = whole_number(pk, minimum=1) if isinstance(pk, str) else None
            if number is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            ids.append(number)
        return ids


class BulkForm(DecisionForm):
    """One decision on every ticked post, the ones each item of the tab offers: in Pending,
    approve them or reject them for one reason; in Reported, remove them for one reason or
    dismiss their reports."""

    APPROVE = "approve"
    REJECT = "reject"
    REMOVE = "remove"
    DISMISS = "dismiss"

    text = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": "Words for the authors (optional)"}),
    )
    post = PostIdsField()
    decision = forms.ChoiceField(
        choices=[
            (APPROVE, "Approve"),
            (REJECT, "Reject"),
            (REMOVE, "Remove"),
            (DISMISS, "Dismiss reports"),
        ]
    )


class LogFilterForm(forms.Form):
    """The log's filters; every one optional. People are named by handle."""

    action = forms.ChoiceField(
        choices=[("", "Any action"), *ModerationLogEntry.Action.choices], required=False
    )
    actor = forms.CharField(label="By (handle)", required=False, max_length=30)
    subject = forms.CharField(label="Concerning (handle)", required=False, max_length=30)
    since = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def _user(self, field: str) -> User | None:
        handle = self.cleaned_data[field].strip().lstrip("@")
        if not handle:
            return None
        user = User.objects.filter(username__iexact=handle).first()
        if user is None:
            raise ValidationError("No account has that handle.")
        return user

    def clean_actor(self) -> User | None:
        return self._user("actor")

    def clean_subject(self) -> User | None:
        return self._user("subject")

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for moderation_log. Dates are whole days: `until` included."""
        data = self.cleaned_data
        return {
            "action": data["action"] or None,
            "actor": data["actor"],
            "subject_user": data["subject"],
            "since": _day_start(data["since"]),
            "until": _day_start(data["until"] + timedelta(days=1)) if data["until"] else None,
        }


def _day_start(day: date | None) -> datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.min))
