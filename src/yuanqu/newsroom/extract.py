"""Extract a meeting's facts from a repaired news report (issues 7 and 13). Pure: no Django.

Every field is read from a pattern the report itself uses; a field whose pattern is absent is ``None`` (or an
empty list), never guessed. People are read with the title dictionary and the name rule of
:mod:`yuanqu.newsroom.facts.people`, places with the GB/T 2260 names of :mod:`yuanqu.newsroom.facts.lexicon`,
dates by :mod:`yuanqu.newsroom.facts.dates`. :func:`extract_with_evidence` also says, for each value, which
sentence of the text it was read from.
"""

from __future__ import annotations

import re

from yuanqu.newsroom.facts.dates import meeting_date
from yuanqu.newsroom.facts.lexicon import city_names, divisions, province_short_names, short_names
from yuanqu.newsroom.facts.lists import chinese_number, leading_place, place_of, rankings, split_items
from yuanqu.newsroom.facts.people import _POST, HAN, person_in, titled_people

__all__ = ["FIELDS", "chinese_number", "extract", "extract_with_evidence"]

FIELDS = (
    "round", "month", "days", "year", "year_basis", "meeting_kind", "city", "visited_districts", "leader",
    "leader_title", "presiding", "attendees", "visited_projects", "criteria", "reporter", "rankings", "demands",
)

