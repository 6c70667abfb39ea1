from datetime import date
from decimal import Decimal

import factory

from people.models import Role, RoleAssignment, RoleGroup, School, StaffMember, Trust, User


class TrustFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trust
        django_get_or_create = ("name",)

    name = "Test Learning Trust"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ("urn",)

    trust = factory.LazyFunction(Trust.current)
    urn = factory.Sequence(lambda n: f"{100100 + n:06d}")
    name = factory.Sequence(lambda n: f"School {n}")
    phase = School.Phase.PRIMARY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    user = factory.SubFactory(UserFactory)
    staff_id = factory.Sequence(lambda n: f"S{n:05d}")
    school = factory.SubFactory(SchoolFactory)
    role_group = RoleGroup.TEACHING
    department = ""
    fte = Decimal("1")
    working_days = "Mon Tue Wed Thu Fri"
    start_date = date(2015, 9, 1)
    end_date = None


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.HEAD
    school = factory.SubFactory(SchoolFactory)
