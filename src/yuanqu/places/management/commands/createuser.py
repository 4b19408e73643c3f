"""`yuanqu createuser NAME --role reporter --region 320902 [--password P]`."""

import getpass

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from yuanqu.core import audit
from yuanqu.core.models import ChangeAction, Role, User


class Command(BaseCommand):
    help = "新建用户 (create a user with a role and regions)"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=Role.values, required=True)
        parser.add_argument("--region", action="append", default=[], help="行政区划代码，可重复")
        parser.add_argument("--password")
        parser.add_argument("--name", default="")

    @transaction.atomic
    def handle(self, *args, username, role, region, password, name, **options):
        from yuanqu.places.models import Region

        if User.objects.filter(username=username).exists():
            raise CommandError(f"用户 {username} 已存在 (user exists)", returncode=2)
        regions = list(Region.objects.filter(code__in=region))
        missing = set(region) - {r.code for r in regions}
        if missing:
            raise CommandError(f"未知的行政区划代码：{'、'.join(sorted(missing))} (unknown region codes)", returncode=2)
        if role == Role.REPORTER and not regions:
            raise CommandError("区县填报员必须指定 --region (a reporter needs --region)", returncode=2)
        user = User(username=username, role=role, first_name=name, is_staff=role == Role.ORGANISER)
        user.set_password(password or getpass.getpass("密码 password: "))
        user.save()
        user.regions.set(regions)
        audit.record(user=None, action=ChangeAction.CREATE, instance=user, before=None)
        self.stdout.write(self.style.SUCCESS(f"已创建用户 {username}（{user.get_role_display()}）"))
