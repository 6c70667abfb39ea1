"""Anonymity by storage: given the database, who took part cannot be matched to what was answered.

The storage tests are transactional (each write commits as in production), so the transaction
ids (`xmin`), physical positions (`ctid`), sizes and statistics they read are the real ones.
"""

import pytest
from django.db import connection, models
from django.db.models import Count, Q
from django.test import override_settings

from people.models import StaffMember, User
from surveys import publishing, responding, sealing, selectors, services
from surveys.models import Comment, Invitation, PendingResponse, Response, Round
from tests.conftest import _staff
from tests.surveys.helpers import make_round

pytestmark = pytest.mark.django_db


def _rows(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def _tables() -> list[str]:
    return [t for (t,) in _rows("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]


def _sequences() -> dict:
    return {
        name: value
        for name, value in _rows(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        )
    }


def _table_writes() -> dict:
    """Rows inserted, updated and deleted so far, per table (statistics flushed first)."""
    _rows("SELECT pg_stat_force_next_flush()")
    _rows("SELECT pg_stat_clear_snapshot()")
    return {
        name: (ins, upd, dele)
        for name, ins, upd, dele in _rows(
            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables"
        )
    }


def _people(school, count, prefix):
    return [_staff(f"{prefix}{i}@example.org", school) for i in range(count)]


def test_responses_and_comments_have_no_link_to_people_or_invitations():
    for model in (Response, Comment):
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete:
                assert field.related_model.__name__ in ("Round", "School"), (model, field.name)
            assert not isinstance(field, (models.DateTimeField, models.TimeField)), (
                model,
                field.name,
            )
        assert isinstance(model._meta.pk, models.UUIDField)
    invitation_fields = {f.name for f in Invitation._meta.get_fields()}
    assert not any(
        isinstance(f, (models.DateTimeField, models.DateField))
        for f in Invitation._meta.concrete_fields
    )
    assert "response" not in invitation_fields and "response_id" not in invitation_fields
    assert [f.name for f in PendingResponse._meta.concrete_fields] == [
        "id",
        "round",
        "token",
        "sealed",
    ]


@pytest.mark.django_db(transaction=True)
def test_a_submission_through_the_page_writes_one_sealed_row_and_nothing_else(cast, client):
    survey_round = make_round(instruments=("ons4",))
    client.force_login(cast.staff_a)
    base = f"/surveys/take/{survey_round.slug}/"
    valued = survey_round.questions.get(kind="agree5").key
    answers = {"ons4_life_satisfaction": "7", valued: "4", "q_anything_else": "Fewer meetings."}
    sequences, writes = _sequences(), _table_writes()

    done = client.post(base + "page-3/", answers)

    assert done.status_code == 302 and done["Location"].endswith("thank-you/")
    [(xmin, token, sealed)] = _rows("SELECT xmin::text, token, sealed FROM surveys_pendingresponse")
    # No other row of any table was written by the submitting transaction.
    for table in _tables():
        shared = _rows(f'SELECT count(*) FROM "{table}" WHERE xmin::text = %s', [xmin])[0][0]
        assert shared == (1 if table == "surveys_pendingresponse" else 0), table
    # Only the pending table gained a row; nothing was updated or deleted anywhere.
    after = _table_writes()
    changed = {
        t: (a[0] - b[0], a[1] - b[1], a[2] - b[2])
        for t, a in after.items()
        for b in [writes.get(t, (0, 0, 0))]
        if a != b
    }
    assert changed == {"surveys_pendingresponse": (1, 0, 0)}
    assert _sequences() == sequences  # no id sequence moved
    # The row says nothing readable: no answer, no id of the person, a token only the key makes.
    assert "Fewer meetings" not in sealed and "teaching" not in sealed
    assert token == sealing.participant_token(round_id=survey_round.pk, user_id=cast.staff_a.pk)
    assert len(token) == 64
    with override_settings(SURVEY_SEAL_KEY="another key altogether"):
        # Without the portal's key the same person and round give another token.
        assert token != sealing.participant_token(round_id=survey_round.pk, user_id=cast.staff_a.pk)
    assert not Invitation.objects.filter(user=cast.staff_a, responded=True).exists()
    # The person is still refused a second time.
    assert client.get(base).status_code == 409


@pytest.mark.django_db(transaction=True)
def test_sealed_rows_have_the_same_size_for_a_long_and_a_short_comment(cast):
    survey_round = make_round(instruments=("ons4",))
    valued = survey_round.questions.get(kind="agree5").key
    responding.response_submit(
        survey_round=survey_round,
        user=cast.staff_a,
        answers={valued: "4", "q_anything_else": "Much more time to plan. " * 60},
    )
    responding.response_submit(survey_round=survey_round, user=cast.staff_b, answers={valued: "2"})
    responding.response_submit(
        survey_round=survey_round,
        user=cast.support_a,
        answers={valued: "5", "ons4_anxiety": "3", "q_anything_else": "Ok"},
    )
    sizes = _rows(
        "SELECT length(sealed), pg_column_size(sealed), pg_column_size(t.*)"
        " FROM surveys_pendingresponse t"
    )
    assert len(sizes) == 3 and len(set(sizes)) == 1, sizes


@pytest.mark.django_db(transaction=True)
def test_a_batch_marks_participation_and_writes_responses_together_in_random_order(cast):
    survey_round = make_round(instruments=("ons4",), custom=False, min_group_size=3)
    people = _people(cast.school_a, 12, "batch")
    publishing.invitations_create(survey_round=survey_round)
    for value, person in enumerate(people[:11]):  # the i-th person to submit answers i
        responding.response_submit(
            survey_round=survey_round, user=person, answers={"ons4_life_satisfaction": str(value)}
        )
    pending = _rows("SELECT xmin::text FROM surveys_pendingresponse")
    assert len({x for (x,) in pending}) == 11  # one transaction each, nothing else in them
    assert survey_round.pk in selectors.rounds_with_pending_batch()

    opened = responding.round_pending_open(survey_round=survey_round)

    # 11 waiting, k = 3: eight written out, three kept sealed for the last batch.
    assert opened == 8 and PendingResponse.objects.count() == 3
    marked = _rows(
        "SELECT xmin::text FROM surveys_invitation WHERE round_id = %s AND responded",
        [survey_round.pk],
    )
    responses = _rows(
        "SELECT xmin::text, answers->>'ons4_life_satisfaction', submitted_on"
        " FROM surveys_response WHERE round_id = %s ORDER BY ctid",
        [survey_round.pk],
    )
    assert len(marked) == len(responses) == 8
    # One transaction wrote the whole batch: its id joins 8 people to 8 answers, never 1 to 1,
    # and it rewrote every invitation of the round, marked or not.
    assert len({x for (x,) in marked} | {x for x, _, _ in responses}) == 1
    every = _rows(
        "SELECT xmin::text FROM surveys_invitation WHERE round_id = %s", [survey_round.pk]
    )
    assert {x for (x,) in every} == {x for (x,) in marked}
    assert {x for (x,) in pending}.isdisjoint({x for (x,) in marked})
    # Physical and id order follow neither the order of submission nor anything else.
    physical = [int(v) for _, v, _ in responses]
    assert physical != sorted(physical)
    by_id = list(
        Response.objects.filter(round=survey_round)
        .order_by("id")
        .values_list("answers__ons4_life_satisfaction", flat=True)
    )
    assert by_id != sorted(by_id)
    assert len({day for _, _, day in responses}) == 1  # the batch's day, not each submission's
    # The three still sealed are still refused a second submission; the twelfth may answer.
    waiting = [p for p in people[:11] if selectors.has_responded(survey_round=survey_round, user=p)]
    assert len(waiting) == 11
    assert not selectors.has_responded(survey_round=survey_round, user=people[11])
    with pytest.raises(responding.AlreadyResponded):
        responding.response_submit(
            survey_round=survey_round, user=people[0], answers={"ons4_happiness": "5"}
        )
    # At close the last batch (three, = k) is written out and marked.
    responding.round_pending_open(survey_round=survey_round, now=survey_round.closes_at)
    assert Response.objects.filter(round=survey_round).count() == 11
    assert Invitation.objects.filter(round=survey_round, responded=True).count() == 11
    assert Round.objects.get(pk=survey_round.pk).responded_unlisted == 0
    # In this copy of the database every invitation carries the last batch's id, so nobody can
    # tell who was in the first batch and who in the second.
    every = _rows(
        "SELECT xmin::text FROM surveys_invitation WHERE round_id = %s", [survey_round.pk]
    )
    assert len({x for (x,) in every}) == 1
    assert {x for (x,) in every}.isdisjoint({x for (x,) in marked})
    # Nor do the earlier versions of those rows linger on the table's pages: it was vacuumed.
    _rows("CREATE EXTENSION IF NOT EXISTS pageinspect")
    first_batch = next(iter({x for (x,) in marked}))
    blocks = _rows("SELECT pg_relation_size('surveys_invitation') / 8192")[0][0]
    left = sum(
        _rows(
            "SELECT count(*) FROM heap_page_items(get_raw_page('surveys_invitation', %s))"
            " WHERE t_xmin::text = %s",
            [block, first_batch],
        )[0][0]
        for block in range(blocks)
    )
    assert left == 0


@pytest.mark.django_db(transaction=True)
def test_the_pending_table_is_vacuumed_so_deleted_sealed_rows_leave_no_trace(cast):
    _rows("CREATE EXTENSION IF NOT EXISTS pageinspect")

    def on_pages(text: str) -> bool:
        needle = text.encode()
        for relation in ("surveys_pendingresponse", _toast("surveys_pendingresponse")):
            blocks = _rows("SELECT pg_relation_size(%s::regclass) / 8192", [relation])[0][0]
            for block in range(blocks):
                if needle in bytes(_rows("SELECT get_raw_page(%s, %s)", [relation, block])[0][0]):
                    return True
        return False

    survey_round = make_round(instruments=("ons4",), custom=False, min_group_size=3)
    people = _people(cast.school_a, 6, "vacuum")
    for person in people:
        responding.response_submit(
            survey_round=survey_round, user=person, answers={"ons4_happiness": "6"}
        )
    samples = [s[100:160] for s in PendingResponse.objects.values_list("sealed", flat=True)]
    assert all(on_pages(sample) for sample in samples)  # the check does see sealed rows
    # A plain delete leaves the row's bytes on the page: that is what VACUUM is for.
    control = PendingResponse.objects.first()
    _rows("DELETE FROM surveys_pendingresponse WHERE id = %s", [control.pk])
    assert on_pages(control.sealed[100:160])
    PendingResponse.objects.create(round=survey_round, token=control.token, sealed=control.sealed)

    responding.round_pending_open(survey_round=survey_round, now=survey_round.closes_at)

    assert not PendingResponse.objects.exists()
    assert not any(on_pages(sample) for sample in samples)


def _toast(table: str) -> str:
    return _rows(
        "SELECT reltoastrelid::regclass::text FROM pg_class WHERE oid = %s::regclass", [table]
    )[0][0]


def test_the_token_needs_the_key_and_a_rotated_key_still_recognises_and_opens(cast, settings):
    survey_round = make_round(instruments=("ons4",), custom=False)
    responding.response_submit(
        survey_round=survey_round, user=cast.staff_a, answers={"ons4_anxiety": "2"}
    )
    old_key = settings.SURVEY_SEAL_KEY
    settings.SURVEY_SEAL_KEY = "a-rotated-seal-key-for-the-test"
    settings.SURVEY_SEAL_OLD_KEYS = []
    # Without the old key: neither the token nor the sealed answers mean anything.
    assert not selectors.has_responded(survey_round=survey_round, user=cast.staff_a)
    with pytest.raises(sealing.SealError):
        responding.round_pending_open(survey_round=survey_round, now=survey_round.closes_at)
    assert PendingResponse.objects.count() == 1 and not Response.objects.exists()
    settings.SURVEY_SEAL_OLD_KEYS = [old_key]  # the rotated key keeps the old one meanwhile
    assert selectors.has_responded(survey_round=survey_round, user=cast.staff_a)
    responding.round_pending_open(survey_round=survey_round, now=survey_round.closes_at)
    assert Response.objects.get().answers == {"ons4_anxiety": 2}
    sealed = sealing.seal({"x": 1}, round_id=survey_round.pk)
    with pytest.raises(sealing.SealError):  # bound to its round
        sealing.unseal(sealed, round_id=survey_round.pk + 1)


def test_the_seal_key_is_not_the_secret_key(settings):
    settings.SURVEY_SEAL_KEY = "seal-key-one"
    one = sealing.participant_token(round_id=1, user_id=1)
    settings.SURVEY_SEAL_KEY = "seal-key-two"
    assert sealing.participant_token(round_id=1, user_id=1) != one
    settings.SECRET_KEY = "another-secret-key"
    assert sealing.participant_token(round_id=1, user_id=1) != one


def test_pending_responses_are_written_out_only_in_batches_of_the_minimum_size(cast):
    survey_round = make_round(instruments=("ons4",), custom=False, min_group_size=5)
    people = _people(cast.school_a, 10, "tick")
    for person in people[:9]:
        responding.response_submit(
            survey_round=survey_round, user=person, answers={"ons4_happiness": "5"}
        )
    assert survey_round.pk not in selectors.rounds_with_pending_batch()  # 9 < 2k
    services.round_results_build(survey_round=survey_round)  # a rebuild opens nothing either
    assert not Response.objects.filter(round=survey_round).exists()
    responding.response_submit(
        survey_round=survey_round, user=people[9], answers={"ons4_happiness": "5"}
    )
    assert survey_round.pk in selectors.rounds_with_pending_batch()
    from surveys.tasks import rounds_tick

    rounds_tick()  # Celery runs eagerly here: five become responses, five stay sealed
    assert Response.objects.filter(round=survey_round).count() == 5
    assert PendingResponse.objects.count() == 5
    assert Invitation.objects.filter(round=survey_round, responded=True).count() == 5


def test_counts_survive_people_being_erased(cast):
    survey_round = make_round(instruments=("ons4",), custom=False, min_group_size=3)
    people = _people(cast.school_a, 6, "leaver")
    publishing.invitations_create(survey_round=survey_round)
    for person in people:
        responding.response_submit(
            survey_round=survey_round, user=person, answers={"ons4_happiness": "5"}
        )
    responding.round_pending_open(survey_round=survey_round)  # three marked, three still sealed

    def counts():
        return Invitation.objects.filter(round=survey_round).aggregate(
            invited=Count("pk"), responded=Count("pk", filter=Q(responded=True))
        )

    before = counts()
    assert before["responded"] == 3
    # Erase two people who took part: one already marked, one still sealed, and one who did not.
    marked = Invitation.objects.filter(round=survey_round, responded=True).first().user
    sealed = next(
        p for p in people if not Invitation.objects.get(round=survey_round, user=p).responded
    )
    for user in (marked, sealed, cast.staff_b):
        StaffMember.objects.filter(user=user).delete()
        User.objects.filter(pk=user.pk).delete()
    assert counts() == before
    responding.round_pending_open(survey_round=survey_round, now=survey_round.closes_at)
    after = counts()
    survey_round.refresh_from_db()
    # The erased person's sealed answers still count: in the round's counter, not on a person.
    assert after["responded"] + survey_round.responded_unlisted == 6
    assert survey_round.responded_unlisted == 1
    assert Response.objects.filter(round=survey_round).count() == 6


def test_the_response_rates_page_says_counts_move_in_batches(cast, client_for):
    survey_round = make_round(instruments=("ons4",), custom=False)
    publishing.round_publish(survey_round=survey_round)
    Round.objects.filter(pk=survey_round.pk).update(responded_unlisted=2)
    page = client_for(cast.hr).get(f"/surveys/{survey_round.slug}/response-rates/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "batches of 5 or more people" in text
    assert "2 more responses counted for the round" in text
    # A head reads counts in steps of k only: an exact extra count could move by one.
    head_page = client_for(cast.head_a).get(f"/surveys/{survey_round.slug}/response-rates/")
    assert "more responses counted" not in head_page.content.decode()
