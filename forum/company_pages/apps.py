from __future__ import annotations

from django.apps import AppConfig


class CompanyPagesConfig(AppConfig):
    """A page per company: the articles tagged with it and the comments that name it. Above
    the companies, the articles and the discussions, which it joins; none of them imports it."""

    name = "forum.company_pages"
    label = "company_pages"
    verbose_name = "Company pages"
