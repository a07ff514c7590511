from django.urls import path

from forum.discussions import views

app_name = "forum"

urlpatterns = [
    path("", views.forum_index, name="index"),
    path("c/<slug:slug>/", views.category_detail, name="category"),
    path("c/<slug:slug>/new/", views.topic_new, name="topic_new"),
    # The topic's own paths come before t/<pk>/<slug>/, which would take "reply" for a slug.
    path("t/<id:pk>/reply/", views.topic_reply, name="reply"),
    path("t/<id:pk>/threads/", views.topic_threads, name="threads"),
    path("t/<id:pk>/new/", views.topic_new_since, name="new"),
    path("t/<id:pk>/<slug:slug>/", views.topic_detail, name="topic"),
    path("p/<id:pk>/", views.post_permalink, name="post"),
    path("p/<id:pk>/edit/", views.post_edit_view, name="edit"),
    path("p/<id:pk>/revisions/", views.post_revisions_page, name="revisions"),
    path("p/<id:pk>/delete/", views.post_delete_view, name="delete"),
    path("p/<id:pk>/like/", views.post_like, name="like"),
]
