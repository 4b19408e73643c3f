"""yuanqu import projects|reports FILE [--dry-run] [--user NAME] — all or nothing; exit 1 on any error."""

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from yuanqu.core.commandline import read_input, resolve_actor
from yuanqu.projects.imports import KINDS, run_import


class Command(BaseCommand):
    help = "从 .xlsx 或 .csv（UTF-8/GBK）导入项目或月报；有任何错误则不写入，退出码为1。"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        parser.add_argument("--user", help="以该用户的权限导入并记入修改历史（默认：命令行，全市权限）")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, kind, file, dry_run, user, no_progress, **options):
        path, data = read_input(file)
        actor = resolve_actor(user)
        bar = None if no_progress else tqdm(desc="检查", unit="行", file=sys.stderr, leave=False)

        def progress(done: int, total: int | None) -> None:
            if bar is None:
                return
            if total and bar.total != total:
                bar.total = total
            bar.update(done - bar.n)

        try:
            result = run_import(
                user=actor, kind=kind, data=data, filename=path.name, dry_run=dry_run, progress=progress
            )
        finally:
            if bar is not None:
                bar.close()
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(str(problem))
            self.stderr.write(f"共 {len(result.problems)} 处错误，未写入任何数据。")
            sys.exit(1)
        self.stdout.write(result.summary())
