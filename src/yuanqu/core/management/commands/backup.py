"""`yuanqu backup FILE`: the database and the uploaded files in one .tar (see yuanqu.core.backup).

FILE may contain strftime fields: `yuanqu backup /var/backups/yuanqu/yuanqu-%Y%m%d.tar`. Exit 2 on failure.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from yuanqu.core import backup
from yuanqu.core.commandline import add_progress_argument, progress_bar


class Command(BaseCommand):
    help = "备份数据库和上传文件到一个 .tar 文件 (back up the database and uploaded files into one .tar)"

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件路径，可含 %%Y%%m%%d 等日期字段")
        add_progress_argument(parser)

    def handle(self, *args, file, no_progress=False, **options):
        path = datetime.datetime.now().strftime(file) if "%" in file else file
        try:
            with progress_bar(self.stderr, "备份", "个文件", enabled=not no_progress) as progress:
                summary = backup.backup(path, progress=progress)
        except backup.BackupError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(self.style.SUCCESS(f"已备份 (backed up) {summary.path}: {summary.describe()}"))
