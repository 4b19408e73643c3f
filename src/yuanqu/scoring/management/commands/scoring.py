"""``yuanqu scoring …``: work with a meeting's scores from the command line.

Subcommands (one handler each, ``handle_<name>``):

* ``recompute FILE.json`` — recompute the published ranking from an export file alone and print it
  as JSON; a refused file (digest mismatch, unknown stop, value above maximum, recused rater …)
  exits with status 2 and the reason.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yuanqu.scoring import verify


class Command(BaseCommand):
    help = "评分数据工具 / scoring tools: recompute FILE.json"
    requires_system_checks = []  # recompute reads a file only; it must work without a database

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        recompute = actions.add_parser(
            "recompute", help="从导出文件重新计算排名 / recompute the published result from an export file"
        )
        recompute.add_argument("file", help="导出的评分 JSON 文件 / exported scores (JSON)")

    def handle(self, *args, action: str, **options):
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
