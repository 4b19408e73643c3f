"""Import of 20,000 projects from .xlsx against openpyxl merely reading the same file (issue 3).

    .venv/bin/python benchmarks/bench_import.py [--rows 20000] [--runs 3]

A throw-away SQLite database (migrated in a temp directory, WAL like production's embedded default) holds a
city with 6 districts, 4 parks each, the industry classification from the migrations. The file has the import
template's 27 columns; a quarter of the rows name a new enterprise (credit code with its check character).

Timed, as medians of --runs rounds, round-robin so load bursts hit every row of the table alike:

* baseline: ``openpyxl.load_workbook(read_only=True)`` and iterating every row's values — the floor any import
  pays;
* import into an empty registry: parse, validate every cell and row (model clean()), then in one transaction
  bulk-create the projects and enterprises and one ObjectChange each (the database is emptied between rounds,
  untimed);
* re-import of the same file: everything validated again, nothing written (all rows unchanged).

The box is shared and noisy: wall clock and this process's CPU time (less disturbed by others' load) are both
reported; SQLite's own work is in-process, so CPU time covers the database too.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))


def setup_django(directory: str) -> None:
    os.environ["YUANQU_DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yuanqu.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def make_world() -> list[tuple[str, list[str]]]:
    from yuanqu.places.models import Park, ParkLevel, Region, RegionLevel

    city = Region.objects.create(code="320900", name="盐城市", level=RegionLevel.CITY)
    districts = []
    for index, name in enumerate(["亭湖区", "盐都区", "大丰区", "东台市", "建湖县", "射阳县"]):
        region = Region.objects.create(code=f"3209{index + 2:02d}", name=name, level=RegionLevel.DISTRICT, parent=city)
        parks = [
            Park.objects.create(name=f"{name}园区{k}", region=region, level=ParkLevel.PROVINCIAL) for k in range(4)
        ]
        districts.append((name, [p.name for p in parks]))
    return districts


def make_file(rows: int, districts) -> bytes:
    from openpyxl import Workbook

    from yuanqu.projects import credit_code
    from yuanqu.projects.imports.columns import PROJECT_SPECS

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("项目")
    sheet.append([spec.header for spec in PROJECT_SPECS])
    stages = ["签约", "前期工作", "开工", "竣工"]
    for n in range(rows):
        district, parks = districts[n % len(districts)]
        stage = stages[n % 4]
        new_enterprise = n % 4 == 0
        actual = {"签约": "2024-01-10", "前期工作": "2024-03-01", "开工": "2024-06-01", "竣工": "2025-06-30"}
        reached = stages[: stages.index(stage) + 1]
        dates = []
        for s in ["签约", "前期工作", "开工", "竣工", "投产", "达产"]:
            dates += ["2024-01-01", actual[s] if s in reached else None]
        sheet.append(
            [
                f"项目{n:05d}",
                district,
                parks[n % len(parks)],
                None,
                f"企业{n:05d}有限公司" if new_enterprise else None,
                credit_code.complete(f"91320900{n:09d}") if new_enterprise else None,
                "34",
                "新建",
                "成本导向型",
                "市重点项目",
                10000 + n % 997 * 12.5,
                stage,
                *dates,
                "年产智能装备若干台套，建设标准厂房及配套设施",
                33.39,
                120.16,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_only_baseline(data: bytes) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True)
    count = sum(1 for _row in workbook.active.iter_rows(values_only=True))
    workbook.close()
    return count


def empty_registry() -> None:
    from yuanqu.core.models import ObjectChange
    from yuanqu.projects.models import Enterprise, Project

    Project.objects.all().delete()
    Enterprise.objects.all().delete()
    ObjectChange.objects.all().delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        setup_django(directory)
        from yuanqu.core.commandline import SystemActor
        from yuanqu.projects.imports import run_import
        from yuanqu.projects.models import Project

        data = make_file(args.rows, make_world())
        actor = SystemActor()
        times = {"baseline": [], "import": [], "reimport": []}
        cpu = {"baseline": [], "import": [], "reimport": []}
        for _round in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            assert read_only_baseline(data) == args.rows + 1
            times["baseline"].append(time.perf_counter() - start)
            cpu["baseline"].append(time.process_time() - start_cpu)
            empty_registry()
            start, start_cpu = time.perf_counter(), time.process_time()
            result = run_import(user=actor, kind="projects", data=data, filename="bench.xlsx")
            times["import"].append(time.perf_counter() - start)
            cpu["import"].append(time.process_time() - start_cpu)
            assert result.ok and result.created == args.rows, result.problems[:3]
            start, start_cpu = time.perf_counter(), time.process_time()
            again = run_import(user=actor, kind="projects", data=data, filename="bench.xlsx")
            times["reimport"].append(time.perf_counter() - start)
            cpu["reimport"].append(time.process_time() - start_cpu)
            assert again.ok and again.unchanged == args.rows and Project.objects.count() == args.rows
        base = statistics.median(times["baseline"])
        base_cpu = statistics.median(cpu["baseline"])
        print(
            f"rows: {args.rows}, file: {len(data) / 1e6:.1f} MB, runs: {args.runs}, "
            f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}"
        )
        print("| what | wall median | ratio | CPU median | CPU ratio | rows/s (wall) |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        labels = {
            "baseline": "baseline: openpyxl read_only, iterate every row",
            "import": "import into empty registry (validate + bulk write + audit)",
            "reimport": "re-import same file (validate, nothing written)",
        }
        for key, label in labels.items():
            median, median_cpu = statistics.median(times[key]), statistics.median(cpu[key])
            print(
                f"| {label} | {median:.2f} s | {median / base:.2f}× | {median_cpu:.2f} s | "
                f"{median_cpu / base_cpu:.2f}× | {args.rows / median:,.0f} |"
            )


if __name__ == "__main__":
    main()
