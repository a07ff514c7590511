"""How a page answers what did not go through, in one place for every app.

A service's errors (config/web/errors.py, and Django's PermissionDenied and ValidationError)
become a page saying why in the service's own words: 403 for PermissionDenied, 429 with
Retry-After for RateLimited, 400 for a ValidationError. A view names the errors it expects in
one line, `@service_errors_as_pages(...)`. Where the service works for a form, its errors go on
the form instead (`with service_errors_on_form(form):`), so that nothing typed is lost, and
config/web/form_responses.py gives the form page its status."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .errors import RateLimited, expected_errors_check

View = TypeVar("View", bound=Callable[..., HttpResponse])


def refusal_page(
    request: HttpRequest, message: str, *, status: int, retry_after: int | None = None
) -> HttpResponse:
    """The page saying why an action did not go through (templates/refused.html)."""
    response = render(request, "refused.html", {"message": message}, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def service_error_page(request: HttpRequest, error: Exception) -> HttpResponse:
    """The one mapping from a service error to a page, with the service's own message."""
    if isinstance(error, RateLimited):
        return refusal_page(request, error.message, status=429, retry_after=error.retry_after)
    if isinstance(error, PermissionDenied):
        return refusal_page(request, str(error), status=403)
    if isinstance(error, ValidationError):
        return refusal_page(request, " ".join(error.messages), status=400)
    raise TypeError(f"{type(error).__name__} is not a service error the pages map.")


def service_errors_as_pages(*expected: type[Exception]) -> Callable[[View], View]:
    """A view decorator: the errors named, let out by the view, become service_error_page.
    Put it nearest the view, under login_required and the method checks."""
    expected_errors_check(expected)

    def decorate(view: View) -> View:
        @wraps(view)
        def view_answering_errors(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                return view(request, *args, **kwargs)
            except expected as error:
                return service_error_page(request, error)

        return cast(View, view_answering_errors)

    return decorate


class RateLimitedFormError(ValidationError):
    """RateLimited, as the error above a form; form_responses answers it with a 429."""

    def __init__(self, limited: RateLimited) -> None:
        super().__init__(limited.message, code="rate_limited")
        self.retry_after = limited.retry_after


@contextmanager
def service_errors_on_form(form: BaseForm) -> Iterator[None]:
    """Around the service call of a form's view: a ValidationError goes on the form, each
    message on its field (a hidden field's, or one the form lacks, above the form), and
    RateLimited above the form. The view then shows the form again, with what was typed; a
    PermissionDenied passes, for service_errors_as_pages."""
    try:
        yield
    except RateLimited as limited:
        form.add_error(None, RateLimitedFormError(limited))
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            form.add_error(None, error)
            return
        for field, errors in error.error_dict.items():
            shown = field in form.fields and not form.fields[field].widget.is_hidden
            form.add_error(field if shown else None, errors)


def form_retry_after(form: BaseForm) -> int | None:
    """The seconds to wait when the form was refused by a rate limit, else None."""
    for error in form.non_field_errors().as_data():
        if isinstance(error, RateLimitedFormError):
            return error.retry_after
    return None
