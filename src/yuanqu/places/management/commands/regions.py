"""`yuanqu regions remap`: move records to the new code(s) after a re-zoning.

    yuanqu regions remap --from 500105 --to 500157 [--date 2025-11-06] [--dry-run]
        (a new code not on the list must first be recorded as a 区划变更, which gives its name)
    yuanqu regions remap --history 2015 [--dry-run]     (the list's changes of that year, for regions present)
    yuanqu regions remap --change ID [--dry-run]         (a change an organiser recorded, 区划变更)
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from yuanqu.core.commandline import resolve_actor
from yuanqu.places import divisions
from yuanqu.places.models import RegionChange
from yuanqu.places.services import region_change_apply, region_remap, region_remap_history


class Command(BaseCommand):
    help = "区划变更后移动记录 (move records to new region codes after a re-zoning)"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        remap = sub.add_parser("remap", help="把原代码的项目、企业、园区等移到新代码")
        source = remap.add_mutually_exclusive_group(required=True)
        source.add_argument("--from", dest="old", help="原行政区划代码")
        source.add_argument("--history", type=int, help="按名单记载的某年变更")
        source.add_argument("--change", type=int, help="已登记的区划变更编号")
        remap.add_argument("--to", dest="new", nargs="+", default=[], help="新代码（拆分时多个）")
        remap.add_argument("--date", default=None, help="变更日期 YYYY-MM-DD（默认今天）")
        remap.add_argument("--dry-run", action="store_true", help="只报告，不写入")
        remap.add_argument("--user", default=None, help="记入变更记录的账号（默认：命令行）")

    def handle(self, *args, old, history, change, new, date, dry_run, user, **options):
        actor = resolve_actor(user)
        try:
            day = datetime.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"日期“{date}”应为 YYYY-MM-DD。", returncode=2) from None
        try:
            with transaction.atomic():
                if history is not None:
                    results = region_remap_history(user=actor, year=history, dry_run=dry_run)
                elif change is not None:
                    record = RegionChange.objects.filter(pk=change).first()
                    if record is None:
                        raise CommandError(f"没有编号为 {change} 的区划变更。", returncode=2)
                    results = [region_change_apply(user=actor, change=record, dry_run=dry_run)]
                else:
                    if not new:
                        entry = divisions.standing(old)
                        new = list(entry.division.successors) if entry.status == divisions.RETIRED else []
                    if not new:
                        raise CommandError(f"请用 --to 给出 {old} 的新代码。", returncode=2)
                    results = [region_remap(user=actor, old_code=old, new_codes=new, date=day, dry_run=dry_run)]
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("；".join(getattr(exc, "messages", [str(exc)])), returncode=2) from None
        prefix = "（试运行，未写入）" if dry_run else ""
        for result in results:
            for line in result.left:
                self.stdout.write(f"留在 {result.old_code}（拆分，请逐条改派）：{line}")
            self.stdout.write(prefix + result.describe())
        total = sum(sum(r.moved.values()) for r in results)
        self.stdout.write(self.style.SUCCESS(f"{prefix}共 {len(results)} 项区划变更，移动 {total} 条记录"))
