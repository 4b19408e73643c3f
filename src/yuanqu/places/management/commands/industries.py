"""`yuanqu industries import FILE.csv`: add deeper GB/T 4754 codes (all rows or none)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yuanqu.core.models import User
from yuanqu.places.services import ImportRefused, industries_import


class Command(BaseCommand):
    help = "导入国民经济行业代码 (import GB/T 4754 codes: CSV with code,name,parent)"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="导入 CSV（UTF-8 或 GBK）")
        imp.add_argument("file")
        imp.add_argument("--user", default=None, help="记入变更记录的组织者账号（默认：第一个超级用户）")

    def handle(self, *args, action, file, user, **options):
        raw = Path(file).read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gbk", errors="strict")
        actor = (User.objects.get(username=user) if user else
                 User.objects.filter(is_superuser=True).order_by("pk").first())
        if actor is None:
            raise CommandError("没有可用的组织者账号，请用 --user 指定 (no organiser account)", returncode=2)
        try:
            counts = industries_import(user=actor, text=text)
        except ImportRefused as refused:
            for line in refused.errors:
                self.stderr.write(line)
            raise CommandError(f"文件未导入：共{len(refused.errors)}处错误 (nothing imported)", returncode=1) from None
        self.stdout.write(self.style.SUCCESS("新增 {created}，更新 {updated}，未变 {unchanged}".format(**counts)))
