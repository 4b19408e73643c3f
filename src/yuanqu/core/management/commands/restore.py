"""`yuanqu restore FILE`: a backup of `yuanqu backup` into an empty database of the same kind, then its files.

Every check (manifest, SHA-256 of every member, vendor, empty database, no file in the way) comes before any
write. Exit 2 with a Chinese message when one fails.
"""

from django.core.management.base import BaseCommand, CommandError

from yuanqu.core import backup
from yuanqu.core.commandline import add_progress_argument, progress_bar


class Command(BaseCommand):
    help = "从备份文件恢复到空数据库 (restore a backup into an empty database)"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--check", action="store_true", help="只校验备份文件，不写入 (verify only)")
        add_progress_argument(parser)

    def handle(self, *args, file, check, no_progress=False, **options):
        try:
            if check:
                manifest = backup.inspect(file)
                summary = backup.Summary.of_manifest(manifest)
                self.stdout.write(self.style.SUCCESS(
                    f"校验通过 (verified) {file}: yuanqu {manifest['yuanqu_version']}, {summary.describe()}"))
                return
            with progress_bar(self.stderr, "恢复", "个文件", enabled=not no_progress) as progress:
                summary = backup.restore(file, progress=progress)
        except backup.BackupError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(self.style.SUCCESS(f"已恢复 (restored) {file}: {summary.describe()}"))