_NUM = "零〇一二两三四五六七八九十百\\d"
_ROUND = re.compile(rf"第([{_NUM}]+)次(?![^，,。]{{0,12}}?(?:党代会|代表大会|全会|全体会议|常委会))")
_KIND_END = (
    "现场推进会|推进大会|推进会|观摩会|现场会|协调会|讲评会|评比会|调度会|观摩评价活动|评价活动|观摩活动|推进活动|"
    "督导活动|拉练活动|评比活动|擂台赛|工作会议|会议|现场观摩|观摩拉练|观摩"
)
_KIND = re.compile(
    rf"(?:开展了?|召开了?|举行了?|举办了?|启动了?|^|(?<=[，,。：:\s在]))"
    rf"(?P<kind>[{HAN}“”\"()（）\d]{{2,40}}?(?:{_KIND_END}))(?=[，,。\s]|举行|召开|在|上|正式|启动|和|$)",
    re.M,
)
_KIND_WORDS = re.compile("项目|观摩|推进|督导|拉练|评比|擂台|攻坚")
_KIND_PREFIX = re.compile(
    rf"^(?:全市|全区|全县|全省|全州|\d{{4}}年度?|第[{_NUM}]+次|第?[一二三四1-4]季度|前三季度|[上下]半年|全年|"
    r"\d{1,2}月份?)+"
)
_LEAD = re.compile(r"带领|率领|率队|带队|率(?![先领队])")
_GROUP = re.compile(rf"([{HAN}]{{2,4}})一行")
_VISIT_LEAD = re.compile(r"(?:到|赴|来到|深入|来)[^，,。]{2,30}?(?:调研|视察|督导|检查|考察|宣讲)")
_PRESIDE = re.compile(r"主持")
_ATTEND = re.compile(r"(?:一同|一起)?(?:参加|出席|陪同|参与|观摩)(?!观摩的)")
_ANNOUNCE = re.compile(r"宣布|致辞")  # 县人大常委会主任X宣布项目开工: a titled attendee
_SPEECH = re.compile(r"(?:强调|指出|要求|讲话|说)[，,：:]")
_CITY_BEFORE = re.compile(rf"([{HAN}]{{2,6}}?)市(?=委|政府|人民政府|长|第|召开|组织|举行)")
_OUTLET = re.compile(rf"([{HAN}]{{2,4}}?)(?:新闻网|日报|晚报|广电|电视台|融媒体中心|网)讯?")
_VISITS = re.compile(
    r"(?:分别深入到|先后深入到?|先后来到|先后到|先后赴|深入到|先后察看了?|先后查看了?|先后观摩了?|先后实地查看了?|"
    r"先后实地察看了?|实地查看了?|实地察看了?|察看了|查看了|观摩了|参观了|来到|走进|"
    r"深入(?!贯彻|学习|推进|开展|实施|调研|沟通|了解|交流|一线|基层|项目|问)|第一站是|首站是?)"
)
# one-character visit verbs: only a list of places may follow them (到巢湖市、安巢经开区宣讲…, 来台江区督导…)
_WEAK_VISITS = re.compile(r"(?<![以所得直达看来先])(?:到|来|赴)(?![了过底位])")
_PROJECT_LIKE = re.compile(
    r"(?:项目|公司|基地|园|中心|集团|工程|厂|场|馆|社区|小学|学校|医院|路|所|期|城|站|广场|指挥部|示范方)(?:现场)?$"
)
_LIST_END = re.compile(
    r"等(?:地|处|[\d一二三四五六七八九十]+个(?:建设|重点|重大)?项目|(?:重点|重大)?项目|现场|企业|点位|单位)|"
    r"[\d一二三四五六七八九十]+个(?:县市区|(?:建设|重点|重大)?项目)"
)
# an item that is no longer part of the list: the sentence goes on (听取了…, 并在现场…, 具体了解…)
_NOT_ITEM = re.compile(r"^(?:并|听取|了解|详细|具体|认真|进行|每至|实地|对|与|就|深入项目|召开|研究)|了解|进行了|听取")
_NOT_PLACE = re.compile(r"^(?:每|各|全|共|所有|本|该|有关)|县市区|功能区$")
_CRITERIA = (
    re.compile(r"(?:根据|从|按照|围绕|就)(?:项目的)?([^。；，,、等]{2,20}(?:、[^。；，,、等]{2,20})+)"
               r"(?:等|等?[一二三四五六七八九十\d]+个)(?:方面|维度|指标)"),
    re.compile(r"(?:评分|打分|测评|评比)(?:标准|内容|指标)?(?:包括|为|是|分为)[：:]?"
               r"([^。；，,、等]{2,20}(?:、[^。；，,、等]{2,20})+)(?=[。；，,]|等)"),
    re.compile(r"(?:呈现出|呈现|体现出|体现了|具有)([^。；]{2,120}?)(?:等|的)(?:良好|鲜明|显著)?(?:态势|特点|特征|局面)"),
)
_BYLINES = (
    re.compile(r"[（(【\[]\s*(?:全媒体|融媒体)?(?:记者|文|作者)[\s：:/]*([^）)】\]]+?)\s*[）)】\]]"),
    re.compile(r"电\s*[（(]\s*([\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4})*)\s*[）)]"),
    re.compile(r"(?:^|\n)[^\n]{0,12}记者\s+([\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4})*)\s*(?:\n|$)"),
    re.compile(r"[（(]\s*[\u4e00-\u9fff]{2,8}\s+([\u4e00-\u9fff]{2,4})\s*[）)]"),
)
_SENTENCE = re.compile(r"[^。！!？?\n]+[。！!？?]?")
_DEMAND_CLAUSE = re.compile(r"(?:^|[，,：:])\s*(?=(?:要|必须|务必|切实)[^求])")
_DEMAND_SPEAKER = re.compile(r"(?:强调|要求)[，,：:]")
_SPEAKER = re.compile(r"(?:强调|要求|指出)[，,：:]")


class _Facts:
    """Values with the spans of the sentences they came from."""

    def __init__(self, text: str):
        self.text = text
        self.sentences = [m.span() for m in _SENTENCE.finditer(text)]
        self.values: dict = {name: [] if name in _LISTS else None for name in FIELDS}
        self.evidence: dict[str, list[tuple[int, int]]] = {name: [] for name in FIELDS}
        self.kind_span: tuple[int, int] | None = None
        self.kind_raw = ""

    def sentence(self, at: int) -> tuple[int, int]:
        for start, end in self.sentences:
            if start <= at < end:
                return start, end
        return at, at

    def set(self, name: str, value, at: int | tuple[int, int]) -> None:
        span = at if isinstance(at, tuple) else self.sentence(at)
        if name in _LISTS:
            self.values[name].append(value)
        else:
            self.values[name] = value
            self.evidence[name] = []
        self.evidence[name].append(span)


_LISTS = frozenset({"days", "visited_districts", "attendees", "visited_projects", "criteria", "rankings", "demands"})


