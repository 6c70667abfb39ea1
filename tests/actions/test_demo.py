import pytest

from actions.models import Action, ActionChange, Newsletter, Status

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_state_for_every_school_and_is_idempotent():
    import workload.demo
    from actions import demo
    from people import demo as people_demo

    world = people_demo.seed()
    workload.demo.seed(world)
    demo.seed(world)
    for school in world.schools.values():
        states = set(Action.objects.filter(school=school).values_list("status", flat=True))
        assert states == set(Status.values), school
    assert Action.objects.filter(school=None).exists()
    assert Action.objects.filter(
        status__in=["planned", "in_progress"], due_on__lt=world.today
    ).exists()
    newsletter = Newsletter.objects.get()
    assert newsletter.is_published and newsletter.items.exists()
    counts = (Action.objects.count(), ActionChange.objects.count(), newsletter.items.count())
    demo.seed(world)
    assert (
        Action.objects.count(),
        ActionChange.objects.count(),
        Newsletter.objects.get().items.count(),
    ) == counts
