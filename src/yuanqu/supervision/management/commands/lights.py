"""`yuanqu lights recompute [--month 2025-03]`: evaluate every project's light for a month and print the counts."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from yuanqu.core.commandline import add_progress_argument, progress_bar
from yuanqu.supervision import services
from yuanqu.supervision.filtersets import parse_month


class Command(BaseCommand):
    help = "亮灯：recompute 按当前生效规则重新计算各项目某月的亮灯"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        recompute = sub.add_parser("recompute", help="重新计算亮灯（默认本月；历史月份仅在指定时重算）")
        recompute.add_argument("--month", help="月份，如 2025-03")
        add_progress_argument(recompute)

    def handle(self, *args, action=None, month=None, no_progress=False, **options):
        parsed = None
        if month:
            parsed = parse_month(month)
            if parsed is None:
                raise CommandError(f"月份格式不正确：{month}（应为 2025-03）", returncode=2)
        with progress_bar(self.stderr, "计算亮灯", "项目", enabled=not no_progress) as progress:
            try:
                counts = services.lights_recompute(user=None, month=parsed, progress=progress)
            except ValidationError as exc:
                raise CommandError("；".join(exc.messages), returncode=2) from exc
        ruleset = services.active_ruleset()
        self.stdout.write(
            f"红灯 {counts['red']}  黄灯 {counts['yellow']}  绿灯 {counts['green']}  "
            f"（共 {sum(counts.values())} 个项目，规则{ruleset}）"
        )
