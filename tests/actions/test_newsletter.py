from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from actions import services
from actions.models import ActionChange, Newsletter, Status
from actions.selectors import term_actions
from school_calendar.models import Term
from tests.held_mail import held_mail_send

pytestmark = pytest.mark.django_db
UK = ZoneInfo("Europe/London")


@pytest.fixture
def terms(cast):
    Term.objects.create(
        academic_year="2025-26",
        term="summer",
        first_day=date(2026, 4, 13),
        last_day=date(2026, 7, 22),
    )
    Term.objects.create(
        academic_year="2026-27",
        term="autumn",
        first_day=date(2026, 9, 1),
        last_day=date(2026, 12, 18),
    )
    # Birch sets its own autumn dates, which apply to its actions.
    Term.objects.create(
        academic_year="2026-27",
        term="autumn",
        first_day=date(2026, 9, 3),
        last_day=date(2026, 12, 16),
        school=cast.school_b,
    )


@pytest.fixture
def year_of_actions(cast, make_action, terms):
    done = {"status": Status.DONE, "we_did": "It was done."}
    made = {
        "a_autumn_done": make_action(
            we_will="Alder autumn done", completed_on=date(2026, 10, 10), **done
        ),
        "a_summer_done": make_action(
            we_will="Alder summer done", completed_on=date(2026, 7, 1), **done
        ),
        "a_started": make_action(we_will="Alder started", status=Status.IN_PROGRESS),
        "a_planned": make_action(we_will="Alder planned"),
        "a_dropped": make_action(
            we_will="Alder dropped", status=Status.NOT_DOING, status_reason="Budget."
        ),
        "b_before_its_term": make_action(
            school="b", we_will="Birch before term", completed_on=date(2026, 9, 2), **done
        ),
        "b_autumn_done": make_action(
            school="b", we_will="Birch autumn done", completed_on=date(2026, 10, 1), **done
        ),
        "trust_done": make_action(
            school=None, we_will="Trust autumn done", completed_on=date(2026, 11, 1), **done
        ),
    }
    # In progress since the summer (its history says so), still in progress now.
    since_summer = make_action(we_will="Alder since summer", status=Status.IN_PROGRESS)
    ActionChange.objects.filter(action=since_summer).update(
        changed_at=datetime(2026, 6, 1, 9, tzinfo=UK)
    )
    type(since_summer).objects.filter(pk=since_summer.pk).update(
        created_at=datetime(2026, 6, 1, 9, tzinfo=UK)
    )
    made["a_since_summer"] = since_summer
    return made


def _names(groups):
    return [(g["name"], sorted(a.we_will for a in g["actions"])) for g in groups]


def test_a_terms_newsletter_holds_exactly_that_terms_actions_by_school(cast, year_of_actions):
    assert _names(term_actions(term_key="2026-27-autumn")) == [
        ("Trust-wide", ["Trust autumn done"]),
        ("Alder Primary School", ["Alder autumn done", "Alder since summer", "Alder started"]),
        ("Birch Academy", ["Birch autumn done"]),
    ]


def test_a_past_term_uses_the_status_its_history_recorded_then(cast, year_of_actions):
    assert _names(term_actions(term_key="2025-26-summer")) == [
        ("Alder Primary School", ["Alder since summer", "Alder summer done"]),
    ]


def test_the_built_newsletter_copies_the_actions_grouped_by_school(cast, year_of_actions):
    newsletter = services.newsletter_generate(term_key="2026-27-autumn", by=cast.hr)
    items = list(newsletter.items.values_list("school_name", "status", "we_will"))
    assert items == [
        ("Trust-wide", "done", "Trust autumn done"),
        ("Alder Primary School", "done", "Alder autumn done"),
        ("Alder Primary School", "in_progress", "Alder started"),
        ("Alder Primary School", "in_progress", "Alder since summer"),
        ("Birch Academy", "done", "Birch autumn done"),
    ]


def test_a_term_without_dates_or_a_bad_key_is_refused(cast, terms):
    for key in ("2026-27-winter", "autumn"):
        with pytest.raises(ValidationError):
            services.newsletter_generate(term_key=key, by=cast.hr)
    with pytest.raises(ValidationError) as error:
        services.newsletter_generate(term_key="2027-28-spring", by=cast.hr)
    assert "No term dates" in str(error.value)
    assert not Newsletter.objects.exists()


