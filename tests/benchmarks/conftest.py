import pytest

from tests.factories import world as make_world


@pytest.fixture
def world(db):
    return make_world()
