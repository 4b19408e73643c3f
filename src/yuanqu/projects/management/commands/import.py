"""yuanqu import projects|reports FILE [--dry-run] [--user NAME] — all or nothing; exit 1 on any error."""

from django.core.management.base import BaseCommand

from yuanqu.core.commandline import add_progress_argument, exit_on_problems, progress_bar, read_input, resolve_actor
from yuanqu.projects.imports import KINDS, run_import


class Command(BaseCommand):
    help = "从 .xlsx 或 .csv（UTF-8/GBK）导入项目或月报；有任何错误则不写入，退出码为1。"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        parser.add_argument("--user", help="以该用户的权限导入并记入修改历史（默认：命令行，全市权限）")
        add_progress_argument(parser)

    def handle(self, *args, kind, file, dry_run, user, no_progress, **options):
        path, data = read_input(file)
        actor = resolve_actor(user)
        with progress_bar(self.stderr, "检查", "行", enabled=not no_progress) as progress:
            result = run_import(
                user=actor, kind=kind, data=data, filename=path.name, dry_run=dry_run, progress=progress
            )
        exit_on_problems(self, result)
        self.stdout.write(result.summary())
