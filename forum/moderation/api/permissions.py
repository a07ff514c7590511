"""Who may use the moderation API: discussion staff, anyone else refused with a 403."""

from __future__ import annotations

from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from accounts.viewer import viewer_for


class IsDiscussionStaff(BasePermission):
    message = "Only moderators can do this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return viewer_for(request).is_discussion_staff
