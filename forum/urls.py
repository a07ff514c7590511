from django.urls import path

from . import views

app_name = "forum"

urlpatterns = [
    path("t/<int:pk>/<slug:slug>/", views.topic_detail, name="topic"),
]
