"""The reads every signed-in request makes, written as SQL: the user with their staff record
and grants (people.access.user_with_grants) and the session (people.sessions) give what the
ORM would."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.forms.models import model_to_dict
from django.utils import timezone

from people.access import staff_record, user_with_grants
from people.models import StaffMember, User
from people.sessions import SessionStore


def _fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_the_user_and_staff_record_are_those_the_orm_reads(cast, django_assert_num_queries):
    for person in (cast.staff_a, cast.head_b, cast.hr):
        with django_assert_num_queries(1):
            user = user_with_grants(person.pk)
            staff = staff_record(user)
            assert staff.user is user
        assert type(user) is User and _fields(user) == _fields(User.objects.get(pk=person.pk))
        assert _fields(staff) == _fields(StaffMember.objects.get(user=person))
        assert model_to_dict(staff) == model_to_dict(StaffMember.objects.get(user=person))


def test_a_user_without_a_staff_record_has_none_without_another_query(
    cast, django_assert_num_queries
):
    with django_assert_num_queries(1):
        user = user_with_grants(cast.governor_a.pk)
        assert staff_record(user) is None
    assert _fields(user) == _fields(User.objects.get(pk=cast.governor_a.pk))


def test_an_unknown_user_is_none(db):
    assert user_with_grants(987654) is None


def test_a_session_reads_back_what_was_stored_until_it_expires(db):
    store = SessionStore()
    store["who"] = {"id": 7, "name": "Ada"}
    store.create()
    assert SessionStore(store.session_key)["who"] == {"id": 7, "name": "Ada"}
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = SessionStore(store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None  # a new session will get a new key
    assert SessionStore("no-such-session-key-0123456789ab").load() == {}
