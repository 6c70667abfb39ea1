"""Writes for you said, we did: actions and their history, anonymous feedback, newsletters."""

from collections import defaultdict
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone

from actions import selectors
from actions.models import (
    OPEN_STATUSES,
    Action,
    ActionChange,
    DifferenceVote,
    DifferenceVoter,
    Newsletter,
    NewsletterItem,
    Status,
)
from people.models import Trust
from surveys import sealing

# The fields whose changes the history records, with the labels it shows.
TRACKED = {
    "school": "School",
    "round": "Survey round",
    "question": "Question",
    "comment": "Comment",
    "theme": "Theme",
    "you_said": "You said",
    "we_will": "We will",
    "owner": "Owner",
    "due_on": "Due date",
    "status": "Status",
    "status_reason": "Reason",
    "we_did": "We did",
    "completed_on": "Completed on",
}


class AlreadyAnswered(Exception):
    """The person has already said whether this action made a difference."""


def _shown(action: Action, field: str) -> str:
    value = getattr(action, field)
    if value is None or value == "":
        return ""
    display = getattr(action, f"get_{field}_display", None)
    if display is not None:
        return str(display())
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _prepare(action: Action) -> None:
    if action.question_id and not action.round_id:
        action.round_id = action.question.round_id
    action.full_clean()


@transaction.atomic
def action_create(*, by, **fields) -> Action:
    """Record a new action (fields as on the model) and the first entry of its history."""
    action = Action(created_by=by, **fields)
    _prepare(action)
    now = timezone.now()
    action.created_at = action.updated_at = now
    action.save()
    ActionChange.objects.create(
        action=action, changed_at=now, changed_by=by, status=action.status, created=True
    )
    return action


@transaction.atomic
def action_update(*, action: Action, by, **fields) -> Action:
    """Change an action; each change is kept in its history. Raises ValidationError."""
    before = Action.objects.select_for_update().get(pk=action.pk)
    for name, value in fields.items():
        if name not in TRACKED:
            raise ValueError(f"{name} cannot be changed here")
        setattr(action, name, value)
    _prepare(action)
    changes = {
        label: [_shown(before, name), _shown(action, name)]
        for name, label in TRACKED.items()
        if _shown(before, name) != _shown(action, name)
    }
    if not changes:
        return action
    if before.due_on != action.due_on or action.status not in OPEN_STATUSES:
        action.overdue_notified_on = None
    now = timezone.now()
    action.updated_at = now
    # The tally is updated with F() elsewhere; never write back a stale count.
    action.save(update_fields=[*TRACKED, "updated_at", "overdue_notified_on"])
    ActionChange.objects.create(
        action=action, changed_at=now, changed_by=by, status=action.status, changes=changes
    )
    return action


def difference_record(*, action: Action, user, made_difference: bool) -> None:
    """Count one anonymous answer, in two separate transactions that nothing joins.

    First the voter row (a keyed token of the action and the person; refuses a second answer),
    then, in a transaction of its own, the answer as a `DifferenceVote` with a random id and no
    time. The action's counters are not touched here: `difference_votes_tally` folds answers
    in batches of at least k, so nobody watching the count sees one answer arrive.
    """
    if action.status not in (Status.IN_PROGRESS, Status.DONE):
        raise ValidationError("Only actions under way or done can be rated.")
    if selectors.has_answered(action=action, user=user):
        raise AlreadyAnswered
    try:
        with transaction.atomic():
            DifferenceVoter.objects.create(
                action=action, token=sealing.voter_token(action_id=action.pk, user_id=user.pk)
            )
    except IntegrityError as error:
        raise AlreadyAnswered from error
    with transaction.atomic():
        DifferenceVote.objects.create(action=action, made_difference=made_difference)


def difference_votes_tally() -> int:
    """Fold waiting answers into the actions' counters, for each action with at least the
    trust's minimum group size k of them waiting, and delete those answers (one transaction);
    returns how many answers were counted. Fewer than k wait for more."""
    k = Trust.current().min_group_size
    counted = 0
    with transaction.atomic():
        due = (
            DifferenceVote.objects.values("action_id")
            .annotate(waiting=Count("pk"))
            .filter(waiting__gte=k)
            .values_list("action_id", flat=True)
        )
        for action_id in list(due):
            votes = list(
                DifferenceVote.objects.select_for_update()
                .filter(action_id=action_id)
                .values_list("pk", "made_difference")
            )
            yes = sum(1 for _, answer in votes if answer)
            Action.objects.filter(pk=action_id).update(
                made_difference=F("made_difference") + yes,
                made_no_difference=F("made_no_difference") + len(votes) - yes,
            )
            DifferenceVote.objects.filter(pk__in=[pk for pk, _ in votes]).delete()
            counted += len(votes)
    return counted


