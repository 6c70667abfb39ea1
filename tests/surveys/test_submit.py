"""The survey's final POST: its queries, and the promises it keeps while doing little.

A submission is refused for someone who has responded, checked in the statement that stores the
row, after the round's lock is held; these tests pin that down, including a batch that finishes
while the submission waits for the lock.
"""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from surveys import responding
from surveys.models import Invitation, PendingResponse
from tests.conftest import _staff
from tests.surveys.helpers import make_round

pytestmark = pytest.mark.django_db

ANSWERS = {"ons4_life_satisfaction": "7", "q_i_feel_valued_at_work": "4"}


def _last_page(client, survey_round) -> str:
    base = f"/surveys/take/{survey_round.slug}/"
    page = client.get(base + "page-1/").content.decode()
    last = page.split(" of ", 1)[1].split("<", 1)[0].strip()
    return f"{base}page-{int(last)}/"


def test_the_final_post_runs_four_queries(cast, client, django_assert_num_queries):
    survey_round = make_round(instruments=("ons4",))
    client.force_login(cast.staff_a)
    path = _last_page(client, survey_round)  # also reads the round's questions once
    # Session; user with their staff record and role grants (people.access.user_with_grants);
    # round; then the lock and the INSERT that refuses someone who has responded, sent as one
    # query string.
    with django_assert_num_queries(4):
        done = client.post(path, ANSWERS)
    assert done.status_code == 302 and done["Location"].endswith("/thank-you/")
    assert PendingResponse.objects.filter(round=survey_round).count() == 1


def test_a_round_for_some_schools_reads_them_once(cast, client, django_assert_num_queries):
    survey_round = make_round(instruments=("ons4",), schools=[cast.school_a])
    client.force_login(cast.staff_a)
    path = _last_page(client, survey_round)
    # The four above, and the round's schools, read for the page's audience check and reused by
    # the submit's.
    with django_assert_num_queries(5):
        done = client.post(path, ANSWERS)
    assert done.status_code == 302
    client.force_login(cast.staff_b)  # at the other school: not in the audience
    assert client.post(path, ANSWERS).status_code == 404
    assert PendingResponse.objects.count() == 1


def test_a_second_final_post_is_refused_even_with_answers_missing(cast, client):
    survey_round = make_round(instruments=("ons4",))
    client.force_login(cast.staff_a)
    path = _last_page(client, survey_round)
    assert client.post(path, ANSWERS).status_code == 302
    # The page's own check is skipped on the way to the submit; a page with errors checks.
    assert client.post(path, {"ons4_life_satisfaction": "7"}).status_code == 409
    assert client.post(path, ANSWERS).status_code == 409
    assert PendingResponse.objects.count() == 1


def test_a_submission_under_a_rotated_key_is_still_refused(cast, settings):
    survey_round = make_round(instruments=("ons4",), custom=False)
    answers = {"ons4_anxiety": "2"}
    responding.response_submit(survey_round=survey_round, user=cast.staff_a, answers=answers)
    settings.SURVEY_SEAL_OLD_KEYS = [settings.SURVEY_SEAL_KEY]
    settings.SURVEY_SEAL_KEY = "a-rotated-seal-key-for-the-test"
    # The new token differs, so only the check of every configured key's token refuses it.
    with pytest.raises(responding.AlreadyResponded):
        responding.response_submit(survey_round=survey_round, user=cast.staff_a, answers=answers)
    assert PendingResponse.objects.count() == 1


def _waiting_for_advisory_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_a_batch_that_finishes_while_a_submission_waits_for_the_lock_is_seen(cast):
    """While a batch holds the round's lock, it marks person P as having responded (P's first
    submission, sent a moment earlier, is in that batch: its sealed row was written after P's
    second submission began and is deleted again by the batch). P's second submission, waiting
    for the lock, must be refused: the check has to look at the data as it is once the lock is
    held, not as it was when the submission was sent."""
    survey_round = make_round(instruments=("ons4",), custom=False)
    person = _staff("race@example.org", cast.school_a)
    Invitation.objects.create(
        round=survey_round, user=person, school=cast.school_a, role_group="teaching"
    )
    outcome = {}

    def second_submission():
        try:
            responding.response_submit(
                survey_round=survey_round, user=person, answers={"ons4_anxiety": "2"}
            )
            outcome["result"] = "stored"
        except responding.AlreadyResponded:
            outcome["result"] = "refused"
        finally:
            connections.close_all()

    with transaction.atomic():  # the batch, holding the round's lock exclusively
        responding._round_lock(survey_round, shared=False)
        other = threading.Thread(target=second_submission)
        other.start()
        deadline = time.monotonic() + 10
        while not _waiting_for_advisory_lock() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _waiting_for_advisory_lock()
        Invitation.objects.filter(round=survey_round, user=person).update(responded=True)
    other.join(timeout=10)

    assert outcome == {"result": "refused"}
    assert not PendingResponse.objects.exists()
