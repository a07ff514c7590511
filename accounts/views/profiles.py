from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from config.web.form_responses import render_form
from config.web.html_errors import service_errors_on_form

from ..permissions import restriction_refusal
from ..profile_forms import ProfileForm
from ..requests import AuthenticatedHttpRequest
from ..selectors import user_get_public, user_posts_public
from ..services.profiles import user_profile_update
from ..viewer import viewer_for

RECENT_POSTS_SHOWN = 10


def profile_detail(request: HttpRequest, handle: str) -> HttpResponse:
    profile = user_get_public(handle=handle)
    if handle != profile.username:
        return redirect(profile, permanent=True)
    posts = user_posts_public(user=profile)
    context = {
        "profile": profile,
        "post_count": posts.count(),
        "recent_posts": posts[:RECENT_POSTS_SHOWN],
    }
    return render(request, "accounts/profile_detail.html", context)


@login_required
def settings_profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if refusal := restriction_refusal(viewer_for(request)):
        return render(request, "accounts/settings_profile.html", {"refusal": refusal}, status=403)
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES)
        if form.is_valid():
            with service_errors_on_form(form):
                user_profile_update(user=user, **form.cleaned_data)
                messages.success(request, "Your profile is saved.")
                return redirect("accounts:settings_profile")
    else:
        form = ProfileForm(initial={"display_name": user.display_name, "bio": user.bio})
    return render_form(request, "accounts/settings_profile.html", {"form": form}, form=form)
