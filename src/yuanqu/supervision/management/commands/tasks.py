"""`yuanqu tasks overdue [--today 2025-03-31]`: mark open supervised tasks past their deadline as overdue."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from yuanqu.supervision import services


class Command(BaseCommand):
    help = "督办事项：overdue 标记已超过办结时限的未办结事项"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        overdue = sub.add_parser("overdue", help="标记逾期督办事项（可每日定时运行）")
        overdue.add_argument("--today", help="按哪一天判断，如 2025-03-31（默认今天）")

    def handle(self, *args, action=None, today=None, **options):
        day = None
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError as exc:
                raise CommandError(f"日期格式不正确：{today}（应为 2025-03-31）", returncode=2) from exc
        result = services.tasks_mark_overdue(user=None, today=day)
        self.stdout.write(f"逾期未办结 {result['overdue']} 项（本次变更 {result['changed']} 项）")
