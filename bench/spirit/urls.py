"""Spirit's URLs at the root, as its project template mounts them."""

import spirit.urls
from django.urls import include, path

urlpatterns = [path("", include(spirit.urls))]
