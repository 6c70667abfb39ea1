"""The demo trust: schools of every phase, about 400 staff and a login for each role."""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction

from people.models import Role, RoleAssignment, RoleGroup, School, StaffMember, Trust, User

DEMO_PASSWORD = "wellbeing-demo-2026"


@dataclass(frozen=True)
class DemoStep:
    app: str
    seed: Callable  # seed(world) adds the app's demo data; it runs again without duplicating
    order: int


_DEMO_STEPS: list[DemoStep] = []


def register_demo_step(app: str, seed: Callable, *, order: int) -> None:
    """Called by an app's AppConfig.ready(); seed_demo runs the steps by `order`."""
    _DEMO_STEPS.append(DemoStep(app, seed, order))


def demo_steps() -> list[DemoStep]:
    return sorted(_DEMO_STEPS, key=lambda step: step.order)


SCHOOLS = [
    # urn, name, phase, teaching staff, support staff
    ("141201", "Riverside Primary School", School.Phase.PRIMARY, 30, 38),
    ("141202", "Oakfield Primary Academy", School.Phase.PRIMARY, 24, 30),
    ("141203", "Hillcrest Academy", School.Phase.SECONDARY, 95, 75),
    ("141204", "Meadowbank School", School.Phase.SPECIAL, 22, 40),
    ("141205", "The Bridge Centre", School.Phase.ALTERNATIVE_PROVISION, 7, 6),
]
CENTRAL_STAFF = 18

FIRST_NAMES = (
    "Amelia Olivia Isla Ava Mia Sophia Grace Lily Freya Emily Ivy Ella Rosie Evie Florence "
    "Poppy Charlotte Willow Harper Sienna Oliver George Arthur Noah Muhammad Leo Oscar Harry "
    "Archie Jack Henry Charlie Freddie Theodore Thomas Finley Theo Alfie Jacob William Isaac "
    "Tommy Joshua James Priya Aisha Zara Fatima Yusuf Ibrahim Chen Mei Tomasz Kasia Niamh "
    "Siobhan Dylan Rhys Carys Megan"
).split()
LAST_NAMES = (
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Robinson Wright Thompson "
    "Evans Walker White Roberts Green Hall Thomas Clarke Jackson Wood Harris Edwards Turner "
    "Martin Cooper Hill Ward Hughes Moore Clark King Harrison Lewis Baker Lee Allen Morris "
    "Khan Scott Watson Davis Parker James Bennett Young Phillips Richardson Mitchell Bailey "
    "Carter Cook Singh Shaw Bell Collins Morgan Kelly Begum Miller Cox Hussain Marshall "
    "Simpson Price Anderson Adams Wilkinson Ali"
).split()
TEACHING_DEPARTMENTS = {
    School.Phase.SECONDARY: [
        "English",
        "Maths",
        "Science",
        "Humanities",
        "Languages",
        "Arts",
        "PE",
        "Computing",
    ],
    School.Phase.PRIMARY: ["Early years", "Key stage 1", "Key stage 2"],
    School.Phase.SPECIAL: ["Lower school", "Upper school", "Sixth form"],
    School.Phase.ALTERNATIVE_PROVISION: ["Teaching"],
}
SUPPORT_DEPARTMENTS = ["Teaching assistants", "Office", "Site", "Catering", "Pastoral"]

# email, first, last, role, school urn (None: trust-wide),
# staff record: (urn or "central", role group) or None
DEMO_LOGINS = [
    ("hr@example.org", "Hannah", "Reid", Role.HR, None, ("central", RoleGroup.SUPPORT)),
    ("trustee@example.org", "Trevor", "Stanton", Role.TRUSTEE, None, None),
    ("governor@example.org", "Gita", "Varma", Role.GOVERNOR, "141201", None),
    ("governor.hillcrest@example.org", "Gordon", "Hale", Role.GOVERNOR, "141203", None),
    ("head@example.org", "Helen", "Adeyemi", Role.HEAD, "141201", ("141201", RoleGroup.TEACHING)),
    (
        "head.hillcrest@example.org",
        "Harry",
        "Osei",
        Role.HEAD,
        "141203",
        ("141203", RoleGroup.TEACHING),
    ),
    (
        "champion@example.org",
        "Chloe",
        "Mensah",
        Role.CHAMPION,
        "141201",
        ("141201", RoleGroup.SUPPORT),
    ),
    (
        "firstaider@example.org",
        "Fiona",
        "Aldridge",
        Role.FIRST_AIDER,
        "141201",
        ("141201", RoleGroup.TEACHING),
    ),
    ("staff@example.org", "Sam", "Okafor", None, None, ("141201", RoleGroup.TEACHING)),
    (
        "staff.hillcrest@example.org",
        "Sofia",
        "Lindqvist",
        None,
        None,
        ("141203", RoleGroup.SUPPORT),
    ),
]