def _clause_before(text: str, at: int, limit: int = 80) -> tuple[int, str]:
    start = max(0, at - limit)
    cut = max(text.rfind(mark, start, at) for mark in "。；;！\n")
    start = max(start, cut + 1)
    return start, text[start:at]


def _people_fields(facts: _Facts, city: str | None) -> None:
    text = facts.text
    people = titled_people(text)
    leader = None
    for lead in _LEAD.finditer(text):
        group = [p for p in people if p.end <= lead.start() and lead.start() - p.end <= 1]
        if not group:
            continue
        # the people joined to the leader by 、 or a comma just before (市委书记X、市长Y带领)
        chain = [group[-1]]
        for person in reversed([p for p in people if p.end <= chain[0].start]):
            if chain[0].start - person.end <= 1 and text[person.end:chain[0].start] in ("、", ",", "，", ""):
                chain.insert(0, person)
            else:
                break
        leader = chain[0]
        for other in chain[1:]:
            facts.set("attendees", other.name, other.start)
        break
    if leader is None:
        group = _GROUP.search(text)
        if group:
            leader = next((p for p in people if p.name == group[1] or p.end == group.end() - 2), None)
            if leader is None and group[1] in {p.name for p in people}:
                leader = next(p for p in people if p.name == group[1])
    if leader is None:
        for visit in _VISIT_LEAD.finditer(text):
            leader = next((p for p in people if p.end == visit.start()), None)
            if leader:
                break
    presiding = None
    for chair in _PRESIDE.finditer(text):
        start, _ = _clause_before(text, chair.start())
        before = [p for p in people if start <= p.start and p.end <= chair.start()]
        if before:
            presiding = before[-1]
            break
    if leader is None:
        for speech in _SPEECH.finditer(text):
            start, _ = _clause_before(text, speech.start(), 30)
            before = [p for p in people if start <= p.start and p.end == speech.start()]
            if before and before[-1] is not presiding:
                leader = before[-1]
                break
    if leader is not None:
        facts.set("leader", leader.name, leader.start)
        title = leader.title
        if city and title.startswith(city) and not title.startswith(city + "市" + "市"):
            title = title[len(city):]
        facts.set("leader_title", title, leader.start)
    if presiding is not None:
        facts.set("presiding", presiding.name, presiding.start)
    _attendees(facts, leader)


def _attendees(facts: _Facts, leader) -> None:
    text = facts.text
    seen = set(facts.values["attendees"])
    if leader is not None:
        seen.add(leader.name)
    for verb in _ANNOUNCE.finditer(text):
        person = next((p for p in titled_people(text) if p.end == verb.start()), None)
        if person and person.name not in seen:
            seen.add(person.name)
            facts.set("attendees", person.name, person.start)
    for verb in _ATTEND.finditer(text):
        start, clause = _clause_before(text, verb.start(), 200)
        clause = re.sub(r"等[^、，,]{0,12}$", "", clause)
        items = [(o + p, part) for o, item in split_items(clause, "、，,")
                 for p, part in _split_on(item, r"和(?=各|有关|相关|全|市|县|区|省)")]
        names = []
        for offset, item in reversed(items):
            item = re.sub(r"等[^、，,]*$", "", item)
            person = person_in(item)
            if person is None:
                if names:
                    # a group word (各县区主要负责同志) or a place may sit inside the list; a date or a verb ends it
                    if re.search(r"负责|同志|部门|单位|领导|[区县市]$|有关|人大|政协", item) or _POST.search(item):
                        continue
                    break
                continue
            names.append((start + offset, person[1]))
        for at, name in reversed(names):
            if name not in seen:
                seen.add(name)
                facts.set("attendees", name, at)


def _city_at(facts: _Facts, words: str, at: int) -> str | None:
    cities = city_names(county_level=True)
    for length in range(len(words), 1, -1):
        name = words[-length:]
        if name in cities:
            if name.endswith("市") and name[:-1] in cities:
                name = name[:-1]  # the short name, as elsewhere (聊城市市委 -> 聊城)
            facts.set("city", name, at)
            return name
    return None


