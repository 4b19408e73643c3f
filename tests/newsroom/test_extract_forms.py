"""Extraction of the forms real reports use (issue 13, corpus/news). Every text here is invented (fictional people,
real place names); each reproduces a form found in the real reports, and each test fails without its fix."""

import pytest

from yuanqu.newsroom.extract import FIELDS, extract, extract_with_evidence


def test_leader_before_dai_ling_with_the_title_apart():
    facts = extract("9月2日，市委书记、市人大常委会主任韦正德带领观摩团来到亭湖区。")
    assert facts["leader"] == "韦正德" and facts["leader_title"] == "市委书记、市人大常委会主任"


def test_co_leader_of_shuai_ling_is_an_attendee():
    facts = extract("2月22日至24日,市委书记钱立军、市长孙佳禾率领观摩组,"
                    "分别深入到川汇区、商水、项城,对项目进行了观摩。")
    assert (facts["leader"], facts["leader_title"], facts["attendees"]) == ("钱立军", "市委书记", ["孙佳禾"])
    assert facts["visited_districts"] == ["川汇区", "商水", "项城"]
    assert facts["days"] == [22, 23, 24]


@pytest.mark.parametrize("verb", ["率队", "带队", "率省调研组"])
def test_shuai_dui_dai_dui_and_shuai_with_a_two_character_name(verb):
    facts = extract(f"30日上午,省交通运输厅党委书记、厅长吕航{verb}来潜调研。")
    assert facts["leader"] == "吕航" and facts["leader_title"] == "省交通运输厅党委书记、厅长"


def test_a_delegation_led_by_x_yi_xing_and_its_city_is_not_the_meeting_city():
    facts = extract("11月24日上午,太原市政协主席欧阳明辉一行,来我市考察调研。忻州市政协主席乔立本参加调研。")
    assert facts["leader"] == "欧阳明辉" and facts["leader_title"] == "太原市政协主席"
    assert facts["city"] == "忻州" and facts["attendees"] == ["乔立本"]


def test_the_meeting_city_leaves_the_leaders_title():
    facts = extract("6月23日至25日,保定市组织开展观摩拉练活动。保定市委书记严守仁、市长闻佳率领观摩团进行了观摩。")
    assert facts["city"] == "保定" and facts["leader_title"] == "市委书记"


def test_the_only_visitor_or_speaker_leads_when_nobody_is_said_to():
    facts = extract("3月16日下午,市委书记宁致远到巢湖市、安巢经开区调研项目建设工作。")
    assert facts["leader"] == "宁致远" and facts["visited_districts"] == ["巢湖市", "安巢经开区"]
    speech = extract("在重点项目讲评会上,县委常委、常务副县长左明主持会议。县长邓文博指出,进展顺利。")
    assert (speech["leader"], speech["presiding"]) == ("邓文博", "左明")


def test_presiding_after_a_clause_of_ascii_commas_is_a_name():
    text = "根据工作安排,3月21日上午,区重点项目办常务副主任、区发改委主任曹东川召集相关单位,主持召开筹备工作会议。"
    assert extract(text)["presiding"] == "曹东川"


def test_attendees_with_ascii_commas_titles_groups_and_deng():
    text = ("7月31日至8月3日,济宁市召开重点项目现场观摩会。济宁市委书记、市人大常委会主任林雪松,市委副书记、市长于海,"
            "市委副书记陈一帆等市领导,各县市区、市直有关部门主要负责同志参加观摩。")
    facts = extract(text)
    assert facts["attendees"] == ["林雪松", "于海", "陈一帆"]
    assert facts["month"] == 7 and facts["days"] == [31, 1, 2, 3]


@pytest.mark.parametrize(("text", "names"), [
    ("区委书记张明远、区长陈思源一同参加活动。", ["张明远", "陈思源"]),
    ("县领导王晓冬、霍青、赵常安、李方舟等陪同。", ["王晓冬", "霍青", "赵常安", "李方舟"]),
    ("区领导乔国和、曾朗、李振参加。", ["乔国和", "曾朗", "李振"]),
    ("县委、区人大、区政协领导班子等参加观摩会。", []),
    ("随后,县人大常委会主任王建民宣布项目开工。", ["王建民"]),
])
def test_attendee_forms(text, names):
    assert extract(text)["attendees"] == names


