"""Demo enterprises and projects: at least 60 projects over every district and lifecycle stage.

Named public projects of 亭湖区 are included; enterprises not named in public reports get fictional names.
"""

import datetime
import random
from decimal import Decimal

from yuanqu.places.demo import district_coordinates
from yuanqu.places.models import Carrier, Industry, Park, Region
from yuanqu.projects import credit_code
from yuanqu.projects.models import Enterprise, KeyLevel, Orientation, ProgressReport, Project, ProjectKind, Stage

# name, enterprise, region, park, industry division, investment (万元), stage
NAMED = [
    ("环科城环保产业创新中心", "盐城环科城创新发展有限公司", "320902", "盐城环保科技城", "77", 120000, Stage.PRODUCING),
    ("和阳电梯部件", "江苏和阳电梯部件有限公司", "320902", "亭湖经济开发区", "34", 56000, Stage.STARTED),
    ("中车轨道列车车体", "中车盐城轨道交通装备有限公司", "320902", "亭湖经济开发区", "37", 150000, Stage.COMPLETED),
]

PRODUCTS = {
    "34": ["智能装备", "精密齿轮", "液压件", "工业机器人减速器"],
    "35": ["环保装备", "烟气治理设备", "污水处理成套设备"],
    "36": ["新能源汽车零部件", "汽车轻量化车身", "动力总成"],
    "37": ["轨道交通配件", "船舶配套设备"],
    "38": ["动力电池", "光伏组件", "风电装备", "储能系统"],
    "39": ["半导体封装测试", "智能终端", "光电显示模组"],
    "33": ["高端紧固件", "金属结构件"],
    "26": ["新材料", "电子化学品"],
    "17": ["高档纺织面料", "功能性纤维"],
    "77": ["固废资源化", "VOCs治理服务"],
    "42": ["废旧动力电池回收利用"],
    "30": ["新型建材", "光伏玻璃"],
    "14": ["健康食品"],
    "44": ["海上风电", "分布式光伏电站"],
    "25": ["特种油品"],
    "31": ["特钢精深加工"],
    "55": ["港口物流"],
}
COMPANY_WORDS = [
    "恒远",
    "瑞丰",
    "华建",
    "中盛",
    "新宇",
    "金海",
    "东辰",
    "博瑞",
    "鼎泰",
    "汇能",
    "海川",
    "盛达",
    "卓越",
    "德润",
    "宏图",
    "天合",
    "凯利",
    "明阳",
    "华晟",
    "润泽",
    "嘉禾",
    "信诚",
    "永泰",
    "安达",
]


def _credit(rng: random.Random, region_code: str) -> str:
    org = "".join(rng.choice("0123456789") for _ in range(8)) + rng.choice("0123456789X")
    return credit_code.complete(f"91{region_code}{org}"[:17])


def _dates(rng: random.Random, stage: Stage, today: datetime.date) -> dict:
    """Planned dates for every stage and actual dates up to `stage`, in order, some late."""
    stages = list(Stage)
    reached = stages.index(stage)
    signed = today - datetime.timedelta(days=rng.randrange(120, 1000) + 200 * reached)
    planned, actual, cursor_p, cursor_a = {}, {}, signed, signed
    for index, s in enumerate(stages):
        gap = datetime.timedelta(days=0 if index == 0 else rng.randrange(60, 240))
        cursor_p = cursor_p + gap
        planned[f"planned_{s.value}"] = cursor_p
        if index <= reached:
            cursor_a = max(cursor_a, cursor_a + gap + datetime.timedelta(days=rng.randrange(-20, 60)))
            actual[f"actual_{s.value}"] = min(cursor_a, today)
            cursor_a = actual[f"actual_{s.value}"]
    return {**planned, **actual}