def test_hr_builds_edits_previews_and_publishes(
    cast, year_of_actions, client_for, django_capture_on_commit_callbacks
):
    client = client_for(cast.hr)
    response = client.post(reverse("actions:newsletter_new"), {"term_key": "2026-27-autumn"})
    newsletter = Newsletter.objects.get()
    assert response.status_code == 302 and newsletter.state == Newsletter.State.DRAFT
    client.post(
        reverse("actions:newsletter_edit", args=[newsletter.pk]),
        {"title": newsletter.title, "introduction": "Thank you for telling us what matters."},
    )
    preview = client.get(
        reverse("actions:newsletter_detail", args=[newsletter.pk])
    ).content.decode()
    assert (
        "Thank you for telling us what matters." in preview and "Birch autumn done" not in preview
    )
    assert "It was done." in preview and "Preview" in preview
    staff = client_for(cast.staff_a)
    assert staff.get(reverse("actions:newsletter_detail", args=[newsletter.pk])).status_code == 404
    client = client_for(cast.hr)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("actions:newsletter_publish", args=[newsletter.pk]))
    newsletter.refresh_from_db()
    assert newsletter.is_published
    held_mail_send()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(
        u.email
        for u in (
            cast.staff_a,
            cast.support_a,
            cast.staff_b,
            cast.head_a,
            cast.head_b,
            cast.champion_a,
            cast.first_aider_a,
            cast.hr,
        )
    )
    assert "Thank you for telling us what matters." in mail.outbox[0].body
    page = (
        client_for(cast.staff_b)
        .get(reverse("actions:newsletter_detail", args=[newsletter.pk]))
        .content.decode()
    )
    assert "Alder autumn done" not in page  # done actions show what was done
    assert "It was done." in page and "Alder Primary School" in page


def test_a_published_newsletter_never_changes(cast, year_of_actions, client_for):
    newsletter = services.newsletter_generate(term_key="2026-27-autumn", by=cast.hr)
    services.newsletter_publish(newsletter=newsletter)
    action = year_of_actions["a_started"]
    services.action_update(action=action, by=cast.head_a, we_will="Something else entirely")
    assert newsletter.items.filter(we_will="Alder started").exists()
    with pytest.raises(ValidationError):
        services.newsletter_generate(term_key="2026-27-autumn", by=cast.hr)
    client = client_for(cast.hr)
    assert client.get(reverse("actions:newsletter_edit", args=[newsletter.pk])).status_code == 404
    response = client.post(reverse("actions:newsletter_publish", args=[newsletter.pk]), follow=True)
    assert "already published" in response.content.decode()


def test_past_newsletters_stay_listed_for_staff(cast, year_of_actions, client_for):
    old = services.newsletter_generate(term_key="2025-26-summer", by=cast.hr)
    services.newsletter_publish(newsletter=old)
    services.newsletter_generate(term_key="2026-27-autumn", by=cast.hr)
    page = client_for(cast.staff_a).get(reverse("actions:newsletter_list")).content.decode()
    assert old.title in page and "Autumn term 2026-27" not in page


def test_the_email_waits_for_quiet_hours_to_end(
    cast, terms, monkeypatch, django_capture_on_commit_callbacks
):
    from notifications.models import DeferredTask

    newsletter = services.newsletter_generate(term_key="2026-27-autumn", by=cast.hr)
    evening = datetime(2026, 11, 23, 19, 30, tzinfo=UK)
    monkeypatch.setattr("django.utils.timezone.now", lambda: evening)
    with django_capture_on_commit_callbacks(execute=True):
        services.newsletter_publish(newsletter=newsletter)
    # Held in the database until 07:00 the next morning; the outbox sweep starts it then.
    deferred = DeferredTask.objects.get()
    assert (deferred.task, deferred.kwargs, deferred.due_at, deferred.dispatched_at) == (
        "actions.tasks.newsletter_email",
        {"newsletter_id": newsletter.pk},
        datetime(2026, 11, 24, 7, 0, tzinfo=UK),
        None,
    )
