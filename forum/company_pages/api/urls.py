from django.urls import path

from forum.company_pages.api.views import CompanyDetailApi, CompanyListApi

urlpatterns = [
    path("companies/", CompanyListApi.as_view(), name="api-company-list"),
    path("companies/<slug:slug>/", CompanyDetailApi.as_view(), name="api-company-detail"),
]