def load() -> dict:
    rng = random.Random(823)
    today = datetime.date.today().replace(day=1)  # same data for every load within a month
    regions = {r.code: r for r in Region.objects.filter(level__in=["district", "county"])}
    parks = {p.name: p for p in Park.objects.select_related("region")}
    industries = {i.code: i for i in Industry.objects.all()}
    coordinates = district_coordinates()
    plan = [(n, e, r, p, i, Decimal(v), s) for n, e, r, p, i, v, s in NAMED]
    stages = list(Stage)
    park_list = sorted(parks.values(), key=lambda p: (p.region.code, p.name))
    counter = 0
    while len(plan) < 66:
        park = park_list[counter % len(park_list)]
        division = rng.choice([c.code for c in park.leading_industries.all()] or ["34"])
        product = rng.choice(PRODUCTS.get(division, ["先进制造"]))
        company = f"盐城{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_WORDS)}科技有限公司"
        scale = rng.choice(["年产", "新建", "扩建"])
        name = f"{company[2:6]}{scale}{product}项目"
        counter += 1
        if any(p[0] == name and p[2] == park.region.code for p in plan):
            continue
        stage = stages[len(plan) % len(stages)]
        plan.append((name, company, park.region.code, park.name, division, Decimal(rng.randrange(5, 300) * 500), stage))
    for index, (name, company, region_code, park_name, division, investment, stage) in enumerate(plan):
        region = regions[region_code]
        code = _credit(rng, region_code)  # drawn every time, so a second load replays the same sequence
        enterprise = Enterprise.objects.filter(name=company).first() or Enterprise.objects.create(
            name=company, credit_code=code, region=region, industry=industries.get(division)
        )
        park = parks[park_name]
        carrier = Carrier.objects.filter(park=park).order_by("name").first() if index % 3 == 0 else None
        lat, lon = coordinates[region_code]
        Project.objects.update_or_create(
            region=region,
            name=name,
            defaults={
                "code": f"YC{today.year - 1}-{index + 1:03d}",
                "enterprise": enterprise,
                "park": park,
                "carrier": carrier,
                "industry": industries.get(division),
                "kind": [ProjectKind.NEW, ProjectKind.EXPANSION, ProjectKind.UPGRADE][index % 3],
                "orientation": list(Orientation)[index % 4],
                "total_investment": investment,
                "key_level": KeyLevel.PROVINCIAL
                if investment >= 100000
                else KeyLevel.MUNICIPAL
                if investment >= 30000
                else KeyLevel.DISTRICT,
                "stage": stage,
                "construction_content": f"建设{name.removesuffix('项目')}生产线及配套设施。",
                "latitude": Decimal(str(round(lat + rng.uniform(-0.06, 0.06), 6))),
                "longitude": Decimal(str(round(lon + rng.uniform(-0.06, 0.06), 6))),
                **_dates(rng, stage, today),
            },
        )
    reports = _monthly_reports(random.Random(1123), today)
    return {"enterprises": Enterprise.objects.count(), "projects": len(plan), "monthly reports": reports}


def _month_starts(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, cursor = [], first.replace(day=1)
    while cursor <= last:
        months.append(cursor)
        cursor = (cursor + datetime.timedelta(days=32)).replace(day=1)
    return months


def _stage_on(project: Project, day: datetime.date) -> str:
    reached = [s["stage"] for s in project.stage_dates() if s["actual"] and s["actual"] <= day]
    return reached[-1] if reached else project.stage


def _monthly_reports(rng: random.Random, this_month: datetime.date) -> int:
    """Reports from the start of construction to last month: most on plan, some behind, a few missing."""
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    written = 0
    for project in Project.objects.filter(actual_started__isnull=False).order_by("region__code", "name"):
        months = _month_starts(project.actual_started, last_month)[-18:]
        if not months:
            continue
        pace = rng.choice([1.0, 1.0, 0.95, 0.8, 0.55])  # share of the time-proportional plan actually invested
        skip_last = rng.random() < 0.12  # the district has not filed last month yet
        planned_end = project.planned_completed or project.actual_started + datetime.timedelta(days=540)
        span = max((planned_end - project.actual_started).days, 30)
        cumulative = Decimal(0)
        for month in months[:-1] if skip_last and len(months) > 1 else months:
            month_end = _month_starts(month, month + datetime.timedelta(days=31))[-1] - datetime.timedelta(days=1)
            share = min(1.0, max(0.0, (month_end - project.actual_started).days / span)) * pace
            target = (project.total_investment * Decimal(str(round(share, 4)))).quantize(Decimal("0.01"))
            this = max(target - cumulative, Decimal(0))
            cumulative += this
            ProgressReport.objects.update_or_create(project=project, month=month, defaults={
                "investment_month": this, "investment_cumulative": cumulative,
                "stage": _stage_on(project, month_end),
                "narrative": f"{project.name}按计划推进，本月完成投资{this}万元。",
                "problems": "用地指标尚未落实，需市级协调。" if pace < 0.6 and month == months[-1] else ""})
            written += 1
    return written
