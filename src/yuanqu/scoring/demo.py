"""Demo: the default scheme for the 18th meeting and scores from its raters on most stops (recusal respected).

The meeting is left under way with the provisional ranking visible, so the results page, the big screen and the
raters' links all show something; the organiser can close and publish it in the demo. Loading twice changes
nothing: the scheme is found by its meeting and every card has a fixed idempotency key.
"""

import random

from django.core.exceptions import ValidationError

from yuanqu.core.models import User
from yuanqu.meetings import services as meeting_services
from yuanqu.meetings.demo import ROUND
from yuanqu.meetings.models import AttendeeRole, Meeting, MeetingStatus
from yuanqu.meetings.selectors import meeting_stops
from yuanqu.scoring import services
from yuanqu.scoring.models import ScoringScheme, Submission


def _card(rng: random.Random, quality: float, leniency: float, criteria) -> dict:
    values = {}
    for c in criteria:
        share = min(1.0, max(0.3, quality + leniency + rng.gauss(0, 0.05)))
        values[c.key] = round(share * c.maximum * 2) / 2  # half points, as people score
    return values


def load() -> dict:
    meeting = Meeting.objects.filter(round=ROUND).first()
    if meeting is None:
        return {"schemes": 0, "submissions": 0}
    organiser = User.objects.filter(username="city_admin").first()
    scheme = ScoringScheme.objects.filter(meeting=meeting).first()
    if scheme is None:
        scheme = services.scheme_create_default(user=organiser, meeting=meeting)
        services.scheme_update(user=organiser, scheme=scheme, data={"hide_until_close": False})
    if meeting.status == MeetingStatus.SCHEDULED:
        meeting = meeting_services.meeting_set_status(user=organiser, meeting=meeting, status=MeetingStatus.UNDER_WAY)
    if meeting.status == MeetingStatus.UNDER_WAY:
        criteria = list(scheme.criteria.all())
        stops = list(meeting_stops(meeting))
        raters = list(meeting.attendees.filter(role=AttendeeRole.RATER).order_by("pk"))
        for i, rater in enumerate(raters):
            leniency = random.Random(f"lenient-{rater.name}").uniform(-0.08, 0.06)
            # The last stop of the tour is left for the demo visitor to score.
            for j, stop in enumerate(stops[:-1]):
                if rater.recused_from(stop) or (i + j) % 7 == 6:
                    continue
                quality = 0.62 + 0.05 * ((j * 5) % len(stops)) / max(1, len(stops) - 1) * 5
                card = _card(random.Random(f"{rater.name}-{stop.project.name}"), quality, leniency, criteria)
                try:
                    services.score_submit(token=rater.token, stop_id=stop.pk, values=card,
                                          idempotency_key=f"demo-{rater.pk}-{stop.pk}")
                except ValidationError:
                    continue  # a revoked link or a stop closed by hand in the demo database
    return {"schemes": ScoringScheme.objects.filter(meeting=meeting).count(),
            "submissions": Submission.objects.filter(stop__meeting=meeting, is_current=True).count()}
