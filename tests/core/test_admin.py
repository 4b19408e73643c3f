"""The Django admin: its writes are logged like every other write; versioned and append-only records are read only."""

import pytest
from django.test import Client

from tests.factories import world
from yuanqu.core.models import ObjectChange, User
from yuanqu.industry import services as industry_services
from yuanqu.places.models import Park
from yuanqu.supervision import services as supervision_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    world()
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.invalid", "x"))
    return client


def test_an_admin_edit_is_logged_with_its_user(admin_client):
    park = Park.objects.first()
    form = admin_client.get(f"/admin/places/park/{park.pk}/change/")
    assert form.status_code == 200
    data = {field.name: field.value_from_object(park) for field in Park._meta.concrete_fields
            if field.editable and field.name not in {"id", "created", "updated"}}
    data = {name: "" if value is None else value for name, value in data.items()} | {"name": "盐城经济技术开发区（改）"}
    response = admin_client.post(f"/admin/places/park/{park.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    change = ObjectChange.objects.get(content_type__model="park", object_id=str(park.pk), action="update")
    assert change.user.username == "root" and change.after["name"] == "盐城经济技术开发区（改）"


@pytest.mark.parametrize("path", ["supervision/ruleset", "industry/gradingscheme", "core/objectchange"])
def test_versioned_and_logged_records_cannot_be_written_in_the_admin(admin_client, path):
    root = User.objects.get(username="root")
    records = {  # primary keys are not 1 on PostgreSQL, whose sequences run on across tests
        "supervision/ruleset": supervision_services.ruleset_ensure_default(user=root),
        "industry/gradingscheme": industry_services.grading_scheme_ensure_default(user=root),
    }
    pk = records[path].pk if path in records else ObjectChange.objects.first().pk
    assert admin_client.get(f"/admin/{path}/").status_code == 200  # visible
    assert admin_client.get(f"/admin/{path}/add/").status_code == 403
    assert admin_client.post(f"/admin/{path}/{pk}/delete/", {"post": "yes"}).status_code == 403
    page = admin_client.get(f"/admin/{path}/{pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()  # view only
