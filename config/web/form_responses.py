"""A page that shows a form back with its errors answers 400, not 200 (429, with Retry-After,
when a rate limit refused it: config/web/html_errors.py's service_errors_on_form).

The form and its errors are the same page either way; the status lets a client, a test or a
monitor tell "saved" from "refused" without reading the HTML (as the API's 400s already do).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .html_errors import form_retry_after

INVALID_FORM_STATUS = 400
RATE_LIMITED_STATUS = 429


def form_status(form: BaseForm | None) -> int:
    """400 for a submitted form with errors (429 when a rate limit refused it), else 200."""
    if form is not None and form.is_bound and form.errors:
        if form_retry_after(form) is not None:
            return RATE_LIMITED_STATUS
        return INVALID_FORM_STATUS
    return 200


def render_form(
    request: HttpRequest,
    template_name: str,
    context: Mapping[str, Any],
    *,
    form: BaseForm | None,
) -> HttpResponse:
    """render(), with form_status(form) as the status, and Retry-After with a 429."""
    response = render(request, template_name, context, status=form_status(form))
    if form is not None and (retry_after := form_retry_after(form)) is not None:
        response["Retry-After"] = str(retry_after)
    return response


class InvalidFormStatusMixin:
    """For a class-based FormView: form_invalid() answers 400.

    A redirect or other answer that form_invalid() chose is left as it is.
    """

    def form_invalid(self, form: BaseForm) -> HttpResponse:
        response: HttpResponse = super().form_invalid(form)  # type: ignore[misc]  # a mixin: the FormView it goes before has form_invalid
        if response.status_code == 200:
            response.status_code = INVALID_FORM_STATUS
        return response
