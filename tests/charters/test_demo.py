"""The demo charters: three charters, a second version to compare, and idempotent seeding."""

import pytest

from charters import demo, selectors
from charters.compare import versions_compare
from charters.models import Acknowledgement, Charter, CharterVersion, Pledge, PledgeEvidence
from people import demo as people_demo


@pytest.mark.django_db
def test_seed_demo_publishes_the_charters_once(settings):
    world = people_demo.seed()
    demo.seed(world)
    counts = (
        Charter.objects.count(),
        CharterVersion.objects.count(),
        Pledge.objects.count(),
        PledgeEvidence.objects.count(),
        Acknowledgement.objects.count(),
    )
    demo.seed(world)
    assert counts == (
        Charter.objects.count(),
        CharterVersion.objects.count(),
        Pledge.objects.count(),
        PledgeEvidence.objects.count(),
        Acknowledgement.objects.count(),
    )
    trust = Charter.objects.get(slug="trust-wellbeing-charter")
    assert trust.current_version.number == 2
    assert trust.current_version.sections.count() == 10
    assert Charter.objects.filter(school__urn="141201").exists()
    assert Charter.objects.filter(kind="workload").exists()
    old = selectors.version_loaded(charter=trust, number=1)
    new = selectors.version_loaded(charter=trust, number=2)
    comparison = versions_compare(old, new)
    assert comparison.added == 2 and comparison.removed == 1 and comparison.changed >= 2
    assert PledgeEvidence.objects.count() == 5
