"""`yuanqu tasks overdue [--today 2025-03-31]`: list the unfinished supervised tasks past their deadline.

Nothing is written: whether a task is overdue is computed whenever it is read (see docs/development.md,
"Derived values"); the command stays for the nightly timers that call it and for a quick look from a shell.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from yuanqu.supervision import selectors


class Command(BaseCommand):
    help = "督办事项：overdue 列出已超过办结时限的未办结事项"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        overdue = sub.add_parser("overdue", help="列出逾期未办结的督办事项")
        overdue.add_argument("--today", help="按哪一天判断，如 2025-03-31（默认今天）")

    def handle(self, *args, action=None, today=None, **options):
        day = None
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError as exc:
                raise CommandError(f"日期格式不正确：{today}（应为 2025-03-31）", returncode=2) from exc
        tasks = list(selectors.overdue_unfinished(today=day).select_related("region"))
        for task in tasks:
            self.stdout.write(f"{task.region.name}  {task.deadline.isoformat()}  {task.title}（{task.owner_unit}）")
        self.stdout.write(f"逾期未办结 {len(tasks)} 项")
