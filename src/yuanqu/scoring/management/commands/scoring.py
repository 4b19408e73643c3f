"""``yuanqu scoring …``: work with a meeting's scores from the command line.

Subcommands (one handler each, ``handle_<name>``):

* ``recompute FILE.json`` — recompute the published ranking from an export file alone and print it
  as JSON; a refused file (digest mismatch, unknown stop, value above maximum, recused rater …)
  exits with status 2 and the reason.
* ``export MEETING [--output FILE]`` — the meeting's scores (MEETING = id or round, e.g. ``18``) in the same format,
  raters pseudonymised, with sha256; the published export once the result is published.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yuanqu.scoring import verify


class Command(BaseCommand):
    help = "评分数据工具 / scoring tools: recompute FILE.json | export MEETING [--output FILE]"
    requires_system_checks = []  # recompute reads a file only; it must work without a database

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        recompute = actions.add_parser(
            "recompute", help="从导出文件重新计算排名 / recompute the published result from an export file"
        )
        recompute.add_argument("file", help="导出的评分 JSON 文件 / exported scores (JSON)")
        export = actions.add_parser("export", help="导出会议评分数据 / export a meeting's scores (JSON)")
        export.add_argument("meeting", help="会议编号或届次 / meeting id or round (round first)")
        export.add_argument("--output", "-o", help="输出文件（默认标准输出）/ output file (default stdout)")

    def handle(self, *args, action: str, **options):
        if action != "recompute":  # recompute must work without a database; the rest needs it checked
            self.check(databases=["default"])
        getattr(self, f"handle_{action}")(**options)

    def handle_recompute(self, *, file: str, **options) -> None:
        try:
            data = json.loads(Path(file).read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"无法读取文件 / cannot read {file}: {exc.strerror or exc}", returncode=2) from exc
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"不是有效的 UTF-8 JSON / not valid UTF-8 JSON: {file}: {exc}", returncode=2) from exc
        try:
            result = verify.recompute(data)
        except verify.ExportError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    def handle_export(self, *, meeting: str, output: str | None = None, **options) -> None:
        from django.core.exceptions import ValidationError

        from yuanqu.meetings.models import Meeting
        from yuanqu.scoring import selectors

        found = None
        if meeting.isdigit():
            number = int(meeting)
            found = Meeting.objects.filter(round=number).first() or Meeting.objects.filter(pk=number).first()
        if found is None:
            raise CommandError(f"没有这个会议 / no meeting with round or id {meeting!r}", returncode=2)
        result = selectors.published_result(found)
        try:
            data = result.export if result else selectors.scores_export(meeting=found)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages), returncode=2) from exc
        text = json.dumps(data, ensure_ascii=False)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"{output}: {len(data['scores'])} 条评分 / scores, sha256 {data['sha256']}")
        else:
            self.stdout.write(text)