_VISITORS = re.compile(r"[^，,。]{0,12}?(?:调研组|考察团|代表团|一行)")


def _split_on(item: str, pattern: str) -> list[tuple[int, str]]:
    parts, at = [], 0
    for match in re.finditer(pattern, item):
        parts.append((at, item[at:match.start()]))
        at = match.end()
    parts.append((at, item[at:]))
    return [(o, p) for o, p in parts if p]


def _city(facts: _Facts) -> str | None:
    """The meeting's city: named by the outlet (德州新闻网讯), before 市委/市政府/市长 (a visiting delegation's city
    excepted: 太原市政协调研组来忻), after its province (湖北潜江), or before 市/a zone word anywhere."""
    text = facts.text
    for match in _OUTLET.finditer(text[:300]):
        if found := _city_at(facts, match[1], match.start()):
            return found
    for match in _CITY_BEFORE.finditer(text):
        if _VISITORS.match(text, match.end()):
            continue
        if found := _city_at(facts, match[1], match.start()):
            return found
    cities = city_names()
    provinces = "|".join(sorted(province_short_names(), key=len, reverse=True))
    for match in re.finditer(rf"(?:{provinces})([{HAN}]{{2,3}})", text):
        for length in (3, 2):
            if match[1][:length] in cities:
                facts.set("city", match[1][:length], match.start())
                return match[1][:length]
    for match in re.finditer(rf"([{HAN}]{{2,3}})(?=市(?!场|民|区|县)|经济开发区|经济技术开发区|高新区|经开区)", text):
        name = match[1] if match[1] in cities else match[1][-2:] if match[1][-2:] in cities else None
        if name and not _VISITORS.match(text, match.end()):
            facts.set("city", name, match.start())
            return name
    return None


def _kind_and_round(facts: _Facts) -> None:
    text = facts.text
    for match in _KIND.finditer(text):
        kind = re.split(r"开展了?|召开了?|举行了?|举办了?|组织|启动|(?<=[长记任])在", match["kind"])[-1]
        first = re.match(rf"(.{{4,}}?(?:{_KIND_END}))和", kind)
        if first:
            kind = first[1]
        if not _KIND_WORDS.search(kind) or re.search(r"进行|^对|^为|的已|^今年", kind):
            continue
        if re.search(r"贯彻|落实|学习|按照|根据", text[max(0, match.start() - 30):match.start("kind")].split("，")[-1]
                     .split(",")[-1]):
            continue
        # the raw name, with the words before it up to the clause start (通城县2022年第三次…): a year there dates it
        clause_start = max(text.rfind(m, 0, match.start("kind")) for m in "，,。\n") + 1
        facts.kind_raw = text[clause_start:match.end("kind")]
        facts.kind_span = (match.end("kind") - len(kind), match.end("kind"))
        stripped = kind
        for _ in range(3):
            head = next((stripped[:n] for n in range(min(len(stripped), 8), 1, -1)
                         if stripped[:n] in divisions() or stripped[:n] in short_names()), None)
            stripped = _KIND_PREFIX.sub("", stripped[len(head):] if head else stripped)
        if len(stripped) >= 4 and _KIND_WORDS.search(stripped):
            facts.set("meeting_kind", stripped, match.start("kind"))
            break
    for match in _ROUND.finditer(text):
        tail = text[match.end():match.end() + 30]
        if re.match(rf"[^，,。]{{0,24}}?(?:{_KIND_END}|会)", tail):
            number = chinese_number(match[1])
            if number:
                facts.set("round", number, match.start())
                break


def _segment(text: str, at: int) -> str:
    end = len(text)
    for mark in "。；;\n":
        found = text.find(mark, at)
        if found != -1:
            end = min(end, found)
    return text[at:end]


def _places_in(items) -> list[tuple[int, str]] | None:
    """The places of a list that is all places (the last item may go on after its place: 安巢经开区宣讲…)."""
    found = []
    for index, (offset, item) in enumerate(items):
        if _NOT_PLACE.search(item):
            return None
        place = place_of(item) or (leading_place(item) if index == len(items) - 1 else None)
        if not place:
            return None
        found.append((offset, place))
    return found


