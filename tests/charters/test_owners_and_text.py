"""Who owns a pledge (a person, a role, all leaders or everyone), pledge numbers, and richer
charter text: emphasis in commitments, longer commitments, headings in introductions."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from charters import services
from charters.models import Pledge, Section
from tests.absence.world import SUMMER, terms
from tests.charters.helpers import first_pledge, published_charter


@pytest.fixture
def draft_pledge(cast):
    charter = services.charter_create(kind="wellbeing", title="Owners")
    section = services.section_add(version=charter.versions.get(), title="Voice")
    return services.pledge_add(section=section, commitment="We will listen.")


def _edit(client, pledge, **fields):
    data = {"commitment": pledge.commitment, "owner_role": "hr", "position": 1, **fields}
    return client.post(f"/charters/pledges/{pledge.pk}/edit/", data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("owner", "label"),
    [("everyone", "Everyone"), ("leaders", "All leaders"), ("head", "Heads"), ("hr", "HR")],
)
def test_a_pledge_may_be_owned_by_a_group(cast, client_for, draft_pledge, owner, label):
    client = client_for(cast.hr)
    assert _edit(client, draft_pledge, owner_role=owner).status_code == 302
    draft_pledge.refresh_from_db()
    assert draft_pledge.owner_role == owner and draft_pledge.owner_person is None
    body = client.get(f"/charters/{draft_pledge.section.version.charter_id}/draft/")
    assert f"Owner: {label} ·" in body.content.decode()


@pytest.mark.django_db
def test_a_pledge_may_be_owned_by_a_named_person(cast, client_for, draft_pledge):
    client = client_for(cast.hr)
    _edit(client, draft_pledge, owner_role="person", owner_person=cast.head_a.pk)
    draft_pledge.refresh_from_db()
    assert draft_pledge.owner_person == cast.head_a
    assert draft_pledge.owner_label == cast.head_a.get_full_name()
    body = client.get(f"/charters/{draft_pledge.section.version.charter_id}/draft/")
    assert f"Owner: {cast.head_a.get_full_name()} ·" in body.content.decode()


@pytest.mark.django_db
def test_a_named_owner_needs_a_person(cast, client_for, draft_pledge):
    response = _edit(client_for(cast.hr), draft_pledge, owner_role="person")
    assert response.status_code == 200
    assert "Choose the person who owns this pledge." in response.content.decode()
    draft_pledge.refresh_from_db()
    assert draft_pledge.owner_role == "hr"


@pytest.mark.django_db
def test_a_person_chosen_with_a_group_owner_is_dropped(cast, client_for, draft_pledge):
    _edit(client_for(cast.hr), draft_pledge, owner_role="everyone", owner_person=cast.head_a.pk)
    draft_pledge.refresh_from_db()
    assert (draft_pledge.owner_role, draft_pledge.owner_person) == ("everyone", None)


@pytest.mark.django_db
def test_the_database_refuses_an_owner_that_is_half_person(cast, draft_pledge):
    with pytest.raises(IntegrityError), transaction.atomic():
        Pledge.objects.filter(pk=draft_pledge.pk).update(owner_role="person")
    with pytest.raises(IntegrityError), transaction.atomic():
        Pledge.objects.filter(pk=draft_pledge.pk).update(owner_person=cast.hr)


@pytest.mark.django_db
def test_a_new_draft_keeps_the_named_owner_and_the_comparison_shows_a_new_one(cast, client_for):
    charter = published_charter(
        cast.hr,
        pledges=[
            (
                "Voice",
                [
                    {
                        "commitment": "We will listen.",
                        "owner_role": "person",
                        "owner_person": cast.head_a,
                    }
                ],
            )
        ],
    )
    draft = services.draft_start(charter=charter)
    pledge = first_pledge(draft)
    assert pledge.owner_person == cast.head_a
    services.pledge_update(pledge=pledge, owner_role="everyone", owner_person=None)
    services.charter_publish(version=draft, by=cast.hr, change_summary="Everyone.", notify=False)
    body = client_for(cast.staff_a).get(f"/charters/{charter.pk}/compare/?from=1&to=2")
    text = body.content.decode()
    assert "<dt>Owner</dt>" in text
    assert cast.head_a.get_full_name() in text and "Everyone" in text


@pytest.mark.django_db
def test_pledges_are_numbered_by_section_on_every_page(cast, client_for):
    charter = published_charter(
        cast.hr,
        pledges=[
            ("Voice", [{"commitment": "We will listen."}, {"commitment": "We will act."}]),
            ("Workload", [{"commitment": "Meetings end on time."}]),
        ],
    )
    client = client_for(cast.hr)
    for url in (f"/charters/{charter.pk}/", f"/charters/{charter.pk}/v1/print/"):
        body = client.get(url).content.decode()
        assert '<span class="section-number">2.</span> Workload' in body
        assert '<span class="pledge-number">1.2</span> We will act.' in body
        assert '<span class="pledge-number">2.1</span> Meetings end on time.' in body
    status = client.get("/charters/status/").content.decode()
    assert '<span class="pledge-number">2.1</span> Meetings end on time.' in status
    # The dashboard shows pledges as the newest built report recorded them.
    terms()
    call_command("build_termly_report", "--term", SUMMER)
    dashboard = client.get("/dashboards/trust/").content.decode()
    assert "1.2 We will act." in dashboard


@pytest.mark.django_db
def test_typed_numbers_are_not_doubled(cast, client_for):
    charter = services.charter_create(kind="wellbeing", title="Typed")
    client = client_for(cast.hr)
    client.post(f"/charters/{charter.pk}/draft/sections/add/", {"title": "1. We will listen"})
    section = Section.objects.get(version__charter=charter)
    assert section.title == "We will listen"
    client.post(
        f"/charters/sections/{section.pk}/pledges/add/",
        {"commitment": "1.1 We will run\r\ntwo surveys.", "owner_role": "hr"},
    )
    assert Pledge.objects.get(section=section).commitment == "We will run two surveys."
    body = client.get(f"/charters/{charter.pk}/draft/").content.decode()
    assert "1. We will listen</h3>" in body and "1. 1." not in body


@pytest.mark.django_db
def test_a_commitment_shows_its_emphasis_and_no_asterisks(cast, client_for):
    charter = published_charter(
        cast.hr, pledges=[("Voice", [{"commitment": "We will **never** email after *18:00*."}])]
    )
    body = client_for(cast.staff_a).get(f"/charters/{charter.pk}/").content.decode()
    assert "We will <strong>never</strong> email after <em>18:00</em>." in body
    assert "**never**" not in body


@pytest.mark.django_db
def test_a_commitment_may_be_500_characters_but_not_more(cast, client_for, draft_pledge):
    client = client_for(cast.hr)
    assert _edit(client, draft_pledge, commitment="a" * 500).status_code == 302
    response = _edit(client, draft_pledge, commitment="b" * 501)
    assert response.status_code == 200
    assert "at most 500 characters" in response.content.decode()
    draft_pledge.refresh_from_db()
    assert draft_pledge.commitment == "a" * 500


@pytest.mark.django_db
def test_introductions_keep_headings_one_level_below_the_pages_own(cast, client_for):
    charter = published_charter(
        cast.hr,
        pledges=[("Voice", [{"commitment": "We will listen."}])],
    )
    draft = services.draft_start(charter=charter)
    services.draft_update(
        version=draft,
        title=draft.title,
        introduction="Hello.\n\n# A welcome from the CEO\n\n## <script>x()</script>Why\n",
    )
    section = draft.sections.get()
    services.section_update(section=section, introduction="### What is voice?\n\n- a list")
    services.charter_publish(version=draft, by=cast.hr, change_summary="Intro.", notify=False)
    body = client_for(cast.staff_a).get(f"/charters/{charter.pk}/").content.decode()
    assert "<h2>A welcome from the CEO</h2>" in body
    assert "<h3>Why</h3>" in body and "<script>x()" not in body
    assert "<h3>What is voice?</h3>" in body and "<li>a list</li>" in body
