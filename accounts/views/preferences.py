from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect

from config.web.form_responses import render_form
from config.web.html_errors import service_errors_on_form

from ..profile_forms import NotificationPreferencesForm
from ..requests import AuthenticatedHttpRequest
from ..selectors import notification_kinds_for, notification_preferences_for
from ..services.preferences import notification_preferences_update
from ..viewer import viewer_for


@login_required
def settings_notifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every kind the user may receive with its delivery; suspended users may still turn
    mail off, so unlike the profile this page is not refused to them."""
    user = request.user
    viewer = viewer_for(request)
    kinds = notification_kinds_for(viewer=viewer)
    if request.method == "POST":
        form = NotificationPreferencesForm(request.POST, kinds=kinds)
        if form.is_valid():
            with service_errors_on_form(form):
                notification_preferences_update(user=user, preferences=form.cleaned_data)
                messages.success(request, "Your notification settings are saved.")
                return redirect("accounts:settings_notifications")
    else:
        form = NotificationPreferencesForm(
            initial=notification_preferences_for(viewer=viewer), kinds=kinds
        )
    return render_form(request, "accounts/settings_notifications.html", {"form": form}, form=form)