def _places_and_projects(facts: _Facts) -> None:
    text = facts.text
    districts, projects = [], []
    taken = []
    starts = [(m.start(), m.end()) for m in _VISITS.finditer(text)]
    if text.lstrip().startswith("、"):  # a page that starts inside a list
        starts.insert(0, (0, text.index("、") + 1))
    for trigger, at in starts:
        segment = _segment(text, at)
        if segment.startswith("第"):
            continue
        stop = _LIST_END.search(segment)
        listed = segment[:stop.start()] if stop else segment
        items = split_items(listed, "、，,")
        kept = []
        for offset, item in items:
            if (_NOT_ITEM.search(item) and kept) or item in ("这里", "这儿", "此"):
                verb = re.search(r"进行了|进行|了解|听取|实地", item)
                if verb and verb.start() >= 2 and _PROJECT_LIKE.search(item[:verb.start()]):
                    kept.append((offset, item[:verb.start()]))
                break
            kept.append((offset, item))
        items = kept
        if not items:
            continue
        places = _places_in(items)
        taken.append((trigger, at + len(listed)))
        if places:
            districts += [(place, at + offset) for offset, place in places]
            continue
        if place_of(items[0][1]) and not _NOT_PLACE.search(items[0][1]):  # 第一站是高阳县，该县…
            for offset, item in items:
                if not place_of(item):
                    break
                districts.append((place_of(item), at + offset))
            continue
        if not stop and len(items) == 1:
            first = re.match(r"[^，,。]{2,40}?(?:项目|公司|集团|基地)(?=现场|[，,]|$)", items[0][1])
            if not first:
                continue
            items = [(items[0][0], first[0])]
        elif (not stop and sum(1 for _, i in items if _PROJECT_LIKE.search(i)) < max(2, len(items) - 1)
              and sum(1 for _, i in items if leading_place(i)) < max(2, 0.4 * len(items))):
            continue
        _split_projects(items, at, districts, projects)
    for match in _WEAK_VISITS.finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
        items = split_items(_segment(text, match.end()), "、，,")
        cut = next((i for i, (_, item) in enumerate(items) if not place_of(item)), len(items))
        places = _places_in(items[:cut + 1]) if items else None
        if places:
            districts += [(place, match.end() + offset) for offset, place in places]
    # a stop as a paragraph names it: 在X项目现场， / 在X建设现场， / 在X有限公司，
    stops = (r"(?:^|[。，,\n])在([^，,。]{4,40}?(?:项目|公司|基地|中心))(?:建设)?现场[，,]",
             r"(?:^|[。\n])在([^，,。]{4,40}?)建设现场[，,]",
             r"(?:^|[。\n])在([^，,。]{4,40}?(?:有限公司|集团))[，,]")
    for pattern in stops:
        for match in re.finditer(pattern, text):
            projects.append((match[1], match.start(1)))
    for match in re.finditer(r"(?:会|活动)在([^，,。]{2,40}?)(?:举行|召开)", text):
        items = split_items(match[1], "、，,和及")
        if items and all(place_of(i) for _, i in items):
            districts += [(place_of(i), match.start(1) + o) for o, i in items]
    _set_unique(facts, "visited_districts", districts)
    _set_unique(facts, "visited_projects", projects)


def _split_projects(items, at, districts, projects) -> None:
    # 北纬38度和奥明玻璃: two projects; 及 stays inside a name (乌石路集贸市场及现有集贸市场提升项目)
    items = [(offset + part_at, part) for offset, item in items for part_at, part in split_items(item, "和")]
    # a list grouped by town or district (南城镇A、B，宋楼镇C…): the places go to the districts
    heads = sum(1 for _, item in items if leading_place(item))
    split_towns = heads >= 2 and heads >= 0.4 * len(items)
    for offset, item in items:
        item = re.sub(r"^(?:我市|我县|我区|了)", "", item)
        item = re.sub(r"[\d一二三四五六七八九十]+个(?:建设|重点|重大)?项目$", "", item)
        item = re.sub(r"(项目)(?:建设)?现场$", r"\1", item).strip()
        if not item:
            continue
        head = leading_place(item) if split_towns else None
        if head and len(item) > len(head) + 1:
            districts.append((head, at + offset))
            item = item[len(head):]
        projects.append((item, at + offset))


