"""allauth's account pages, each form page answering 400 when it shows its form's errors.

Every pattern of allauth.account.urls is kept (the list follows the allauth settings: login by
code, password reset by code ...), and every view that is a FormView is served by a subclass
with config.web.form_responses.InvalidFormStatusMixin. So a form page allauth adds later answers
the same way without anyone listing it here. config/urls.py includes this before allauth.urls,
whose patterns of the same paths are then never reached.
"""

from __future__ import annotations

from typing import Any

from allauth.account import urls as allauth_account_urls
from django.urls import URLPattern, URLResolver
from django.views.generic.edit import FormView

from config.web.form_responses import InvalidFormStatusMixin


def _with_invalid_form_status(pattern: URLPattern | URLResolver) -> URLPattern | URLResolver:
    view_class = getattr(getattr(pattern, "callback", None), "view_class", None)
    if not isinstance(pattern, URLPattern) or view_class is None:
        return pattern
    if not issubclass(view_class, FormView):
        return pattern
    subclass: type[FormView[Any]] = type(
        view_class.__name__, (InvalidFormStatusMixin, view_class), {}
    )
    callback: Any = pattern.callback  # as_view()'s function, carrying view_initkwargs
    view = subclass.as_view(**callback.view_initkwargs)
    return URLPattern(pattern.pattern, view, pattern.default_args, pattern.name)


urlpatterns = [_with_invalid_form_status(p) for p in allauth_account_urls.urlpatterns]
