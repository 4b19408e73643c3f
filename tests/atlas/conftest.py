"""The meetings tests' world, a meeting and its planned tour serve the map tests too."""

from tests.meetings.conftest import meeting, planned, w  # noqa: F401 (fixtures)
