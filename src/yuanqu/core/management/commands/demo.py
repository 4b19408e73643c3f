"""`yuanqu demo [--no-serve]`: migrate, load every app's demo data (idempotent), print the logins, serve."""

from importlib import import_module

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from yuanqu.urls import APPS


class Command(BaseCommand):
    help = "准备演示数据库并启动服务 (prepare the demo database and serve it)"

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="只准备数据，不启动服务")

    def handle(self, *args, no_serve=False, **options):
        call_command("migrate", interactive=False, verbosity=0)
        for app in APPS:
            try:
                module = import_module(f"yuanqu.{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"yuanqu.{app}.demo":
                    raise
                continue
            with transaction.atomic():
                counts = module.load()
            self.stdout.write(f"  {app}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        from yuanqu.places.demo import DEMO_PASSWORD, USERS

        self.stdout.write(self.style.SUCCESS("演示账号 (demo logins), 密码 password: " + DEMO_PASSWORD))
        for username, _first, _last, role, _codes, unit in USERS:
            self.stdout.write(f"  {username:<16} {role.label:<12} {unit}")
        if not no_serve:
            call_command("serve")
