"""Sending notifications over e-mail, SMS and Zalo, one delivery per job.

A gateway that is down raises DeliveryError: the job is retried with exponential back-off by procrastinate
(5, 25, 125, 625, 3,125 s: about an hour in all), and after the last attempt the delivery is marked failed.
The Delivery row counts the attempts itself, so the decision "was that the last one?" does not depend on
the job (an administrator's manual retry of a failed job gets exactly one more attempt).
"""

from __future__ import annotations

import logging

import procrastinate
from django.db import transaction
from procrastinate.contrib.django import app

from tinhso.core import clock
from tinhso.core.messaging import DeliveryError, message_send
from tinhso.core.models import Delivery

log = logging.getLogger(__name__)

DELIVERY_QUEUE = "notifications"
DELIVERY_RETRY = procrastinate.RetryStrategy(
    max_attempts=5, exponential_wait=5, retry_exceptions=[DeliveryError]
)
# procrastinate's max_attempts counts retries: the first try plus five retries.
DELIVERY_MAX_ATTEMPTS = (DELIVERY_RETRY.max_attempts or 0) + 1


class DeliveryGaveUp(Exception):
    """The last attempt failed: not retried (not a DeliveryError), so the job is recorded as failed too."""


@app.task(queue=DELIVERY_QUEUE, retry=DELIVERY_RETRY)
def notification_deliver(delivery_id: int) -> str:
    """Send one delivery. Idempotent: a delivery already sent is skipped, and the row is locked while it
    is sent, so two jobs for the same delivery cannot both send it."""
    failure: Exception | None = None
    last = False
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update().select_related("notification").filter(pk=delivery_id).first()
        )
        if delivery is None:
            return "gone"  # the notification was deleted (e.g. with its recipient's account)
        if delivery.status == Delivery.Status.SENT:
            return "already sent"
        delivery.attempts += 1
        try:
            ref = message_send(
                channel=delivery.channel,
                to=delivery.address,
                body=delivery.body,
                subject=delivery.notification.title,
                meta={"delivery": str(delivery.pk), "event": delivery.notification.event},
            )
        except DeliveryError as exc:
            failure = exc
            last = delivery.attempts >= DELIVERY_MAX_ATTEMPTS
            delivery.status = Delivery.Status.FAILED if last else Delivery.Status.PENDING
        except Exception as exc:  # a misconfigured backend: retrying will not help
            failure = exc
            last = True
            delivery.status = Delivery.Status.FAILED
        else:
            delivery.status = Delivery.Status.SENT
            delivery.provider_ref = ref[:200]
            delivery.sent_at = clock.now()
            delivery.last_error = ""
        if failure is not None:
            delivery.last_error = f"{type(failure).__name__}: {failure}"[:2000]
        delivery.save(update_fields=["status", "attempts", "last_error", "provider_ref", "sent_at"])
    # Raised after the commit, so the attempt and its error are recorded whatever happens to the job.
    if failure is None:
        return "sent"
    if isinstance(failure, DeliveryError) and not last:
        log.warning("delivery %s attempt %s failed: %s", delivery_id, delivery.attempts, failure)
        raise failure
    log.error("delivery %s failed after %s attempts: %s", delivery_id, delivery.attempts, failure)
    raise DeliveryGaveUp(delivery.last_error) from failure
