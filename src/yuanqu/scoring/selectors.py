"""Reads of the scoring app: the export file (verify.py format), the live board, results and a rater's cards.

The maths is never done here: the export goes through `verify` / `aggregate` / `agreement` (pure cores).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from yuanqu.core import access
from yuanqu.meetings.models import Attendee, AttendeeRole, Meeting, MeetingStatus
from yuanqu.meetings.selectors import meeting_stops
from yuanqu.scoring import agreement, verify
from yuanqu.scoring.aggregate import aggregate, point_ranking
from yuanqu.scoring.models import Result, SchemeKind, ScoringScheme, Submission

FINISHED = (MeetingStatus.CLOSED, MeetingStatus.PUBLISHED)


def scheme_of(meeting: Meeting) -> ScoringScheme | None:
    return ScoringScheme.objects.filter(meeting=meeting).prefetch_related("criteria").first()


def results_visible(*, user, meeting: Meeting) -> bool:
    """District reporters (any role without "meetings.results_early") see a meeting's results once published."""
    if not access.restrict(Meeting.objects.filter(pk=meeting.pk), user, access.VIEW).exists():
        return False
    return meeting.status == MeetingStatus.PUBLISHED or access.allows(user, "meetings.results_early")


def published_result(meeting: Meeting) -> Result | None:
    return Result.objects.filter(meeting=meeting).first()


