"""Test corpus for the newsroom: clean reports, a damage generator, and the measures.

The clean reports (``data/report_*.txt``) were written for the tests; every person in them is
invented. ``damage`` reproduces what district portals do to them (DESIGN.md §5): OpenCC ``s2t``,
著 for 着 as Taiwan/Hong Kong style portals write it, pinyin annotations on a random share of
characters, truncated annotations and lost characters (``?`` with fragments of the pinyin).

``python -m tests.newsroom.corpus`` prints the accuracy and extraction figures of docs/benchmarks.md.
"""

from __future__ import annotations

import os

os.environ.setdefault("PYPINYIN_NO_PHRASES", "true")

import difflib  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
from collections import Counter  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import opencc  # noqa: E402
from pypinyin import Style, pinyin  # noqa: E402

DATA = Path(__file__).parent / "data"
REPORTS = {path.stem: path.read_text(encoding="utf-8") for path in sorted(DATA.glob("report_*.txt"))}

_S2T = opencc.OpenCC("s2t")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

# Facts a careful reader takes from each clean report (conventions: extract.extract docstring). Since issue 13
# people are names, the leader's title apart, and groups (各地各部门负责同志) are no attendees; a co-leader
# (市长韩立明 beside the party secretary) is an attendee; the city is its short name (盐城).
GOLD: dict[str, dict] = {
    "report_01": {
        "round": 18, "month": 8, "days": [23, 24], "year": None, "meeting_kind": "产业园区项目载体建设现场推进会",
        "city": None, "visited_districts": ["亭湖区", "盐都区"], "leader": "林正泽", "leader_title": "市委书记",
        "presiding": "韩立明", "attendees": ["周文涛", "吴海峰", "沈佳宁"],
        "visited_projects": ["环湖城环保产业创新中心", "禾阳电梯部件", "远景轨道列车车体"],
        "criteria": ["体量规模大", "科技含量高", "产业带动强", "推进速度快"], "reporter": "许志远",
        "demands": [
            "要坚持项目为王，加快推进重大项目开工建设，着力在招大引强上实现新突破",
            "要进一步明确各地主导产业，着眼产业链延链补链强链，推动产业集群发展",
            "要围绕产业链精准招商，加快淘汰落后产能，提高产业附加值",
        ],
    },
    "report_02": {
        "round": 19, "month": 11, "days": [8, 9], "year": 2023, "meeting_kind": "重大项目观摩推进会",
        "city": "盐城", "visited_districts": ["大丰区", "射阳县"], "leader": "韩立明", "leader_title": "市长",
        "presiding": "郑云飞", "attendees": ["陈思远", "马俊杰"],
        "visited_projects": ["海达风电装备", "蓝港智能仓储", "东晟新材料"],
        "criteria": ["发展质态好", "智能制造水平高", "资源整合度强", "产业带动性大"], "reporter": "陆晓岚",
        "demands": [
            "各地必须把项目建设作为头等大事来抓，确保项目早开工、早投产、早见效",
            "要聚焦主导产业，着力培育一批百亿级企业",
            "要坚持以亩产论英雄，对低效用地开展专项整治",
        ],
    },
    "report_03": {
        "round": 21, "month": 5, "days": [16], "year": None, "meeting_kind": "产业园区项目载体建设现场推进会",
        "city": None, "visited_districts": ["建湖县", "阜宁县"], "leader": "林正泽",
        "leader_title": "市委书记", "presiding": "唐振宇", "attendees": ["韩立明"],
        "visited_projects": ["建湖石油装备产业园标准厂房", "阜宁环保滤料创新中心", "华越电子材料二期"],
        "criteria": ["投资体量大", "技术水平高", "产业链条长"], "reporter": "何静怡",
        "demands": ["要抢抓发展机遇，全力以赴推动签约项目落地", "必须强化要素保障，切实解决用地、用能等难题"],
    },
    "report_04": {
        "round": 17, "month": 4, "days": [18, 19], "year": 2024, "meeting_kind": "产业项目观摩会", "city": None,
        "visited_districts": ["经济技术开发区", "高新区"], "leader": None, "presiding": "韩立明", "attendees": [],
        "visited_projects": ["星河锂电池隔膜", "恒远汽车零部件", "云帆数据中心"],
        "criteria": ["招引质效提升", "开工率提高", "投产率上升"], "reporter": None,
        "demands": ["要着力优化营商环境，以服务配套吸引龙头企业", "要加快标准厂房建设，提高载体利用率"],
    },
    "report_05": {
        "round": 8, "month": 9, "days": [5], "year": None, "meeting_kind": "产业园区建设现场推进会", "city": "东台",
        "visited_districts": ["城东新区"], "leader": "钱卓然", "leader_title": "市委书记", "presiding": "苏慕白",
        "attendees": [],
        "visited_projects": ["华能储能电站", "安捷精密机械", "鸿运食品三期"],
        "criteria": ["规模体量大", "科技含量高", "带动作用强"], "reporter": "唐雨桐",
        "demands": [
            "要以更大力度推进项目建设，全力冲刺全年目标任务",
            "要紧扣主导产业精准招商，着力引进一批强链补链项目",
        ],
    },
    "report_06": {
        "round": 20, "month": 3, "days": [28, 29], "year": None, "meeting_kind": "产业园区项目载体建设现场推进会",
        "city": None, "visited_districts": ["响水县", "滨海县", "射阳县"], "leader": "林正泽",
        "leader_title": "市委书记", "presiding": "韩立明", "attendees": [],
        "visited_projects": ["德龙不锈钢深加工", "滨淮化工新材料", "金海岸智能制造"],
        "criteria": ["质态更优", "结构更好", "后劲更足"], "reporter": "许志远",
        "demands": [
            "要坚持“项目为王”不动摇，持续掀起项目建设热潮",
            "要围绕“5+2”产业体系(新能源、新材料等)，推动产业链精准招商",
        ],
    },
}

