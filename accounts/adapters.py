"""How allauth fits this site: new accounts become Readers, and mail goes out after commit."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from django.forms import BaseForm
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.crypto import get_random_string

from .models import User
from .roles import Role


class AccountAdapter(DefaultAccountAdapter):
    # The username is the public handle; messages about it should say so.
    error_messages = DefaultAccountAdapter.error_messages | {
        "username_blacklisted": "That handle is reserved. Please choose another.",
        "username_taken": "That handle is taken.",
        "username_password_mismatch": "The handle or email, or the password, is not right.",
        "email_password_mismatch": "The handle or email, or the password, is not right.",
    }

    def clean_username(self, username: str, shallow: bool = False) -> str:
        # Deleted accounts are renamed deleted_<id>; nobody else may look like one.
        if username.lower().startswith("deleted_"):
            raise self.validation_error("username_blacklisted")
        cleaned: str = super().clean_username(username, shallow=shallow)
        return cleaned

    def save_user(
        self, request: HttpRequest, user: User, form: BaseForm, commit: bool = True
    ) -> User:
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user.groups.add(Group.objects.get(name=Role.READERS))
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render the mail now, while the request is at hand; send it once the data commits.

        A mail about a row that is rolled back (a verification key, a new address) would point
        at nothing. It is laid out as the notification mails are, under the site's name rather
        than the request's host (templates/account/email/).
        """
        request = allauth_context.request
        site = get_current_site(request)
        site.name = settings.SITE_NAME  # the request's host name is no greeting
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": request,
                "email": email,
                "current_site": site,
                "site_url": settings.SITE_URL,
            }
            | context,
        )
        transaction.on_commit(message.send)

    def respond_email_verification_sent(
        self, request: HttpRequest, user: AbstractBaseUser | None
    ) -> HttpResponseBase:
        """The "we sent you a mail" answer that ends every sign-up.

        With ACCOUNT_PREVENT_ENUMERATION a sign-up with a registered address creates nothing
        and comes here with no user (allauth's stand-in login, in the HTML form and the
        headless API alike), answering as a real sign-up does. A real one has hashed the new
        password with the slow production hasher, though, so its answer came hundreds of
        milliseconds later: the stand-in hashes one too, and the two take as long.
        """
        if user is None:
            make_password(get_random_string(32))
        response: HttpResponseBase = super().respond_email_verification_sent(request, user)
        return response
