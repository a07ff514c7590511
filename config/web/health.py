"""`/health/` for load balancers: 200 when the database, the cache and the Celery broker
answer, 503 naming the one that does not (django-health-check runs the checks).

Only what every request or task depends on is checked, each as cheaply as it can be: the
database answers SELECT 1, the cache keeps a key, the broker counts the default queue. No mail
server is opened and no file written on every probe; a worker that is down is not this
server's failure (the outbox sweep catches up when it is back).
"""

from __future__ import annotations

import dataclasses
from http import HTTPStatus
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView
from kombu.exceptions import KombuError

from config.celery import app


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker takes a connection and counts the default queue: Redis answers, or
    the embedded default's folder is there to read."""

    def run(self) -> None:
        try:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1)
                # kombu's stubs type the channel as StdChannel, which leaves queue_declare to
                # the transports: every transport's Channel has it.
                channel: Any = connection.default_channel
                channel.queue_declare(queue=app.conf.task_default_queue)
        except (OSError, KombuError) as error:
            raise ServiceUnavailable(type(error).__name__) from error


class HealthView(HealthCheckView):
    """django-health-check's view, answering 503 Service Unavailable where it answers 500:
    the server is fine, what it depends on is not, and a 500 would read as a bug of ours."""

    checks = ("health_check.Database", "health_check.Cache", Broker)

    async def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response: HttpResponseBase = await super().get(request, *args, **kwargs)
        # The package's answer when a check failed (an error of its own would be raised).
        if response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR:
            response.status_code = HTTPStatus.SERVICE_UNAVAILABLE
        return response
