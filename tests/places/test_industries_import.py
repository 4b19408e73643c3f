import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import world
from yuanqu.core.models import ObjectChange
from yuanqu.places.models import Industry


@pytest.mark.django_db
def test_deeper_codes_import_all_or_nothing(tmp_path):
    world()
    good = tmp_path / "good.csv"
    good.write_text("code,name,parent\n371,铁路运输设备制造,37\n3711,高铁车组制造,371\n", encoding="utf-8")
    call_command("industries", "import", str(good), "--user", "organiser")
    assert Industry.objects.get(code="3711").parent.code == "371"
    changes = ObjectChange.objects.count()
    call_command("industries", "import", str(good), "--user", "organiser")  # again: nothing changes
    assert ObjectChange.objects.count() == changes

    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,parent\n372,城市轨道交通设备制造,37\n3799,,99X\n", encoding="gbk")
    with pytest.raises(CommandError) as refused:
        call_command("industries", "import", str(bad), "--user", "organiser")
    assert refused.value.returncode == 1
    assert not Industry.objects.filter(code="372").exists()  # the good first row was not written either
