import pytest

from tests.factories import world as make_world
from yuanqu.peers import shipped
from yuanqu.peers.models import Indicator, IndicatorValue, PeerGroup, PeerRegion


@pytest.fixture(autouse=True)
def peer_group(request):
    """The 27 cities and their shipped figures come from data migrations, but transactional tests (anywhere in the
    suite) flush the database afterwards; load them again, idempotently, for every database test here."""
    if request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        return shipped.load(PeerRegion, PeerGroup, Indicator, IndicatorValue)
    return None


@pytest.fixture
def world(db):
    return make_world()