#: Parentheses that are not annotations and must survive repair exactly (after conversion).
LEGITIMATE_PARENTHESES = [
    "(张三)", "(2019年)", "(GDP)", "(12.5%)", "(一)", "（含税）", "(万元)", "(de)", "(AI)", "(PPP)",
    "(市、区)", "(2023-08-25)", "(yes)", "(app)", "(No.3)", "(a)", "(ok)", "（记者 李四）", "(m²)", "(5G)",
]


@dataclass(frozen=True)
class Damaged:
    text: str
    lost: int  # characters replaced by ? forms
    broken: int  # annotations truncated
    annotated: int  # complete annotations added


def reading(char: str, *, toneless: bool = False) -> str:
    """The default pypinyin reading of a Simplified character (what portals print)."""
    return pinyin(char, style=Style.NORMAL if toneless else Style.TONE)[0][0]


def damage(
    clean: str,
    *,
    seed: int,
    annotate_share: float = 0.3,
    lost_rate: float = 0.01,
    broken_rate: float = 0.005,
    traditional: bool = True,
    toneless: bool = False,
    taiwan_zhe: bool = True,
) -> Damaged:
    """Damage a clean Simplified report the way district portals do. Deterministic per seed."""
    base = _S2T.convert(clean) if traditional else clean
    if len(base) != len(clean):  # pragma: no cover - s2t keeps lengths for our texts
        raise ValueError("s2t changed the length; the generator needs a character alignment")
    if traditional and taiwan_zhe:
        base = base.replace("着", "著")
    rng = random.Random(seed)
    out, lost, broken, annotated = [], 0, 0, 0
    for index, (char, simplified) in enumerate(zip(base, clean, strict=True)):
        if not _CJK.match(char):
            out.append(char)
            continue
        syllable = reading(simplified, toneless=toneless)
        roll = rng.random()
        if roll < lost_rate:
            cut = rng.randrange(1, len(syllable)) if len(syllable) > 1 else 1
            out.append(rng.choice(["?", f"?({syllable})", f"?({syllable[:cut]}", f"?{syllable[cut:]})"]))
            lost += 1
        elif roll < lost_rate + broken_rate and len(syllable) > 1 and index + 1 < len(base):
            cut = rng.randrange(1, len(syllable))
            out.append(char + rng.choice([f"({syllable[:cut]}", f"{syllable[cut:]})"]))
            broken += 1
        elif roll < lost_rate + broken_rate + annotate_share:
            out.append(f"{char}({syllable})")
            annotated += 1
        else:
            out.append(char)
    return Damaged("".join(out), lost, broken, annotated)


@dataclass(frozen=True)
class CharScore:
    correct: int
    errors: int
    flagged: int  # clean characters that fall inside flagged spans (not scored)

    @property
    def accuracy(self) -> float:
        return self.correct / (self.correct + self.errors) if self.correct + self.errors else 1.0