def test_meeting_kind_with_a_county_year_and_round_before_it():
    facts = extract("9月7日,通城县2022年第三次重大项目谋划擂台赛在县委党校报告厅举行。")
    assert (facts["meeting_kind"], facts["round"], facts["year"], facts["year_basis"]) == (
        "重大项目谋划擂台赛", 3, 2022, "text")
    assert facts["visited_districts"] == []  # a hall is no district


@pytest.mark.parametrize(("text", "kind"), [
    ("市领导来台江开展挂钩重点项目督导活动\n7月22日下午,市委常委何静远带领部门来台江区督导。", "挂钩重点项目督导活动"),
    ("2月28日至3月1日,北关区组织召开了全区重点项目现场推进会和工业经济发展推进会。", "重点项目现场推进会"),
    ("7月4日上午,2021年全区“攻坚突破年”现场观摩会举行。", "“攻坚突破年”现场观摩会"),
    ("2月22日至24日,观摩组对2020年实施的已建成项目和在建项目进行了观摩。", None),
    ("为深入贯彻落实全省重点项目现场观摩和省委常委会会议精神,7月31日举行会议。", None),
])
def test_meeting_kind_forms(text, kind):
    assert extract(text)["meeting_kind"] == kind


def test_a_party_congress_is_no_round():
    assert extract("调研组围绕山西省第十二次党代会提出的任务进行了考察。")["round"] is None


@pytest.mark.parametrize(("text", "city"), [
    ("聊城市市委书记关文山带领观摩团。", "聊城"),
    ("德州新闻网讯(记者 郭田)11月30日,考察团来我县参观考察。", "德州"),
    ("湖北潜江\n30日上午,调研组来潜调研。", "潜江"),
    ("图为市委书记章卓然率队调研。围绕市委、市政府部署,紧扣市委要求。", None),
])
def test_city_forms(text, city):
    assert extract(text)["city"] == city


@pytest.mark.parametrize(("text", "districts"), [
    ("8月2日,先后观摩了金乡、嘉祥、济宁经开区、汶上、梁山5个县市区的15个项目。",
     ["金乡", "嘉祥", "济宁经开区", "汶上", "梁山"]),
    ("3月1日,北关区发展推进会在区政府东二楼会议室召开。", []),
    ("观摩活动第一站是高阳县,该县县长蒋东明介绍了情况。", ["高阳县"]),
    ("时间节点覆盖到每个县市区,看细看实。", []),
])
def test_visited_district_forms(text, districts):
    assert extract(text)["visited_districts"] == districts


@pytest.mark.parametrize(("text", "projects"), [
    ("区委书记李富强带领干部,深入5G低空应用示范基地、织布产业园、风电叶片生产基地3期等11个项目现场进行调研。",
     ["5G低空应用示范基地", "织布产业园", "风电叶片生产基地3期"]),
    ("观摩团一行先后实地查看了翊光镜头项目、智能化生产线项目,东森仓储交易中心项目。每至一处,认真听取汇报。",
     ["翊光镜头项目", "智能化生产线项目", "东森仓储交易中心项目"]),
    ("观摩团先后察看了汤汪污水处理厂三期、万福快速路、运河路-江平路互通项目现场,听取了项目总体情况汇报。",
     ["汤汪污水处理厂三期", "万福快速路", "运河路-江平路互通项目"]),
    ("考察团一行先后到盖世集团(齐河)物流产业园、山东梦之旅房车有限公司、祝阿镇古城苑社区等地实地参观考察。",
     ["盖世集团(齐河)物流产业园", "山东梦之旅房车有限公司", "祝阿镇古城苑社区"]),
    ("在陈宋坡冷链物流中心项目现场,区委常委杨洁与企业负责人深入沟通。", ["陈宋坡冷链物流中心项目"]),
    ("与会人员观摩了城市外环(南环)道路、城市游泳馆、三期标准化厂房9个建设项目,并进行了现场测评打分。",
     ["城市外环(南环)道路", "城市游泳馆", "三期标准化厂房"]),
    ("项目范围包括2022年以来开工建设的重点产业项目、社会民生项目等。", []),
])
def test_visited_project_forms(text, projects):
    assert extract(text)["visited_projects"] == projects


