from django.urls import path

from forum.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<id:pk>/read/", views.notification_read, name="read"),
    path("read-all/", views.notification_read_all, name="read_all"),
    path("topics/<id:pk>/", views.topic_subscription, name="topic_subscription"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
