"""The page a reader reports a comment on, under the comment's own path: mounted at /forum/ by
config/urls.py, in the "reports" namespace."""

from django.urls import path

from forum.moderation.views import reports

app_name = "reports"

urlpatterns = [
    path("p/<id:pk>/report/", reports.post_report, name="post"),
]
