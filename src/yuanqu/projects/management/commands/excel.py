"""yuanqu excel template projects|reports FILE — write a blank import template (.xlsx)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yuanqu.core.tabular.template import template_workbook
from yuanqu.projects.imports import IMPORTERS, KINDS


class Command(BaseCommand):
    help = "写出导入模板：yuanqu excel template projects|reports FILE.xlsx"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["template"])
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file")

    def handle(self, *args, action, kind, file, **options):
        path = Path(file)
        if path.suffix.lower() != ".xlsx":
            raise CommandError("模板文件名应以 .xlsx 结尾。", returncode=2)
        try:
            path.write_bytes(template_workbook(IMPORTERS[kind]))
        except OSError as exc:
            raise CommandError(f"无法写入 {path}：{exc.strerror}", returncode=2) from exc
        self.stdout.write(f"已写出{KINDS[kind]}导入模板：{path}")
