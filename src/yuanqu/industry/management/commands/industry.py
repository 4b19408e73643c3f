"""yuanqu industry targets REGION [--measure ...] [--json] | grades FILE.xlsx [--save] [--json] | load-chains |
table-import TABLE FILE.xlsx [--dry-run]"""

import json
from dataclasses import asdict

from django.core.management.base import BaseCommand, CommandError

from yuanqu.core.commandline import (
    SystemActor,
    add_progress_argument,
    exit_on_problems,
    progress_bar,
    read_input,
    resolve_actor,
)
from yuanqu.industry import selectors
from yuanqu.industry.importer import efficiency_import
from yuanqu.industry.models import RegionIndustryTable
from yuanqu.industry.services import chains_load_shipped
from yuanqu.industry.table_importer import region_industry_figures_import


class Command(BaseCommand):
    help = "产业分析：招商目标、亩均效益评价、载入产业链。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        targets = sub.add_parser("targets", help="区县的招商目标行业")
        targets.add_argument("region", help="区县名称或6位行政区划代码")
        targets.add_argument(
            "--measure", default=selectors.DEFAULT_MEASURE,
            help=f"{'、'.join(sorted(selectors.MEASURES))}（登记数据），或 table:<编号>（导入的区域产业数据表）",
        )
        targets.add_argument("--limit", type=int, default=20)
        targets.add_argument("--json", dest="as_json", action="store_true", help="输出 JSON")
        grades = sub.add_parser("grades", help="评价 .xlsx/.csv 中的亩均效益数据；文件有错误时退出码为1")
        grades.add_argument("file")
        grades.add_argument("--save", action="store_true", help="同时导入数据库（全部无误才写入）")
        grades.add_argument("--user", help="以该用户的权限导入（默认：命令行，全市权限）")
        grades.add_argument("--json", dest="as_json", action="store_true", help="输出 JSON")
        add_progress_argument(grades)
        sub.add_parser("load-chains", help="载入随软件提供的产业链（可重复运行）")
        tables = sub.add_parser("table-import", help="导入区域产业数据表的数据（宽表或长表；有错时不写入，退出码1）")
        tables.add_argument("table", help="数据表编号或名称（先在页面上新建）")
        tables.add_argument("file")
        tables.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        tables.add_argument("--user", help="以该用户的权限导入（默认：命令行，全市权限）")
        add_progress_argument(tables)

    def handle(self, *args, action, **options):
        return getattr(self, action.replace("-", "_"))(**options)

    def targets(self, *, region, measure, limit, as_json: bool = False, **options):
        district = selectors.find_district(region)
        if district is None:
            raise CommandError(f"没有区县“{region}”（请用区县名称或6位行政区划代码）。", returncode=2)
        if not selectors.measure_known(measure):
            raise CommandError(
                f"没有计算依据“{measure}”：应为 {'、'.join(selectors.MEASURES)} 之一，或 table:<编号>。", returncode=2
            )
        targets, names = selectors.targets_for_region(region=district, measure=measure, limit=limit or None)
        basis = selectors.measure_basis(measure)
        if as_json:
            from yuanqu.industry.api import target_dict

            self._json({"region": district.code, "basis": basis.as_dict(),
                        "targets": [target_dict(t, names) for t in targets]})
            return
        label = selectors.measure_choices()[measure]
        self.stdout.write(f"{district.name}招商目标（口径：{label}）")
        self.stdout.write(basis.text + ("（示例数据：估算数值，不是统计数据）" if basis.illustrative else ""))
        for t in targets:
            self.stdout.write(f"{t.rank:>3}. {t.code} {names.get(t.code, t.code)}  得分 {t.score:.3f}")
            self.stdout.write(f"     {t.explanation}")

    def grades(self, *, file, save, user, as_json: bool = False, no_progress=False, **options):
        path, data = read_input(file)
        actor = resolve_actor(user)
        with progress_bar(self.stderr, "检查", "行", enabled=not no_progress) as progress:
            result, records = efficiency_import(user=actor, data=data, filename=path.name, dry_run=not save,
                                                progress=progress)
        exit_on_problems(self, result)
        pairs = selectors.graded(records)
        if as_json:
            self._json(
                [
                    {
                        "credit_code": r.enterprise.credit_code,
                        "enterprise": r.enterprise.name,
                        "year": r.year,
                        **{k: v for k, v in asdict(g).items() if k != "indicator_scores"},
                    }
                    for r, g in pairs
                ]
            )
        else:
            for r, g in pairs:
                self.stdout.write(
                    f"{r.enterprise.name}\t{r.year}\t{g.score if g.score is not None else '—'}\t"
                    f"{g.grade or '不予评价'}\t{g.reason}"
                )
        if save:
            self.stderr.write(result.summary())

    def load_chains(self, **options):
        chains = chains_load_shipped(user=SystemActor())
        self.stdout.write("已载入产业链：" + "、".join(c.name for c in chains))

    def table_import(self, *, table, file, dry_run, user, no_progress=False, **options):
        found = (RegionIndustryTable.objects.filter(pk=int(table)).first() if table.isdigit() else None) or (
            RegionIndustryTable.objects.filter(name=table).first()
        )
        if found is None:
            raise CommandError(f"没有区域产业数据表“{table}”（请用编号或名称，先在页面上新建）。", returncode=2)
        path, data = read_input(file)
        with progress_bar(self.stderr, "检查", "行", enabled=not no_progress) as progress:
            result = region_industry_figures_import(user=resolve_actor(user), table=found, data=data,
                                                    filename=path.name, dry_run=dry_run, progress=progress)
        exit_on_problems(self, result)
        self.stdout.write(f"{found.name}：{result.summary()}")

    def _json(self, data) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1, default=str))