def _set_unique(facts: _Facts, name: str, values) -> None:
    seen = set()
    for value, at in values:
        if value and value not in seen:
            seen.add(value)
            facts.set(name, value, at)


def _criteria(facts: _Facts) -> None:
    for pattern in _CRITERIA:
        # 从A、B等方面 names scoring criteria only where the sentence is about scoring
        match = next((m for m in pattern.finditer(facts.text) if pattern is not _CRITERIA[0]
                      or re.search(r"评|打分|测评|考核", facts.text[slice(*facts.sentence(m.start()))])), None)
        if match:
            for _, item in split_items(match[1], "、，,"):
                facts.set("criteria", item, match.start())
            return


def _reporter(facts: _Facts) -> None:
    text = facts.text
    for pattern in _BYLINES:
        for match in pattern.finditer(text):
            names = re.split(r"\s*(?:通讯员|摄影|摄|实习生)\s*", match[1])[0].strip()
            parts = [p for p in re.split(r"[\s、，,/]+", names) if p]
            if parts and all(re.fullmatch(f"[{HAN}]{{2,4}}", p) for p in parts) and not any(
                p.endswith(("委", "办", "局", "部", "网", "社", "站", "提供")) for p in parts
            ):
                facts.set("reporter", "、".join(parts), match.start())
                return


def _demands(facts: _Facts) -> None:
    text = facts.text
    speech = _SPEAKER.search(text)
    if not speech:
        return
    for match in _SENTENCE.finditer(text, speech.start()):
        sentence = match[0].rstrip("。！!？?")
        clause = _DEMAND_CLAUSE.search(sentence) or _DEMAND_SPEAKER.search(sentence)
        if clause and sentence[clause.end():].strip():
            facts.set("demands", sentence[clause.end():].strip(), match.span())


def extract_with_evidence(text: str, url: str | None = None) -> tuple[dict, dict[str, list[tuple[int, int]]]]:
    """The facts of :func:`extract` and, per field, the (start, end) offsets in ``text`` of the sentence each
    value was read from: one span for a scalar, one per element (in order) for a list, none for an empty field."""
    facts = _Facts(text)
    _kind_and_round(facts)
    date = meeting_date(text, url, facts.kind_raw, facts.kind_span)
    if date.month is not None or date.days:
        if date.month is not None:
            facts.set("month", date.month, date.span[0])
        for day in date.days:
            facts.set("days", day, date.span[0])
    if date.year is not None:
        at = date.year_span[0] if date.year_span else 0
        facts.set("year", date.year, at)
        facts.set("year_basis", date.basis, at)
    city = _city(facts)
    _places_and_projects(facts)
    _people_fields(facts, city)
    _criteria(facts)
    _reporter(facts)
    for ranking, span in rankings(text):
        facts.set("rankings", ranking, span[0])
    _demands(facts)
    evidence = {name: [facts.sentence(a) if a == b else (a, b) for a, b in spans]
                for name, spans in facts.evidence.items()}
    return facts.values, evidence


def extract(text: str, url: str | None = None) -> dict:
    """The meeting facts of one repaired report, as a JSON-ready dict with the keys ``FIELDS``.

    ``round``, ``month``, ``year`` are ints; ``days`` a list of day numbers (``23日至24日`` -> [23, 24]; across a
    month end the days of both months, 7月31日至8月3日 -> [31, 1, 2, 3]); ``leader``, ``presiding`` and
    ``attendees`` are names, the leader's title apart in ``leader_title`` (without the meeting's own city); lists
    keep the report's order. ``year`` comes from the text, a printed publication date or ``url`` (the page's
    address, when known), and ``year_basis`` says which (``text``, ``publication_date``, ``url``), else both are
    None. ``rankings`` is a list of ``{"rank", "name", "score"}`` (score None when not published). A demand is a
    sentence of the speech (after 强调/要求/指出) with a clause opening with 要/必须/务必/切实, from that clause on.
    Absent patterns give None or []; text still holding □ (a lost character) is extracted as written.
    """
    return extract_with_evidence(text, url)[0]
