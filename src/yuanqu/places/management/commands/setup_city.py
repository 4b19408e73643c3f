"""`yuanqu setup-city CODE [--dry-run] [--correct]`: the city (province, county) and every division below it, from
the official list. Django names a command after its module, so the file is setup_city.py and `cli.py` maps
`setup-city` to it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from yuanqu.core.commandline import resolve_actor
from yuanqu.places.services import region_setup


class Command(BaseCommand):
    help = "按民政部行政区划代码建立城市及其下属区划 (set up a city, province or county from the official list)"

    def add_arguments(self, parser):
        parser.add_argument("code", help="6位行政区划代码，如 320900")
        parser.add_argument("--dry-run", action="store_true", help="只报告，不写入")
        parser.add_argument("--correct", action="store_true",
                            help="把已有区划的名称、级别、上级改为名单上的（默认只报告差异）")
        parser.add_argument("--user", default=None, help="记入变更记录的账号（默认：命令行）")

    def handle(self, *args, code, dry_run, correct, user, **options):
        try:
            result = region_setup(user=resolve_actor(user), code=code, correct=correct, dry_run=dry_run)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("；".join(getattr(exc, "messages", [str(exc)])), returncode=2) from None
        for line in result.differences:
            self.stdout.write(f"与名单不同（未改，加 --correct 更正）：{line}")
        levels = "，".join(f"{level} {n}" for level, n in sorted(result.levels.items()))
        prefix = "（试运行，未写入）" if dry_run else ""
        self.stdout.write(f"{code} 下属区划：{levels}")
        self.stdout.write(self.style.SUCCESS(prefix + result.describe()))
