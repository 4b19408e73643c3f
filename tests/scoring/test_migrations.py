"""Scheme and Criterion became ScoringScheme and ScoringCriterion (scoring.0002): the change log still names a
scheme and its criteria, and the permissions granted under the old codenames follow."""

from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from yuanqu.core import audit
from yuanqu.scoring.models import ScoringCriterion, ScoringScheme

MIGRATION = import_module("yuanqu.scoring.migrations.0002_rename_scheme_criterion")

pytestmark = pytest.mark.django_db


def test_the_change_log_names_a_scheme_and_its_criteria(client, tour):
    scheme = ScoringScheme.objects.get(meeting=tour.meeting)
    (created,) = audit.history(scheme)
    assert created.content_type.model_class() is ScoringScheme
    assert {c.content_type.model_class() for c in audit.history(scheme.criteria.first())} == {ScoringCriterion}
    client.force_login(tour.w.organiser)
    response = client.get("/changes/", {"content_type": created.content_type_id})
    assert response.status_code == 200
    assert "评分方案" in response.content.decode()


def test_permissions_granted_under_the_old_codenames_follow_the_rename(tour):
    content_type = ContentType.objects.get_for_model(ScoringScheme)
    Permission.objects.filter(content_type=content_type, codename="change_scoringscheme").delete()
    old = Permission.objects.create(content_type=content_type, codename="change_scheme", name="Can change 评分方案")
    tour.w.organiser.user_permissions.add(old)
    # given a database with both codenames for one action, the new one is kept and the old one left alone
    kept = Permission.objects.get(content_type=content_type, codename="view_scoringscheme")
    Permission.objects.create(content_type=content_type, codename="view_scheme", name="Can view 评分方案")

    MIGRATION.rename_permissions(apps, SimpleNamespace(connection=connection))  # it uses only the connection

    old.refresh_from_db()
    assert old.codename == "change_scoringscheme"
    assert tour.w.organiser.has_perm("scoring.change_scoringscheme")
    assert Permission.objects.get(content_type=content_type, codename="view_scoringscheme") == kept