def overdue_notify(*, now: datetime | None = None) -> list[datetime]:
    """Email each owner once about their actions that have become overdue (outside email quiet
    hours); returns when each email is due to go."""
    from notifications.mail import notifications_send_many

    now = now or timezone.now()
    today = timezone.localdate(now)
    overdue = list(
        Action.objects.filter(
            status__in=OPEN_STATUSES, due_on__lt=today, overdue_notified_on__isnull=True
        )
        .select_related("owner", "school")
        .order_by("owner_id", "due_on", "pk")
    )
    by_owner: dict[int, list[Action]] = defaultdict(list)
    for action in overdue:
        by_owner[action.owner_id].append(action)
    messages = []
    for owned in by_owner.values():
        owner = owned[0].owner
        if not (owner.is_active and owner.email):
            continue
        schools = {a.school_id for a in owned}
        messages.append(
            (
                [owner.email],
                {"owner": owner, "actions": owned, "site_url": settings.SITE_URL},
                owned[0].school if len(schools) == 1 else None,
            )
        )
    # Marked and queued together: a failure leaves every action to be tried again tomorrow.
    with transaction.atomic():
        Action.objects.filter(pk__in=[a.pk for a in overdue]).update(overdue_notified_on=today)
        return notifications_send_many(messages=messages, template="actions/email/overdue", now=now)


def _newsletter_title(term_key: str) -> str:
    from school_calendar.terms import parse_term_key

    year, term = parse_term_key(term_key)
    return f"You said, we did: {term.capitalize()} term {year}"


@transaction.atomic
def newsletter_generate(*, term_key: str, by) -> Newsletter:
    """Create the term's draft newsletter, or refresh a draft's actions. Raises ValidationError."""
    from actions.selectors import term_actions

    try:
        title = _newsletter_title(term_key)
    except ValueError as error:
        raise ValidationError(
            {"term_key": f"{term_key!r} is not a term (e.g. 2026-27-autumn)."}
        ) from error
    newsletter, _ = Newsletter.objects.select_for_update().get_or_create(
        term_key=term_key, defaults={"title": title, "created_by": by}
    )
    if newsletter.is_published:
        raise ValidationError({"term_key": "That term's newsletter is already published."})
    try:
        groups = term_actions(term_key=term_key)
    except LookupError as error:
        raise ValidationError({"term_key": str(error)}) from error
    newsletter.items.all().delete()
    items = []
    for group in groups:
        for action in group["actions"]:
            items.append(
                NewsletterItem(
                    newsletter=newsletter,
                    action=action,
                    school=group["school"],
                    school_name=group["name"],
                    position=len(items),
                    status=action.newsletter_status,
                    theme=action.theme,
                    you_said=action.you_said,
                    we_will=action.we_will,
                    we_did=action.we_did if action.newsletter_status == Status.DONE else "",
                    completed_on=action.completed_on
                    if action.newsletter_status == Status.DONE
                    else None,
                )
            )
    NewsletterItem.objects.bulk_create(items)
    newsletter.generated_at = timezone.now()
    newsletter.save(update_fields=["generated_at"])
    return newsletter


@transaction.atomic
def newsletter_update(*, newsletter: Newsletter, title: str, introduction: str) -> Newsletter:
    if newsletter.is_published:
        raise ValidationError("A published newsletter cannot be changed.")
    newsletter.title = title
    newsletter.introduction = introduction
    newsletter.full_clean()
    newsletter.save(update_fields=["title", "introduction"])
    return newsletter


@transaction.atomic
def newsletter_publish(*, newsletter: Newsletter) -> Newsletter:
    """Publish in the portal; the email to every member of staff goes from a Celery task."""
    from notifications.outbox import task_defer
    from school_calendar.quiet_hours import next_allowed_send_time

    locked = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
    if locked.is_published:
        raise ValidationError("This newsletter is already published.")
    locked.state = Newsletter.State.PUBLISHED
    locked.published_at = timezone.now()
    locked.save(update_fields=["state", "published_at"])
    # One task for the whole mailing, started when quiet hours allow, rather than an ETA per person.
    task_defer(
        task="actions.tasks.newsletter_email",
        kwargs={"newsletter_id": locked.pk},
        due_at=next_allowed_send_time(locked.published_at),
        now=locked.published_at,
    )
    return locked


def newsletter_email_send(*, newsletter_id: int) -> int:
    """Email the published newsletter to every current member of staff, one message each."""
    from actions.selectors import newsletter_groups, newsletter_recipients
    from notifications.mail import notifications_send_many

    newsletter = Newsletter.objects.get(pk=newsletter_id, state=Newsletter.State.PUBLISHED)
    context = {
        "newsletter": newsletter,
        "groups": newsletter_groups(newsletter=newsletter),
        "site_url": settings.SITE_URL,
    }
    dues = notifications_send_many(
        messages=(([email], context, None) for email in newsletter_recipients()),
        template="actions/email/newsletter",
    )
    return len(dues)
