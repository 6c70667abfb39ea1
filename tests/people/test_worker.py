import pytest
from django.core import mail

from notifications.tasks import send_email

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_on_redis_sends_an_email(celery_worker):
    result = send_email.delay(
        to=["someone@example.org"], subject="Through the worker", text="Plain", html="<p>Rich</p>"
    )

    assert result.get(timeout=20) == 1
    assert [m.subject for m in mail.outbox] == ["Through the worker"]
    assert mail.outbox[0].alternatives[0][0] == "<p>Rich</p>"
