"""Word lists the extractor reads people and places with. Data, not rules; each list says where it came from.

* Official titles: the post names of the Party and state hierarchy as government portals print them in
  bylines and meeting reports (中共中央组织部 post names: 书记, 副书记, 常委, 主任, 市长, 县长, 区长, 主席, ...;
  the 管委会/党工委 posts of development zones; the ranks 巡视员/调研员). Written here by hand from those
  conventions; a title is any run of organisation words ending in one of these post names.
* Place names: the full GB/T 2260 list in force (民政部 county-level-and-above codes), read from the product's
  own data file ``places/data/divisions.csv`` (its header gives the source and the build), with the short
  forms reports write (商水 for 商水县, 项城 for 项城市).
* Surnames: the common Chinese surnames (the 400-odd of the 百家姓 in use today, single and compound), used only
  to accept a bare name in a list where no title vouches for it.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

DIVISIONS_FILE = Path(__file__).resolve().parents[2] / "places" / "data" / "divisions.csv"

#: Post names a title ends with, longest first where one is a suffix of another (the regex alternation
#: needs that order). 常务副主任, 常务副市长 etc. are covered: the organisation words before a post are free.
TITLE_POSTS = tuple(sorted({
    "书记", "副书记", "常务副书记", "第一书记", "党组书记", "党委书记", "党工委书记",
    "常委", "委员", "主任", "副主任", "常务副主任", "第一副主任", "主任委员",
    "省长", "副省长", "市长", "副市长", "常务副市长", "县长", "副县长", "常务副县长", "区长", "副区长",
    "常务副区长", "州长", "副州长", "旗长", "副旗长", "盟长", "镇长", "副镇长", "乡长", "副乡长",
    "主席", "副主席", "秘书长", "副秘书长", "部长", "副部长", "厅长", "副厅长", "局长", "副局长",
    "处长", "副处长", "科长", "院长", "副院长", "检察长", "所长", "校长", "社长", "总编辑",
    "巡视员", "副巡视员", "调研员", "总队长", "副总队长", "队长", "组长", "副组长", "团长", "副团长",
    "董事长", "副董事长", "总经理", "副总经理", "政委", "司令员", "主委", "会长", "副会长",
}, key=lambda post: (-len(post), post)))

#: Words a list of people opens with that are no title of anyone (市领导 单虎、李命山参加).
LEADER_GROUPS = ("市领导", "区领导", "县领导", "镇领导", "省领导", "州领导", "领导", "市级领导", "县级领导")

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康"
    "施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成"
    "苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫"
    "费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈"
    "匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伏仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰"
    "支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伊操才"
)
SURNAMES = frozenset(_SURNAMES)
COMPOUND_SURNAMES = frozenset(
    ("欧阳", "司马", "诸葛", "上官", "司徒", "东方", "皇甫", "夏侯", "尉迟", "公孙", "令狐", "慕容")
)

# Suffixes a division's name is shortened by in prose (商水县 -> 商水), longest first.
_SHORTENED = ("土家族苗族自治县", "自治县", "自治旗", "林区", "特区", "县", "市", "区", "旗")
#: Zone words: names ending in these are functional zones or towns a tour visits (市经济开发区, 白马湖镇).
ZONE_SUFFIXES = (
    "经济技术开发区", "高新技术产业开发区", "经济开发区", "高新区", "经开区", "开发区", "示范区", "集聚区", "新区",
    "工业园区", "产业园区", "保税区", "试验区", "功能区", "街道", "镇", "乡", "区", "县", "市", "旗",
)


@functools.cache
def divisions() -> dict[str, tuple[str, str]]:
    """Current GB/T 2260 divisions: name -> (code, level) (``province``, ``city``, ``district``, ``county``).
    A name several divisions share (朝阳区) keeps the first code."""
    found: dict[str, tuple[str, str]] = {}
    with DIVISIONS_FILE.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for row in rows:
            if row["status"] == "current":
                found.setdefault(row["name"], (row["code"], row["level"]))
    return found


@functools.cache
def short_names() -> dict[str, str]:
    """Short forms of county-level and city names as reports write them (商水 -> 商水县), two characters or more,
    only where the short form is not itself a full name and no two divisions share it."""
    full = divisions()
    found: dict[str, str] = {}
    clash: set[str] = set()
    for name in full:
        for suffix in _SHORTENED:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                short = name[: -len(suffix)]
                if short in found and found[short] != name:
                    clash.add(short)
                found.setdefault(short, name)
                break
    return {short: name for short, name in found.items() if short not in clash and short not in full}


@functools.cache
def city_names(county_level: bool = False) -> frozenset[str]:
    """Prefecture-level names (盐城市, 黔南布依族苗族自治州) and their short forms (盐城); with ``county_level``
    also the county-level cities (东台市, 东台), which hold meetings of their own."""
    names = set()
    for name, (code, level) in divisions().items():
        if county_level and level == "county" and name.endswith("市") and len(name) >= 3:
            names.update((name, name[:-1]))
        # prefectures, the municipalities, and county-level cities directly under a province (潜江市, 429005)
        if level == "city" or (level == "province" and code[:2] in ("11", "12", "31", "50")) or (
            code[2:4] == "90" and name.endswith("市")
        ):
            names.add(name)
            for suffix in ("布依族苗族自治州", "苗族侗族自治州", "自治州", "地区", "市", "盟", "州"):
                if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                    names.add(name[: -len(suffix)])
                    break
    return frozenset(names)


def is_place(name: str) -> bool:
    """A GB/T 2260 name, its short form, or a zone or town name (ends in a zone word, two characters before it)."""
    if name in divisions() or name in short_names():
        return True
    return any(name.endswith(suffix) and len(name) - len(suffix) >= 1 for suffix in ZONE_SUFFIXES[:-5]) or (
        len(name) >= 2 and name[-1] in "镇乡区县市旗" and len(name) <= 9
    )


@functools.cache
def province_short_names() -> frozenset[str]:
    """Provinces as prose shortens them: 河南, 湖北, 内蒙古, 广西."""
    names = set()
    for name, (_code, level) in divisions().items():
        if level == "province":
            for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市"):
                if name.endswith(suffix):
                    names.add(name[: -len(suffix)])
                    break
    return frozenset(names)
