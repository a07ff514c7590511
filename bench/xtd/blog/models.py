from __future__ import annotations

from django.db import models
from django.urls import reverse


class Article(models.Model):
    title = models.CharField(max_length=200)
    body = models.TextField()
    allow_comments = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("article", kwargs={"pk": self.pk})
