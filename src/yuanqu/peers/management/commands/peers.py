"""yuanqu peers import FILE [--dry-run] [--user NAME]: import peer indicator values (all or nothing)."""

from django.core.management.base import BaseCommand

from yuanqu.core.commandline import add_progress_argument, exit_on_problems, progress_bar, read_input, resolve_actor
from yuanqu.peers.importer import peer_values_import


class Command(BaseCommand):
    help = "区域对标：导入对标数据（.xlsx/.csv；全部无误才写入，有错误时退出码为1）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="导入 .xlsx/.csv 对标数据；文件有错误时退出码为1")
        imp.add_argument("file")
        imp.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        imp.add_argument("--user", help="以该用户的权限导入（默认：命令行，全市权限）")
        add_progress_argument(imp)

    def handle(self, *args, action, **options):
        return {"import": self.import_file}[action](**options)

    def import_file(self, *, file, dry_run, user, no_progress=False, **options):
        path, data = read_input(file)
        actor = resolve_actor(user)
        with progress_bar(self.stderr, "检查", "行", enabled=not no_progress) as progress:
            result = peer_values_import(user=actor, data=data, filename=path.name, dry_run=dry_run,
                                        progress=progress)
        exit_on_problems(self, result)
        self.stdout.write(result.summary())
