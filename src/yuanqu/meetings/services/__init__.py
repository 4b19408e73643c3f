"""Every write of the meetings app: audited, in one transaction, with Chinese messages on bad input.

Meetings, stops, attendees and demands are city-level data (`scope_path = None`): only the organiser writes.
"""

from yuanqu.meetings.services.attendees import (
    ATTENDEE_FIELDS,
    attendee_add,
    attendee_by_token,
    attendee_check_in,
    attendee_import,
    attendee_reissue_link,
    attendee_revoke_link,
    live_links,
)
from yuanqu.meetings.services.meetings import (
    ALLOWED_TRANSITIONS,
    demand_add,
    demand_remove,
    meeting_create,
    meeting_set_status,
    meeting_update,
)
from yuanqu.meetings.services.stops import (
    itinerary_apply,
    itinerary_input,
    itinerary_lock,
    itinerary_plan,
    itinerary_unlock,
    stop_add,
    stop_move,
    stop_remove,
    stop_update,
    stops_reorder,
)

__all__ = [
    "ALLOWED_TRANSITIONS", "ATTENDEE_FIELDS", "attendee_add", "attendee_by_token", "live_links", "attendee_check_in",
    "attendee_import", "attendee_reissue_link", "attendee_revoke_link", "demand_add", "demand_remove",
    "itinerary_apply", "itinerary_input", "itinerary_lock", "itinerary_plan", "itinerary_unlock", "meeting_create",
    "meeting_set_status", "meeting_update", "stop_add", "stop_move", "stop_remove", "stop_update", "stops_reorder",
]
