"""The shipped peer group, 长三角中心区27城 (data/yrd27.csv): names, provinces and GB/T 2260 codes only, no statistics.

Read by the data migration (with historical models) and by `load` (current models: the demo, and databases
flushed after loading, e.g. transactional tests). Pure reading here; no Django import.
"""

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "yrd27.csv"
GROUP = "长三角中心区27城"
DESCRIPTION = "《长江三角洲区域一体化发展规划纲要》（2019）确定的中心区27个城市：上海，江苏9市，浙江9市，安徽8市。"


def rows() -> list[dict[str, str]]:
    """[{"code", "name", "province"}] in file order; lines starting with # are comments."""
    with DATA.open(encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def load(region_model, group_model):
    """Create or update the 27 regions and the group (idempotent); returns the group."""
    regions = [
        region_model.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "province": row["province"]}
        )[0]
        for row in rows()
    ]
    group, _created = group_model.objects.update_or_create(name=GROUP, defaults={"description": DESCRIPTION})
    group.members.add(*regions)
    return group
