"""The one mapping from service errors to pages and forms (config/web/html_errors.py), and the
status a form page answers with (config/web/form_responses.py)."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from config.web.errors import RateLimited
from config.web.form_responses import form_status, render_form
from config.web.html_errors import (
    form_retry_after,
    service_error_page,
    service_errors_as_pages,
    service_errors_on_form,
)

pytestmark = pytest.mark.django_db


def _request() -> HttpRequest:
    request = RequestFactory().post("/")
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


class _CommentForm(forms.Form):
    body = forms.CharField()
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _bound_form() -> _CommentForm:
    form = _CommentForm({"body": "What I typed"})
    assert form.is_valid()
    return form


def test_service_error_page_answers_permission_denied_with_403_and_the_reason() -> None:
    response = service_error_page(_request(), PermissionDenied("Your account is banned."))

    assert response.status_code == 403
    assert "Your account is banned." in response.content.decode()


def test_service_error_page_answers_rate_limited_with_429_the_services_message_and_wait() -> None:
    limited = RateLimited(retry_after=60, what="You have reported many comments this hour.")

    response = service_error_page(_request(), limited)

    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert (
        "You have reported many comments this hour. Try again in 60 seconds."
        in response.content.decode()
    )


def test_service_error_page_answers_validation_error_with_400_and_its_messages() -> None:
    response = service_error_page(_request(), ValidationError("That topic is closed."))

    assert response.status_code == 400
    assert "That topic is closed." in response.content.decode()


def test_service_errors_as_pages_answers_the_errors_the_view_names() -> None:
    @service_errors_as_pages(PermissionDenied)
    def view(request: HttpRequest) -> HttpResponse:
        raise PermissionDenied("Comments are closed on this article.")

    response = view(_request())

    assert response.status_code == 403
    assert "Comments are closed on this article." in response.content.decode()


def test_service_errors_as_pages_lets_an_error_the_view_did_not_name_pass() -> None:
    @service_errors_as_pages(PermissionDenied)
    def view(request: HttpRequest) -> HttpResponse:
        raise RateLimited(retry_after=1)

    with pytest.raises(RateLimited):
        view(_request())


def test_service_errors_as_pages_refuses_an_error_no_mapping_knows() -> None:
    with pytest.raises(TypeError):
        service_errors_as_pages(LookupError)


def test_service_errors_on_form_puts_each_message_on_its_field() -> None:
    form = _bound_form()

    with service_errors_on_form(form):
        raise ValidationError({"body": "Write at least 2 characters."})

    assert form.errors["body"] == ["Write at least 2 characters."]
    assert form_status(form) == 400


def test_service_errors_on_form_says_above_it_what_a_hidden_or_missing_field_has() -> None:
    form = _bound_form()

    with service_errors_on_form(form):
        raise ValidationError(
            {"parent": "That comment can no longer be replied to.", "topic": "Closed."}
        )

    assert form.non_field_errors() == ["That comment can no longer be replied to.", "Closed."]
    assert "parent" not in form.errors


def test_service_errors_on_form_says_above_it_what_a_message_without_field_says() -> None:
    form = _bound_form()

    with service_errors_on_form(form):
        raise ValidationError("The same comment twice.")

    assert form.non_field_errors() == ["The same comment twice."]


def test_service_errors_on_form_answers_rate_limited_with_429_and_retry_after() -> None:
    form = _bound_form()

    with service_errors_on_form(form):
        raise RateLimited(retry_after=12)

    assert form.non_field_errors() == ["You are posting too quickly. Try again in 12 seconds."]
    assert form_retry_after(form) == 12
    response = render_form(_request(), "refused.html", {"message": ""}, form=form)
    assert response.status_code == 429
    assert response["Retry-After"] == "12"


def test_service_errors_on_form_lets_permission_denied_pass() -> None:
    with pytest.raises(PermissionDenied), service_errors_on_form(_bound_form()):
        raise PermissionDenied("No.")


def test_form_retry_after_is_none_when_no_rate_limit_refused_the_form() -> None:
    assert form_retry_after(_bound_form()) is None
