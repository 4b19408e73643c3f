"""`yuanqu demo [--no-serve]`: migrate, load every app's demo data (idempotent), print the logins, serve, with the
job worker (`yuanqu worker`) running beside the server and stopped with it.

Every installed yuanqu app with a `demo` module takes part, in the order of INSTALLED_APPS (the floors): its
`load()` returns counts to print, and an optional `logins()` the lines that tell people how to sign in.
"""

import subprocess
import sys
from importlib import import_module

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "准备演示数据库并启动服务 (prepare the demo database and serve it)"

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="只准备数据，不启动服务")

    def handle(self, *args, no_serve=False, **options):
        call_command("migrate", interactive=False, verbosity=0)
        modules = []
        for config in apps.get_app_configs():
            if not config.name.startswith("yuanqu."):
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                counts = module.load()
            self.stdout.write(f"  {config.label}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
            modules.append(module)
        for module in modules:
            for number, line in enumerate(getattr(module, "logins", list)()):
                self.stdout.write(self.style.SUCCESS(line) if number == 0 else line)
        if not no_serve:
            worker = subprocess.Popen([sys.executable, "-m", "yuanqu.cli", "worker"])
            self.stdout.write(f"  后台任务进程已启动（pid {worker.pid}）")
            try:
                call_command("serve")
            finally:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