def test_a_list_grouped_by_town_gives_the_towns_as_districts():
    facts = extract("观摩人员先后到南城镇润华希望小学、刘庄村乡村文明现场,宋楼镇圣源绿色饮品、中绵针织,"
                    "白马湖镇纺织设备交易中心。")
    assert facts["visited_districts"] == ["南城镇", "宋楼镇", "白马湖镇"]
    assert facts["visited_projects"] == [
        "润华希望小学", "刘庄村乡村文明现场", "圣源绿色饮品", "中绵针织", "纺织设备交易中心"]


@pytest.mark.parametrize(("text", "month", "days"), [
    ("8月22-24日,观摩会举行。", 8, [22, 23, 24]),
    ("8月22至24日,观摩会举行。", 8, [22, 23, 24]),
    ("5月6号,观摩会举行。", 5, [6]),
    ("5月6號,观摩会举行。", 5, [6]),
    ("观摩活动从10月18日开始,到21日结束。", 10, [18, 19, 20, 21]),
    ("2020年11月03日10:44\n11月2日,观摩会举行。", 11, [2]),
    ("人民网保定6月28日电 (张继远)6月23日至25日,保定市组织开展观摩拉练活动。", 6, [23, 24, 25]),
    ("30日上午,调研组来潜调研。", None, [30]),
    ("在5月5日项目观摩会上,我对大家提出了要求。", None, []),
])
def test_date_forms(text, month, days):
    facts = extract(text)
    assert (facts["month"], facts["days"]) == (month, days)


@pytest.mark.parametrize(("text", "url", "year", "basis"), [
    ("发布时间:2022-06-29 11:32:00\n6月23日至25日,保定市组织开展观摩拉练活动。", None, 2022, "publication_date"),
    ("發布時間:2020-01-02\n12月30日下午,集团组织开展观摩活动。", None, 2019, "publication_date"),
    ("7月22日下午,市委常委何静远带领部门来台江区督导。", "http://example.cn/html/2014-07-23/161.shtml", 2014, "url"),
    ("1月3日,2022年下半年全市高质量发展现场观摩正式启动。", None, None, None),
    ("30日上午,就2016年全省重点建设项目推进状况进行专题调研。", None, None, None),
])
def test_year_forms(text, url, year, basis):
    facts = extract(text.replace("發布時間", "发布时间"), url=url)
    assert (facts["year"], facts["year_basis"]) == (year, basis)


def test_rankings_in_prose():
    text = ("县(市)组,从第一名到第三名依次为:孟州市、示范区、温县;"
            "在全市5个区中,川汇区以95.01的最高分荣获第一名,城乡一体化示范区获第二名,淮阳区排名第三;"
            "在全市8个县中,沈丘排名第一,商水、郸城分别获得第二名和第三名。")
    assert extract(text)["rankings"] == [
        {"rank": 1, "name": "孟州市", "score": None}, {"rank": 2, "name": "示范区", "score": None},
        {"rank": 3, "name": "温县", "score": None}, {"rank": 1, "name": "川汇区", "score": 95.01},
        {"rank": 2, "name": "城乡一体化示范区", "score": None}, {"rank": 3, "name": "淮阳区", "score": None},
        {"rank": 1, "name": "沈丘", "score": None}, {"rank": 2, "name": "商水", "score": None},
        {"rank": 3, "name": "郸城", "score": None},
    ]


