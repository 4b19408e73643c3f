"""``yuanqu news repair FILE`` / ``yuanqu news extract FILE``: thin wrappers of the pure cores."""

import json

from django.core.management.base import BaseCommand, CommandError

from yuanqu.newsroom.extract import extract
from yuanqu.newsroom.repair import repair


def _read(path: str) -> str:
    try:
        # newline="" keeps \r\n as written: repair passes clean text through byte for byte
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(
            f"无法读取文件 {path}（需为 UTF-8 文本）：{error} / cannot read {path} (UTF-8 text expected): {error}",
            returncode=2,
        ) from error


class Command(BaseCommand):
    help = "新闻稿：repair 修复受损文字 / extract 提取会议要素 (repair a damaged report, or extract a meeting's facts)"

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="action", required=True)
        repair_parser = subcommands.add_parser(
            "repair", help="print the repaired text; damaged spans as JSON lines on stderr"
        )
        repair_parser.add_argument("file")
        extract_parser = subcommands.add_parser("extract", help="print the meeting's facts as JSON (repairs first)")
        extract_parser.add_argument("file")

    def handle(self, *args, action, file, **options):
        text = _read(file)
        result = repair(text)
        if action == "repair":
            self.stdout.write(result.text, ending="")
            for span in result.spans:
                self.stderr.write(json.dumps(span.to_dict(), ensure_ascii=False))
            return
        self.stdout.write(json.dumps(extract(result.text), ensure_ascii=False, indent=2))
