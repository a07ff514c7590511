"""The API's settings: Django REST framework and drf-spectacular's OpenAPI schema. Read by
base.py, so every environment has them."""

from __future__ import annotations

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    # Apps send allauth's session token (config/web/session_token.py), browsers the session
    # cookie. The token comes first: DRF asks the first class for a 401's challenge.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "config.web.session_token.SessionTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # Bodies are JSON, read within limits of size and depth (the avatar upload alone, which
    # names its own parser, is multipart). Input fields are strict about JSON types
    # (config/web/api_input.py), which form encodings, all text, could never satisfy.
    "DEFAULT_PARSER_CLASSES": ["config.web.api_parsers.JSONParser"],
    # A database outage is a JSON 503 with Retry-After, not the HTML 500 page.
    "EXCEPTION_HANDLER": "config.web.api_errors.api_exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Rare Earth Exchanges API",
    "DESCRIPTION": (
        "Articles and the discussions under them. Sign-up, login, email verification and "
        "password reset for single-page and mobile clients are the allauth headless API, "
        "documented at [/api/docs/auth/](/api/docs/auth/). Browsers call this API with their "
        "session cookie (and a CSRF token on writes); apps with the session token that "
        "allauth's app login gives, in the `X-Session-Token` header."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several fields are called status or reason with different choices: name each set.
    "ENUM_NAME_OVERRIDES": {
        "PostStatusEnum": "forum.discussions.models.Post.Status",
        "HoldCodeEnum": "forum.discussions.models.HoldCode",
        "ReportReasonEnum": "forum.moderation.models.Report.Reason",
        "ReportStatusEnum": "forum.moderation.models.Report.Status",
        "ModerationQueueEnum": "forum.moderation.selectors.Queue.CHOICES",
    },
    # What the path converters take: ids (config/web/path_converters.py) are integers within a
    # bigint; handles (accounts/converters.py) are of their alphabet.
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "minimum": 0, "maximum": 2**63 - 1},
        "handle": {"type": "string", "pattern": "^[A-Za-z0-9_]{1,30}$"},
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",  # the default, kept
        "config.web.api_schema.document_common_answers",
        "config.web.session_token.document_token_refusal",
    ],
}
