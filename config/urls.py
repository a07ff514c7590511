from __future__ import annotations

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, register_converter
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from articles.feeds import LatestArticlesAtomFeed, LatestArticlesFeed
from articles.sitemaps import ArticleSitemap, StaticSitemap
from config.web.health import HealthView
from config.web.path_converters import IdConverter
from forum.discussions.sitemaps import TopicSitemap

# Before the apps' URLconfs are read: they name posts, topics and notifications by <id:pk>.
register_converter(IdConverter, "id")

urlpatterns = [
    path("", include("articles.urls")),
    path("forum/", include("forum.discussions.urls")),
    path("forum/", include("forum.moderation.report_urls")),
    path("notifications/", include("forum.notifications.urls")),
    path("moderation/", include("forum.moderation.urls")),
    path("search/", include("forum.search.urls")),
    path("companies/", include("forum.company_pages.urls")),
    path("", include("accounts.urls")),
    # allauth's form pages answer 400 with their errors (accounts/allauth_urls.py); the rest
    # of allauth.urls is served as allauth has it.
    path("accounts/", include("accounts.allauth_urls")),
    path("accounts/", include("allauth.urls")),
    # allauth's page for its specification loads Redoc from a CDN, which our CSP refuses: the
    # specification is read at /api/docs/auth/ instead, with the Swagger UI served from here.
    path("_allauth/openapi.html", RedirectView.as_view(pattern_name="api-docs-auth")),
    path("_allauth/", include("allauth.headless.urls")),
    path("admin/", admin.site.urls),
    # For load balancers: 200, or 503 naming the database, cache or broker that is down.
    path("health/", HealthView.as_view(), name="health"),
    path("feed/", LatestArticlesFeed(), name="feed-rss"),
    path("feed/atom/", LatestArticlesAtomFeed(), name="feed-atom"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"static": StaticSitemap, "articles": ArticleSitemap, "topics": TopicSitemap}},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("api/v1/", include("articles.api.urls")),
    path("api/v1/", include("accounts.api.urls")),
    path("api/v1/", include("accounts.api.account_urls")),
    path("api/v1/", include("forum.moderation.api.urls")),
    path("api/v1/", include("forum.notifications.api.urls")),
    path("api/v1/", include("forum.search.api.urls")),
    path("api/v1/", include("forum.company_pages.api.urls")),
    # Last: its catch-all answers what no other API route matches.
    path("api/v1/", include("forum.discussions.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script for CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path(
        "api/docs/auth/",
        SpectacularSwaggerSplitView.as_view(
            url_name="headless:openapi_json", title="Rare Earth Exchanges accounts API"
        ),
        name="api-docs-auth",
    ),
]

# A bad query parameter (config/web/query_params.py) is a page saying what is wrong with it.
handler400 = "config.web.query_params.bad_request"

admin.site.site_header = "Rare Earth Exchanges"
admin.site.site_title = "Rare Earth Exchanges admin"