@dataclass
class DemoWorld:
    trust: Trust
    schools: dict[str, School]
    logins: list[tuple[str, str]] = field(default_factory=list)
    rng: random.Random = field(default_factory=lambda: random.Random(2026))
    today: date = field(default_factory=date.today)


def _fte(rng: random.Random, role_group: str) -> Decimal:
    if role_group == RoleGroup.TEACHING:
        return rng.choices(
            [Decimal("1"), Decimal("0.8"), Decimal("0.6"), Decimal("0.4")], [75, 12, 9, 4]
        )[0]
    return rng.choices(
        [Decimal("1"), Decimal("0.8"), Decimal("0.6"), Decimal("0.5"), Decimal("0.4")],
        [40, 15, 20, 15, 10],
    )[0]


def _working_days(rng: random.Random, fte: Decimal) -> str:
    days = ["Mon", "Tue", "Wed", "Thu", "Fri"]
    count = max(1, min(5, round(float(fte) * 5)))
    if count == 5:
        return " ".join(days)
    start = rng.randint(0, 5 - count)
    return " ".join(days[start : start + count])


def _start_date(rng: random.Random, today: date) -> date:
    years_back = rng.choices([0, 1, 2, 3, 5, 8, 12, 20], [8, 10, 12, 14, 18, 16, 14, 8])[0]
    return (
        date(today.year - years_back - 1, 9, 1)
        if years_back
        else date(today.year - 2, rng.choice([1, 4, 9]), 1)
    )


def _staff_rows(world: DemoWorld):
    rng = random.Random(401)
    number = 1000
    for urn, _name, phase, teaching, support in SCHOOLS:
        for role_group, count in ((RoleGroup.TEACHING, teaching), (RoleGroup.SUPPORT, support)):
            departments = (
                TEACHING_DEPARTMENTS[phase]
                if role_group == RoleGroup.TEACHING
                else SUPPORT_DEPARTMENTS
            )
            for _ in range(count):
                number += 1
                yield number, urn, role_group, rng.choice(departments), rng
    for _ in range(CENTRAL_STAFF):
        number += 1
        yield number, None, RoleGroup.SUPPORT, rng.choice(["HR", "Finance", "Estates", "IT"]), rng


@transaction.atomic
def seed(world: DemoWorld | None = None) -> DemoWorld:
    trust = Trust.objects.order_by("pk").first() or Trust.objects.create(
        name="Northfield Learning Trust"
    )
    if trust.name == "Our Trust":
        trust.name = "Northfield Learning Trust"
        trust.save(update_fields=["name"])
    schools = {}
    for urn, name, phase, _t, _s in SCHOOLS:
        schools[urn], _ = School.objects.update_or_create(
            urn=urn, defaults={"trust": trust, "name": name, "phase": phase}
        )
    world = world or DemoWorld(trust=trust, schools=schools)
    world.trust, world.schools = trust, schools

    existing = set(StaffMember.objects.values_list("staff_id", flat=True))
    new_users, new_staff = [], []
    for number, urn, role_group, department, rng in _staff_rows(world):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        fte = _fte(rng, role_group)
        working_days = _working_days(rng, fte)
        start = _start_date(rng, world.today)
        staff_id = f"NLT{number:05d}"
        if staff_id in existing:
            continue
        user = User(
            email=f"{first}.{last}.{number}@staff.example.org".lower(),
            first_name=first,
            last_name=last,
        )
        user.set_unusable_password()
        new_users.append(user)
        new_staff.append(
            StaffMember(
                staff_id=staff_id,
                school=schools.get(urn),
                role_group=role_group,
                department=department,
                fte=fte,
                working_days=working_days,
                start_date=start,
            )
        )
    if new_users:
        User.objects.bulk_create(new_users)
        users = {u.email: u for u in User.objects.filter(email__in=[u.email for u in new_users])}
        for user, staff in zip(new_users, new_staff, strict=True):
            staff.user = users[user.email]
        StaffMember.objects.bulk_create(new_staff)

    _seed_demo_logins(world)
    return world


def _seed_demo_logins(world: DemoWorld) -> None:
    start = date(world.today.year - 4, 9, 1)
    for index, (email, first, last, role, urn, staff) in enumerate(DEMO_LOGINS):
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last}
        )
        if created or not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            user.save()
        if staff:
            staff_urn, role_group = staff
            StaffMember.objects.get_or_create(
                user=user,
                defaults={
                    "staff_id": f"DEMO{index + 1:03d}",
                    "school": world.schools.get(staff_urn),
                    "role_group": role_group,
                    "department": "Leadership" if role == Role.HEAD else "",
                    "fte": Decimal("1"),
                    "start_date": start,
                },
            )
        if role:
            RoleAssignment.objects.get_or_create(
                user=user, role=role, school=world.schools.get(urn) if urn else None
            )
        label = Role(role).label if role else "Staff"
        where = (
            f" ({world.schools[urn].name})"
            if urn
            else (
                f" ({world.schools[staff[0]].name})" if staff and staff[0] in world.schools else ""
            )
        )
        world.logins.append((f"{label}{where}", email))