def char_score(clean: str, result) -> CharScore:
    """Per-character accuracy of a RepairResult against the clean text, outside flagged spans.

    Each flagged span's marker is masked; an edit touching a mask is charged to the span (the
    reviewer sees it), any other difference is an error.
    """
    masked, cursor = [], 0
    for span in result.spans:
        masked.append(result.text[cursor:span.offset])
        masked.append("\x00")
        cursor = span.offset + len(span.marker)
    masked.append(result.text[cursor:])
    repaired = "".join(masked)
    correct = errors = flagged = 0
    matcher = difflib.SequenceMatcher(None, clean, repaired, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            correct += i2 - i1
        elif "\x00" in repaired[j1:j2]:
            flagged += i2 - i1
            errors += (j2 - j1) - repaired[j1:j2].count("\x00") if i2 == i1 else 0
        else:
            errors += max(i2 - i1, j2 - j1)
    return CharScore(correct, errors, flagged)


def field_scores(pairs: list[tuple[dict, dict]]) -> dict[str, tuple[float | None, float | None]]:
    """Precision and recall per field over (gold, predicted) pairs; lists are scored per item."""
    counts: dict[str, Counter] = {}
    for gold, predicted in pairs:
        for name, expected in gold.items():
            got = predicted.get(name)
            tally = counts.setdefault(name, Counter())
            if isinstance(expected, list):
                overlap = sum((Counter(expected) & Counter(got or [])).values())
                tally["tp"] += overlap
                tally["fp"] += len(got or []) - overlap
                tally["fn"] += len(expected) - overlap
            else:
                hit = got is not None and got == expected
                tally["tp"] += hit
                tally["fp"] += got is not None and not hit
                tally["fn"] += expected is not None and not hit
    return {
        name: (
            c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else None,
            c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else None,
        )
        for name, c in counts.items()
    }


SEEDS = range(20)


def main() -> None:  # pragma: no cover - prints the figures for docs/benchmarks.md
    from yuanqu.newsroom.extract import extract
    from yuanqu.newsroom.repair import repair

    for label, options in (("Traditional + toned pinyin", {}), ("Simplified + toneless pinyin",
                                                                {"traditional": False, "toneless": True})):
        correct = errors = flagged = lost = found = spans = 0
        kinds: Counter = Counter()
        pairs = []
        for name, clean in REPORTS.items():
            for seed in SEEDS:
                damaged = damage(clean, seed=seed, **options)
                result = repair(damaged.text)
                score = char_score(clean, result)
                correct, errors, flagged = correct + score.correct, errors + score.errors, flagged + score.flagged
                lost += damaged.lost
                found += sum(s.kind == "lost_character" for s in result.spans)
                spans += len(result.spans)
                kinds.update(s.kind for s in result.spans)
                pairs.append((GOLD[name], extract(result.text)))
        print(f"{label}: {len(REPORTS)} reports x {len(SEEDS)} seeds; accuracy outside flagged spans "
              f"{correct / (correct + errors):.4%} ({errors} errors / {correct + errors} chars); "
              f"{lost} lost characters injected, {found} flagged as lost, {spans} spans in all {dict(kinds)}; "
              f"{flagged} clean characters under flagged spans")
        print("| field | precision | recall |")
        print("| --- | --- | --- |")
        for field_name, (precision, recall) in field_scores(pairs).items():
            print(f"| {field_name} | {precision if precision is None else f'{precision:.3f}'} | "
                  f"{recall if recall is None else f'{recall:.3f}'} |")
    survived = removed = 0
    for seed in SEEDS:
        sentence = "".join(f"第{i}项工作{p}进展顺利，" for i, p in enumerate(LEGITIMATE_PARENTHESES))
        result = repair(damage(sentence, seed=seed, lost_rate=0, broken_rate=0).text)
        for group in LEGITIMATE_PARENTHESES:
            survived += group in result.text
            removed += group not in result.text
    print(f"legitimate parentheses: {survived} survived, {removed} removed or altered")
    clean_pairs = [(GOLD[name], extract(text)) for name, text in REPORTS.items()]
    scores = field_scores(clean_pairs)
    print("clean text, all fields P=R=1:", all(p in (None, 1.0) and r in (None, 1.0) for p, r in scores.values()))


if __name__ == "__main__":  # pragma: no cover
    main()
