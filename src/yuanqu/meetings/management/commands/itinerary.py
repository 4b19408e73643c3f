"""``yuanqu itinerary plan FILE.json [--time-limit S]``: plan an observation tour and print it as JSON.

Thin wrapper over :func:`yuanqu.meetings.itinerary.plan`; invalid JSON or input exits with status 2.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yuanqu.meetings.itinerary import DEFAULT_TIME_LIMIT_S, ItineraryError, plan


class Command(BaseCommand):
    help = "观摩线路优化 (plan an observation-meeting itinerary): itinerary plan FILE.json [--time-limit S]"
    requires_system_checks = []  # pure computation: no database, no models

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        plan_parser = actions.add_parser("plan", help="plan a tour from a JSON file ('-' reads standard input)")
        plan_parser.add_argument("file", help="input JSON (see yuanqu.meetings.itinerary)")
        plan_parser.add_argument(
            "--time-limit",
            type=float,
            default=None,
            dest="time_limit",
            help=f"search time in seconds (default: 0.05 s a stop, between 0.3 and {DEFAULT_TIME_LIMIT_S})",
        )

    def handle(self, *args, action: str = "plan", file: str, time_limit: float | None = None, **options):
        if time_limit is not None and time_limit <= 0:
            raise CommandError("--time-limit 必须为正数 (--time-limit must be positive)", returncode=2)
        try:
            text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"无法读取文件 {file} (cannot read {file}: {exc})", returncode=2) from exc
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"JSON 格式错误: 第{exc.lineno}行第{exc.colno}列 "
                f"(invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg})",
                returncode=2,
            ) from exc
        try:
            result = plan(data, time_limit_s=time_limit)
        except ItineraryError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
