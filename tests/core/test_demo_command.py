import io

import pytest
from django.core.management import call_command

from yuanqu.places.demo import USERS
from yuanqu.projects.models import Project


@pytest.mark.django_db
def test_demo_command_prepares_everything_and_prints_the_logins():
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    text = out.getvalue()
    assert "yuanqu-demo" in text
    for username, *_rest in USERS:
        assert username in text
    for app in ("places", "projects", "supervision", "meetings", "scoring", "industry", "peers"):
        assert f"  {app}:" in text  # every app's demo data was loaded
    assert Project.objects.count() >= 60
