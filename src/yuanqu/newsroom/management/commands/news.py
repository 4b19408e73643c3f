"""``yuanqu news repair FILE`` / ``extract FILE`` / ``evaluate DIR``: thin wrappers of the pure cores."""

import json

from django.core.management.base import BaseCommand, CommandError

from yuanqu.newsroom.evaluate import SPLITS, CorpusError, evaluate, format_report, load_corpus
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
    help = (
        "新闻稿：repair 修复受损文字 / extract 提取会议要素 / evaluate 按标准答案评估 "
        "(repair a damaged report, extract a meeting's facts, or score both against gold files)"
    )

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="action", required=True)
        repair_parser = subcommands.add_parser(
            "repair", help="print the repaired text; damaged spans as JSON lines on stderr"
        )
        repair_parser.add_argument("file")
        extract_parser = subcommands.add_parser("extract", help="print the meeting's facts as JSON (repairs first)")
        extract_parser.add_argument("file")
        evaluate_parser = subcommands.add_parser(
            "evaluate",
            help="score repair and extraction on DIR/texts/*.txt against DIR/gold/*.json; "
            "per-field precision/recall/F1 and repair char accuracy",
        )
        evaluate_parser.add_argument("folder", metavar="DIR")
        evaluate_parser.add_argument(
            "--split", choices=SPLITS, help="only the reports of this split in DIR/reports.csv"
        )

    def handle(self, *args, action, **options):
        if action == "evaluate":
            self._evaluate(options["folder"], options["split"])
            return
        text = _read(options["file"])
        result = repair(text)
        if action == "repair":
            self.stdout.write(result.text, ending="")
            for span in result.spans:
                self.stderr.write(json.dumps(span.to_dict(), ensure_ascii=False))
            return
        self.stdout.write(json.dumps(extract(result.text), ensure_ascii=False, indent=2))

    def _evaluate(self, folder: str, split: str | None) -> None:
        try:
            cases = load_corpus(folder, split)
        except CorpusError as error:
            raise CommandError(str(error), returncode=2) from error
        self.stdout.write(format_report(evaluate(cases, repair, extract), split), ending="")
