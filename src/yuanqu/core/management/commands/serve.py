"""`yuanqu serve`: the ASGI app under uvicorn on 127.0.0.1:$YUANQU_PORT (static files via WhiteNoise)."""

import os

import uvicorn
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "启动网站服务 (serve the site)"

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("YUANQU_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=settings.PORT)
        parser.add_argument("--workers", type=int, default=int(os.environ.get("YUANQU_WORKERS", "1")))

    def handle(self, *args, host, port, workers, **options):
        self.stdout.write(self.style.SUCCESS(f"yuanqu: http://{host}:{port}/  (Ctrl+C 退出)"))
        uvicorn.run("yuanqu.asgi:application", host=host, port=port, workers=workers, log_level="warning")