def test_tied_rankings_and_the_planner_before_the_name():
    text = ("县住建局谋划的老旧小区改造工程获评第一名,县民政局谋划的隽水养老院项目以及县教育局谋划的隽水幼儿园项目"
            "并列第二名。")
    assert [(r["rank"], r["name"]) for r in extract(text)["rankings"]] == [
        (1, "老旧小区改造工程"), (2, "隽水养老院项目"), (2, "隽水幼儿园项目")]


def test_a_flattened_table_splits_rank_and_score():
    text = "综合得分排名:兖州区195.71曲阜市293.5邹城市390.12嘉祥县1075.5梁山县1175.5"
    rows = extract(text)["rankings"]
    assert [(r["rank"], r["name"], r["score"]) for r in rows[:3]] == [
        (1, "兖州区", 95.71), (2, "曲阜市", 93.5), (3, "邹城市", 90.12)]


def test_scoring_criteria_only_in_a_sentence_about_scoring():
    scored = extract("评审团专家根据项目的前瞻性、必要性、落地性等方面进行综合评定,现场打分。")
    assert scored["criteria"] == ["前瞻性", "必要性", "落地性"]
    assert extract("从产业布局情况、招商引资情况等方面重点着手。")["criteria"] == []


@pytest.mark.parametrize(("text", "reporter"), [
    ("【全媒体记者 周志远】9月7日,擂台赛举行。", "周志远"),
    ("德州新闻网讯(记者 翠清 永翔)11月17日至18日,观摩活动举行。", "翠清、永翔"),
    ("人民网保定6月28日电 (张继远)为认真落实精神。", "张继远"),
    ("沈丘排名第一。\n周口广电融媒体记者 杨宇\n编辑:陈盼", "杨宇"),
    ("确保下次观摩时有新变化。(信息办 孙刚正)", "孙刚正"),
    ("实现开门红。\n(区发改委)", None),
])
def test_reporter_forms(text, reporter):
    assert extract(text)["reporter"] == reporter


def test_every_value_comes_with_the_sentence_it_was_read_from():
    text = ("全市第五次项目观摩会召开\n8月3日，市委书记韦正德带领观摩团先后观摩了海达风电、蓝港仓储等项目。"
            "市长苏青禾主持。")
    facts, evidence = extract_with_evidence(text)
    assert set(evidence) == set(FIELDS)
    for name in ("leader", "presiding", "visited_projects", "month"):
        values = facts[name] if isinstance(facts[name], list) else [facts[name]]
        assert len(evidence[name]) == len(values)
        for value, (start, end) in zip(values, evidence[name], strict=True):
            assert str(value) in text[start:end] or name == "month"
    start, end = evidence["presiding"][0]
    assert text[start:end] == "市长苏青禾主持。"


def test_a_report_shaped_like_the_seed_gives_its_facts():
    # invented, with the seed report's structure (issue 13): leader with two titles, presiding mayor, byline
    text = ("8月23日，全市第二十次产业园区项目载体建设现场推进会在亭湖区举行。市委书记、市人大常委会主任韦正德"
            "带领与会人员观摩了环湖创新中心、禾阳电梯部件等项目。市长苏青禾主持。观摩团从发展质态、智能制造水平、"
            "资源整合度、产业带动性等4个方面进行现场打分。\n（记者 许知远）")
    facts = extract(text)
    assert (facts["leader"], facts["leader_title"]) == ("韦正德", "市委书记、市人大常委会主任")
    assert facts["presiding"] == "苏青禾"
    assert facts["visited_districts"] == ["亭湖区"] and facts["reporter"] == "许知远"
    assert facts["criteria"] == ["发展质态", "智能制造水平", "资源整合度", "产业带动性"]
    assert (facts["round"], facts["year"], facts["year_basis"]) == (20, None, None)
    assert facts["visited_projects"] == ["环湖创新中心", "禾阳电梯部件"]


def test_scoring_criteria_named_as_the_scoring_standard():
    assert extract("评分标准为发展质态、智能制造水平、资源整合度,满分100分。")["criteria"] == [
        "发展质态", "智能制造水平", "资源整合度"]
