"""The account itself, from its holder's side: download its data, or delete it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from config.web.form_responses import render_form

from ..permissions import check_current_password
from ..requests import AuthenticatedHttpRequest
from ..services.deletion import account_delete
from ..services.export import account_export


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label="Current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        check_current_password(self.request, password)
        return password


@login_required
@require_GET
def settings_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    response = JsonResponse(account_export(user=request.user), json_dumps_params={"indent": 2})
    filename = f"{slugify(settings.SITE_NAME)}-{request.user.username}.json"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def settings_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        account_delete(user=request.user)
        logout(request)
        messages.success(request, "Your account is deleted. Thank you for taking part.")
        return redirect("articles:list")
    return render_form(request, "accounts/settings_delete.html", {"form": form}, form=form)
