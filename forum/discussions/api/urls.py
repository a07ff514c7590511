from django.urls import path, re_path

from forum.discussions.api.revisions import PostRevisionListApi
from forum.discussions.api.views import (
    ApiNotFoundApi,
    ArticleCommentListCreateApi,
    CategoryListApi,
    CategoryTopicListCreateApi,
    PostDetailApi,
    PostReactionCreateDeleteApi,
    TopicDetailApi,
    TopicPostListCreateApi,
    TopicPostNewListApi,
)

urlpatterns = [
    path(
        "articles/<slug:slug>/comments/",
        ArticleCommentListCreateApi.as_view(),
        name="api-article-comments",
    ),
    path("posts/<id:pk>/", PostDetailApi.as_view(), name="api-post-detail"),
    path("posts/<id:pk>/revisions/", PostRevisionListApi.as_view(), name="api-post-revisions"),
    path(
        "posts/<id:pk>/reactions/",
        PostReactionCreateDeleteApi.as_view(),
        name="api-post-reactions",
    ),
    path("forum/categories/", CategoryListApi.as_view(), name="api-forum-categories"),
    path(
        "forum/categories/<slug:slug>/topics/",
        CategoryTopicListCreateApi.as_view(),
        name="api-forum-category-topics",
    ),
    path("forum/topics/<id:pk>/", TopicDetailApi.as_view(), name="api-forum-topic"),
    path(
        "forum/topics/<id:pk>/posts/",
        TopicPostListCreateApi.as_view(),
        name="api-forum-topic-posts",
    ),
    path(
        "forum/topics/<id:pk>/posts/new/",
        TopicPostNewListApi.as_view(),
        name="api-forum-topic-posts-new",
    ),
    # Last of everything under api/v1/ (config/urls.py includes this module after the other
    # apps' API URLs): what no route above matches is a JSON 404. Only paths ending in a slash,
    # so a missing slash is still redirected to the route it lacks.
    re_path(r"^(?:.+/)?$", ApiNotFoundApi.as_view(), name="api-not-found"),
]
