from django.urls import path

from forum.company_pages import views
from forum.company_pages.feeds import CompanyAtomFeed

app_name = "companies"

urlpatterns = [
    path("", views.company_index, name="index"),
    path("<slug:slug>/", views.company_detail, name="detail"),
    path("<slug:slug>/feed/", CompanyAtomFeed(), name="feed"),
]
