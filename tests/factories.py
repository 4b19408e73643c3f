"""Model factories shared by every app's tests (factory_boy), and `world()`: a small city with two districts."""

import datetime
import itertools
from dataclasses import dataclass
from decimal import Decimal
from importlib import import_module

import factory
from django.apps import apps

from yuanqu.core.models import Role, User
from yuanqu.places import divisions
from yuanqu.places.models import Carrier, CarrierKind, Industry, Park, ParkLevel, Region, RegionLevel
from yuanqu.projects import credit_code
from yuanqu.projects.models import Enterprise, Project, Stage

PASSWORD = "test-password-1"


def ensure_industries() -> None:
    """Reload GB/T 4754 from its data migration: transactional (browser) tests flush migration-loaded rows."""
    if not Industry.objects.exists():
        import_module("yuanqu.places.migrations.0002_load_gbt4754").load(apps, None)


def industry(code: str) -> Industry:
    ensure_industries()
    return Industry.objects.get(code=code)

_codes = itertools.count(1)


SPARE_DISTRICTS = [d for d in divisions.tree("510000") if d.level == RegionLevel.DISTRICT]


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    # real codes (a region's code must be on the official list), from 四川省's districts, with their names
    code = factory.Sequence(lambda n: SPARE_DISTRICTS[n % len(SPARE_DISTRICTS)].code)
    name = factory.LazyAttribute(lambda region: divisions.get(region.code).name)
    level = RegionLevel.DISTRICT


class ParkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Park

    name = factory.Sequence(lambda n: f"测试园区{n}")
    region = factory.SubFactory(RegionFactory)
    level = ParkLevel.PROVINCIAL


class CarrierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Carrier

    name = factory.Sequence(lambda n: f"标准厂房{n}")
    park = factory.SubFactory(ParkFactory)
    kind = CarrierKind.STANDARD_FACTORY
    floor_area = Decimal("20000")
    occupied_area = Decimal("5000")


def valid_credit_code() -> str:
    return credit_code.complete(f"91320902{next(_codes):09d}")


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    credit_code = factory.LazyFunction(valid_credit_code)
    region = factory.SubFactory(RegionFactory)
    industry = factory.LazyFunction(lambda: industry("34"))


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"测试项目{n}")
    region = factory.SubFactory(RegionFactory)
    park = factory.SubFactory(ParkFactory, region=factory.SelfAttribute("..region"))
    enterprise = factory.SubFactory(EnterpriseFactory, region=factory.SelfAttribute("..region"))
    industry = factory.LazyFunction(lambda: industry("34"))
    total_investment = Decimal("50000")
    stage = Stage.SIGNED
    actual_signed = datetime.date(2025, 1, 10)
    planned_started = datetime.date(2025, 6, 1)
    latitude = Decimal("33.390000")
    longitude = Decimal("120.160000")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.VIEWER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if extracted:
            self.regions.set(extracted)
        self.save()


@dataclass
class World:
    city: Region
    tinghu: Region
    yandu: Region
    organiser: User
    tinghu_reporter: User
    yandu_reporter: User
    viewer: User
    tinghu_project: Project
    yandu_project: Project


def world() -> World:
    """盐城市 with 亭湖区 and 盐都区, one project each, and a user of every role."""
    ensure_industries()
    city = RegionFactory(code="320900", name="盐城市", level=RegionLevel.CITY)
    tinghu = RegionFactory(code="320902", name="亭湖区", parent=city)
    yandu = RegionFactory(code="320903", name="盐都区", parent=city)
    return World(
        city=city, tinghu=tinghu, yandu=yandu,
        organiser=UserFactory(username="organiser", role=Role.ORGANISER),
        tinghu_reporter=UserFactory(username="tinghu", role=Role.REPORTER, regions=[tinghu]),
        yandu_reporter=UserFactory(username="yandu", role=Role.REPORTER, regions=[yandu]),
        viewer=UserFactory(username="viewer", role=Role.VIEWER),
        tinghu_project=ProjectFactory(name="和阳电梯部件", region=tinghu),
        yandu_project=ProjectFactory(name="盐都智能装备项目", region=yandu),
    )