def _plain(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def stop_code(stop_id: int) -> str:
    return f"S{stop_id}"


def meeting_raters(meeting: Meeting):
    """Raters of the meeting, plus anyone who submitted and was later given another role, by id (stable)."""
    submitted = Submission.objects.filter(stop__meeting=meeting).values("attendee_id")
    return (Attendee.objects.filter(meeting=meeting).filter(role=AttendeeRole.RATER)
            | Attendee.objects.filter(pk__in=submitted)).select_related("region").distinct().order_by("pk")


def scores_export(*, meeting: Meeting) -> dict:
    """The meeting's current scores in the verify.py export format, raters pseudonymised (R001 … by id), with sha256.

    Stops are "S<id>" with their district's code (and name, covered by the digest); only current, not withdrawn
    versions count. Raises a Chinese ValidationError when the meeting has no scheme.
    """
    scheme = scheme_of(meeting)
    if scheme is None:
        raise ValidationError(_("本次会议尚未设置评分方案。"), code="no_scheme")
    criteria = list(scheme.criteria.all())
    stops = list(meeting_stops(meeting))
    raters = list(meeting_raters(meeting))
    width = max(3, len(str(len(raters))))
    pseudonym = {a.pk: f"R{i:0{width}d}" for i, a in enumerate(raters, start=1)}
    scheme_data = {
        "criteria": [{"key": c.key, "name": c.name, "weight": _plain(c.weight), "max": _plain(c.maximum)}
                     for c in criteria],
        "trim": scheme.trim,
        "trim_min_raters": scheme.trim_min_raters,
        "normalise": scheme.normalise,
        "method": "rank_ballot" if scheme.kind == SchemeKind.RANK_BALLOT else "score",
        "groups": dict(sorted(scheme.groups.items())),
    }
    stop_order = {s.pk: i for i, s in enumerate(stops)}
    rows = Submission.objects.filter(stop__meeting=meeting, is_current=True, withdrawn=False)
    cards = sorted(rows.values_list("attendee_id", "stop_id", "values"),
                   key=lambda r: (pseudonym[r[0]], stop_order[r[1]]))
    scores = [
        {"rater": pseudonym[a], "stop": stop_code(s), "criterion": c.key, "value": values[c.key]}
        for a, s, values in cards
        for c in criteria
        if c.key in values
    ]
    body = {
        "scheme": scheme_data,
        "stops": [{"id": stop_code(s.pk), "district": s.project.region.code, "name": s.project.name} for s in stops],
        "raters": [{"id": pseudonym[a.pk], "district": a.region.code if a.region_id else None} for a in raters],
        "scores": scores,
    }
    return {**body, "sha256": verify.canonical_digest(body)}


def _names(meeting: Meeting) -> tuple[dict, dict]:
    stops = {stop_code(s.pk): s for s in meeting_stops(meeting)}
    districts = {s.project.region.code: s.project.region.name for s in stops.values()}
    return stops, districts


def _opt(x: float):
    return None if x != x else x  # NaN → None


def live_status(*, meeting: Meeting) -> dict:
    """The big screen: per stop the current cards / eligible raters and who is missing; the provisional ranking
    unless the scheme hides it until close."""
    stops = list(meeting_stops(meeting))
    raters = list(Attendee.objects.filter(meeting=meeting, role=AttendeeRole.RATER).order_by("pk"))
    scored = defaultdict(set)
    for attendee_id, stop_id in Submission.objects.filter(
        stop__meeting=meeting, is_current=True, withdrawn=False
    ).values_list("attendee_id", "stop_id"):
        scored[stop_id].add(attendee_id)
    rows = []
    for s in stops:
        eligible = [a for a in raters if not (a.region_id is not None and a.region_id == s.project.region_id)]
        missing = [a.name for a in eligible if a.pk not in scored[s.pk]]
        rows.append({"id": s.pk, "code": stop_code(s.pk), "name": s.project.name, "district": s.project.region.name,
                     "closed": s.closed, "submitted": len(scored[s.pk]), "eligible": len(eligible),
                     "missing": missing})
    scheme = scheme_of(meeting)
    finished = meeting.status in FINISHED
    hidden = scheme is None or (scheme.hide_until_close and not finished)
    ranking = None
    if not hidden:
        ranking = _point_ranking(meeting, {s.pk: s for s in stops})
    return {"meeting": meeting.pk, "status": meeting.status, "status_label": meeting.get_status_display(),
            "stops": rows, "raters": len(raters), "submitted": sum(r["submitted"] for r in rows),
            "expected": sum(r["eligible"] for r in rows), "ranking_hidden": hidden, "ranking": ranking,
            "time": timezone.now().isoformat()}


def _point_ranking(meeting: Meeting, stops: dict) -> list[dict]:
    p = point_ranking(verify.load_export(scores_export(meeting=meeting)))
    rows = [{"name": stops[int(code[1:])].project.name, "score": _opt(float(score)),
             "rank": None if rank != rank else int(rank)}
            for code, score, rank in zip(p.stop_ids, p.stop_scores, p.stop_ranks, strict=True)]
    return sorted(rows, key=lambda r: (r["rank"] is None, r["rank"] or 0, r["name"]))


def results_compute(*, meeting: Meeting) -> dict:
    """Everything the results page, PDF and .xlsx show, from the published export when there is one.

    `official` is exactly `verify.recompute(export)` (the stored payload once published); `stops`/`districts`
    add names, tie groups and rater counts from the same seeded aggregation; plus Kendall's W, the rater
    bias report and the side-by-side methods.
    """
    result = published_result(meeting)
    export = result.export if result else scores_export(meeting=meeting)
    scores = verify.load_export(export)
    seed = verify.seed_from_digest(export["sha256"])
    agg = aggregate(scores, resamples=verify.RECOMPUTE_RESAMPLES, seed=seed)
    report = agreement.rater_report(scores)
    methods = agreement.compare_methods(scores)
    stops, districts = _names(meeting)
    group_of = scores.scheme.groups
    tie_sizes = Counter((group_of.get(s.district, ""), s.tie_rank) for s in agg.stops if s.tie_rank is not None)
    stop_rows = [
        {"code": s.id, "name": stops[s.id].project.name, "district": districts.get(s.district, s.district),
         "n_raters": s.n_raters, "score": s.score, "rank": s.rank, "tie_rank": s.tie_rank,
         "tied": tie_sizes[(group_of.get(s.district, ""), s.tie_rank)] > 1,
         "score_ci": s.score_ci, "rank_ci": s.rank_ci}
        for s in agg.stops
    ]
    district_rows = [
        {"code": d.district, "name": districts.get(d.district, d.district), "group": d.group, "n_stops": d.n_stops,
         "score": d.score, "rank": d.rank, "tie_rank": d.tie_rank, "score_ci": d.score_ci, "rank_ci": d.rank_ci}
        for d in agg.districts
    ]
    method_rows = [
        {"code": code, "name": districts.get(code, code),
         "ranks": [m.district_ranks.get(code) for m in methods.methods],
         "unstable": code in methods.unstable_districts}
        for code in methods.methods[0].district_ranks
    ] if methods.methods else []
    rater_rows = [
        {"id": r.id, "district": districts.get(r.district, r.district) if r.district else "", "n_stops": r.n_stops,
         "mean_total": r.mean_total, "bias": r.bias, "flat": r.flat}
        for r in report.raters
    ]
    preference_rows = [
        {"district": districts.get(d.district, d.district), "n_raters": d.n_raters, "away_bias": d.away_bias,
         "home_bias": d.home_bias, "n_home_scores": d.n_home_scores}
        for d in report.districts
    ]
    return {
        "meeting": meeting, "published": result, "digest": export["sha256"], "export": export,
        "official": result.payload if result else None,
        "stops": stop_rows, "districts": district_rows, "grouped": any(d["group"] for d in district_rows),
        "kendall_w": report.kendall_w, "raters": rater_rows, "preferences": preference_rows,
        "methods": [m.method for m in methods.methods], "method_rows": method_rows,
        "method_warnings": [
            _("%(d)s 的名次取决于计分方法（去高去低平均 %(a)s、标准化 %(b)s、排序计分 %(c)s）")
            % {"d": m["name"], **dict(zip("abc", [r or "—" for r in m["ranks"]], strict=True))}
            for m in method_rows if m["unstable"]
        ], "resamples": agg.resamples, "seed": agg.seed,
        "n_scores": len(export["scores"]),
    }


def rater_cards(attendee: Attendee) -> dict:
    """A rater's stops in tour order with what the server holds for each (the phone page and its GET)."""
    scheme = scheme_of(attendee.meeting)
    current = {s.stop_id: s for s in Submission.objects.filter(attendee=attendee, is_current=True)}
    finished = attendee.meeting.status in FINISHED
    stops = []
    for s in meeting_stops(attendee.meeting):
        row = current.get(s.pk)
        stops.append({
            "id": s.pk, "name": s.project.name, "district": s.project.region.name,
            "day": s.day.isoformat() if s.day else None,
            "arrival": s.planned_arrival.strftime("%H:%M") if s.planned_arrival else None,
            "recused": attendee.recused_from(s), "closed": s.closed or finished,
            "version": row.version if row else 0, "values": row.values if row and not row.withdrawn else None,
            "received_at": row.received_at.isoformat() if row else None,
        })
    open_stops = [s for s in stops if not s["recused"]]
    return {
        "criteria": [{"key": c.key, "name": c.name, "max": _plain(c.maximum), "weight": _plain(c.weight)}
                     for c in scheme.criteria.all()] if scheme else [],
        "kind": scheme.kind if scheme else None,
        "stops": stops, "scored": sum(1 for s in open_stops if s["values"]), "total": len(open_stops),
        "finished": finished,
    }


def readable_meetings(user):
    """Meetings with a scheme this user may open the results or big screen of."""
    qs = access.restrict(Meeting.objects.filter(scoring_scheme__isnull=False), user, access.VIEW)
    if not access.allows(user, "meetings.results_early"):
        qs = qs.filter(status=MeetingStatus.PUBLISHED)
    return qs.order_by("-round")
