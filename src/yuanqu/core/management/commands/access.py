from django.core.management.base import BaseCommand

from yuanqu.core import access_map


class Command(BaseCommand):
    help = "打印角色 × 操作权限表及每个页面和接口所需的操作 (print the access table, as docs/access.md)"

    def handle(self, *args, **options):
        self.stdout.write(access_map.markdown(), ending="")
