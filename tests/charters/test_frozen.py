"""A published version never changes: not through the models, services, views, forms or admin."""

import pytest

from charters import services
from charters.forms import PledgeForm, SectionForm
from charters.models import CharterVersion, FrozenVersionError, Pledge, Section
from tests.charters.helpers import first_pledge, published_charter
from tests.factories import UserFactory


@pytest.fixture
def charter(cast):
    return published_charter(cast.hr)


def test_saving_a_published_version_is_refused(charter):
    version = charter.current_version
    version.title = "Rewritten"
    with pytest.raises(FrozenVersionError):
        version.save()
    assert CharterVersion.objects.get(pk=version.pk).title == "Trust wellbeing charter"


def test_deleting_a_published_version_is_refused(charter):
    with pytest.raises(FrozenVersionError):
        charter.current_version.delete()


def test_saving_or_deleting_a_published_pledge_is_refused(charter):
    pledge = first_pledge(charter.current_version)
    pledge.commitment = "We will not listen."
    with pytest.raises(FrozenVersionError):
        pledge.save()
    with pytest.raises(FrozenVersionError):
        pledge.delete()
    assert Pledge.objects.get(pk=pledge.pk).commitment == "We will listen."


def test_moving_a_draft_pledge_into_a_published_section_is_refused(cast, charter):
    draft = services.draft_start(charter=charter)
    pledge = first_pledge(draft)
    pledge.section = Section.objects.get(version=charter.current_version)
    with pytest.raises(FrozenVersionError):
        pledge.save()


def test_adding_a_section_to_a_published_version_is_refused(charter):
    with pytest.raises(FrozenVersionError):
        Section.objects.create(version=charter.current_version, title="Sneaked in")


def test_bulk_updates_and_deletes_of_published_rows_are_refused(charter):
    with pytest.raises(FrozenVersionError):
        Pledge.objects.filter(section__version=charter.current_version).update(commitment="x")
    with pytest.raises(FrozenVersionError):
        Section.objects.filter(version=charter.current_version).delete()
    with pytest.raises(FrozenVersionError):
        CharterVersion.objects.filter(pk=charter.current_version_id).update(title="x")


def test_services_refuse_published_rows(cast, charter):
    pledge = first_pledge(charter.current_version)
    with pytest.raises(FrozenVersionError):
        services.pledge_update(pledge=pledge, commitment="Changed")
    with pytest.raises(FrozenVersionError):
        services.section_add(version=charter.current_version, title="New")
    with pytest.raises(FrozenVersionError):
        services.draft_update(version=charter.current_version, title="New", introduction="")


def test_the_pledge_form_will_not_validate_for_a_published_pledge(charter):
    pledge = first_pledge(charter.current_version)
    form = PledgeForm(
        {"commitment": "Changed", "owner_role": "hr", "position": 1, "measure_key": ""},
        instance=pledge,
    )
    assert not form.is_valid()
    assert "published" in str(form.non_field_errors())
    section_form = SectionForm({"title": "x", "position": 1}, instance=pledge.section)
    assert not section_form.is_valid()


def test_editing_a_published_pledge_through_the_view_changes_nothing(cast, charter, client_for):
    pledge = first_pledge(charter.current_version)
    response = client_for(cast.hr).post(
        f"/charters/pledges/{pledge.pk}/edit/",
        {"commitment": "Changed", "owner_role": "hr", "position": 1, "measure_key": ""},
    )
    assert response.status_code == 409
    assert "cannot be changed" in response.content.decode()
    assert Pledge.objects.get(pk=pledge.pk).commitment == "We will listen."


def test_deleting_a_published_pledge_through_the_view_changes_nothing(cast, charter, client_for):
    pledge = first_pledge(charter.current_version)
    response = client_for(cast.hr).post(f"/charters/pledges/{pledge.pk}/delete/", follow=True)
    assert "cannot be changed" in response.content.decode()
    assert Pledge.objects.filter(pk=pledge.pk).exists()


def test_the_admin_refuses_to_change_a_published_version_or_pledge(charter, client):
    admin_user = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    version = charter.current_version
    pledge = first_pledge(version)

    page = client.get(f"/admin/charters/charterversion/{version.pk}/change/")
    assert page.status_code == 200  # shown read-only
    assert 'name="title"' not in page.content.decode()

    response = client.post(
        f"/admin/charters/charterversion/{version.pk}/change/",
        {"title": "Rewritten", "introduction": "", "change_summary": "", "charter": charter.pk},
    )
    assert response.status_code == 403
    response = client.post(
        f"/admin/charters/pledge/{pledge.pk}/change/",
        {"commitment": "Changed", "section": pledge.section_id, "owner_role": "hr", "position": 1},
    )
    assert response.status_code == 403
    response = client.post(f"/admin/charters/pledge/{pledge.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert CharterVersion.objects.get(pk=version.pk).title == "Trust wellbeing charter"
    assert Pledge.objects.get(pk=pledge.pk).commitment == "We will listen."


def test_a_draft_can_still_be_edited_in_the_admin(cast, charter, client):
    client.force_login(UserFactory(email="root@example.org", is_staff=True, is_superuser=True))
    draft = services.draft_start(charter=charter)
    page = client.get(f"/admin/charters/charterversion/{draft.pk}/change/")
    assert 'name="title"' in page.content.decode()
