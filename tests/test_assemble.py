"""Activities and links on text written for these tests, one test per way of attaching."""
from __future__ import annotations

from pipeline.assemble import assemble, merge_events, same_event, _parse
from pipeline.extract.events import find_events
from pipeline.model import CountMention, DateMention, EventMention


def count_at(text: str, piece: str, nth: int = 0) -> CountMention:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(piece, pos + 1)
    return CountMention(piece, pos, pos + len(piece), 1.0, None, None)


def date_at(text: str, piece: str, iso: str) -> DateMention:
    pos = text.index(piece)
    return DateMention(piece, pos, pos + len(piece), iso, iso, "day")


def owners(text, dates, counts):
    """(activities, count index → event name, date index → event name)."""
    acts = assemble(text, dates, counts, find_events(text))
    c_owner, d_owner = {}, {}
    for a in acts:
        for i in a.counts:
            assert i not in c_owner, "a count is in two activities"
            c_owner[i] = a.event_name
        for i in a.dates:
            assert i not in d_owner, "a date is in two activities"
            d_owner[i] = a.event_name
    return acts, c_owner, d_owner


def test_same_event_rules():
    assert same_event(_parse("第二十六届科普周"), _parse("第二十六届科普宣传周"))
    assert same_event(_parse("科普日"), _parse("全国科普日"))
    assert same_event(_parse("低碳"), _parse("低碳校园行"))
    assert same_event(_parse("讲、比"), _parse("讲理想、比贡献"))
    assert same_event(_parse("某县20xx年科技活动周"), _parse("第十届科技活动周"))
    assert not same_event(_parse("第七次代表大会"), _parse("第八次代表大会"))
    assert not same_event(_parse("湖南省青少年科技创新大赛"), _parse("青少年科技创新大赛作品展"))
    assert not same_event(_parse("全国科普日"), _parse("全国科技工作者日"))


def test_one_activity_per_event_named_by_its_most_specific_mention():
    text = (
        "2、认真组织开展全国科技活动周暨县第二十六届科普宣传周活动。5月17日启动第二十六届科普周开幕式。"
        "此次科普周活动覆盖全县。科普宣传周活动深受欢迎。"
    )
    acts = assemble(text, [], [], find_events(text))
    assert [a.event_name for a in acts] == ["第二十六届科普周"]


def test_merge_groups_keep_text_order():
    evs = [EventMention("科普日", 0, 3), EventMention("全国科普日", 10, 15), EventMention("高交会", 20, 23)]
    assert merge_events(evs) == [[0, 1], [2]]


def test_count_in_the_same_clause():
    text = "组织10家企业参加重庆高交会,展示新产品。"
    _, c, _ = owners(text, [], [count_at(text, "10家")])
    assert c[0] == "重庆高交会"


def test_count_in_a_later_clause_of_the_sentence_about_the_event():
    text = "6月25日,首届“科技工作者杯”乒乓球比赛在体育中心举办,全区22支队伍,170余人参加。"
    _, c, _ = owners(text, [], [count_at(text, "22支"), count_at(text, "170余人")])
    assert c == {0: "科技工作者杯乒乓球比赛", 1: "科技工作者杯乒乓球比赛"}


def test_event_counted_in_its_own_clause_does_not_take_the_next_clause():
    text = (
        "在科普日活动期间,全市共开展科普报告6场次。"
        "全市共举办展览10场次,送科技下乡15场次,参与群众达6000多人次。"
    )
    counts = [count_at(text, "6场次"), count_at(text, "10场次"), count_at(text, "15场次"), count_at(text, "6000多人次")]
    _, c, _ = owners(text, [], counts)
    assert c == {0: "科普日", 1: "科普日", 2: "送科技下乡", 3: "科普日"}


def test_summary_sentence_after_the_event():
    text = "为纪念雷锋,开展学雷锋科普志愿者服务活动。活动累计发放科普宣传材料5000余份。"
    _, c, _ = owners(text, [], [count_at(text, "5000余份")])
    assert c[0] == "学雷锋科普志愿者服务活动"


def test_run_in_heading_names_the_block():
    text = (
        "3、积极宣传和推动海智计划。结合我县特色产业,多次深入企业宣传。"
        "目前组织申请的企业有3家,另有20余家企业有意向申请。"
    )
    _, c, _ = owners(text, [], [count_at(text, "3家"), count_at(text, "20余家")])
    assert c == {0: "海智计划", 1: "海智计划"}


def test_list_under_a_heading_line():
    text = (
        "二、围绕主题,科普日活动丰富多彩\n"
        "2、举办了科普展览、义诊进社区活动\n"
        "市科协在活动现场布置了宣传台,展出科普展板30余块,发放科普资料500余份。\n"
        "三、存在的问题\n"
        "经费不足,只购置了图书200册。\n"
    )
    _, c, _ = owners(text, [], [count_at(text, "30余块"), count_at(text, "500余份"), count_at(text, "200册")])
    assert c[0] == "科普日" and c[1] == "科普日"
    assert c.get(2) is None


def test_heading_with_a_list_of_events_names_none():
    text = "五、通过科技活动周等一系列活动,宣传科普知识\n3.组织了100多人参加专利讲座;\n"
    _, c, _ = owners(text, [], [count_at(text, "100多人")])
    assert c.get(0) is None


def test_count_of_a_listed_set_and_cumulative_totals_belong_to_none():
    text = (
        "推荐优秀作品参加湖南省青少年科技创新大赛、青少年机器人大赛等10余个赛事。"
        "11月开展了“科普中国·青春同行”活动,截止到11月底已经有两万余人注册成为科普信息员。"
    )
    _, c, _ = owners(text, [], [count_at(text, "10余个"), count_at(text, "两万余人")])
    assert c.get(0) is None and c.get(1) is None


def test_counts_in_an_unrelated_block_stay_unlinked():
    text = "1、开展全国科普日活动。发放资料300份。\n与此同时,街道还开展读书活动,约300人次参加。\n"
    _, c, _ = owners(text, [], [count_at(text, "300份"), count_at(text, "约300人次")])
    assert c[0] == "全国科普日"
    assert c.get(1) is None


def test_a_goal_frame_does_not_carry():
    text = "以实施社区科普益民计划为目标,深入开展居民科学素质行动。努力实现比例达到80%的目标。"
    _, c, _ = owners(text, [], [count_at(text, "80%")])
    assert c.get(0) is None


def test_dates_link_and_set_the_range():
    text = "为切实举办好第十届科技活动周,5月15日至21日期间,县科技局联合举办了系列活动。5月21日,本届科技活动周圆满落下帷幕。"
    dates = [
        DateMention("5月15日至21日", text.index("5月15日至21日"), text.index("5月15日至21日") + 9, "2020-05-15", "2020-05-21", "day"),
        date_at(text, "5月21日,", "2020-05-21"),
    ]
    acts, _, d = owners(text, dates, [])
    assert d == {0: "第十届科技活动周", 1: "第十届科技活动周"}
    (act,) = acts
    assert (act.start, act.end) == ("2020-05-15", "2020-05-21")


def test_date_leading_a_sentence_dates_the_event_named_after_it():
    text = "今年4月,按照县委要求,配合开展“建设和谐文化、促进乡风文明”主题教育活动。"
    _, _, d = owners(text, [date_at(text, "今年4月", "2021-04")], [])
    assert d[0] == "建设和谐文化、促进乡风文明"


def test_unnamed_dated_activity_with_location_and_organizer():
    text = "9月13日上午,市科协、市教育局共同在市实验小学举办了启动仪式,2000多名师生参加。"
    dates = [date_at(text, "9月13日", "2013-09-13")]
    counts = [count_at(text, "2000多名")]
    acts, c, d = owners(text, dates, counts)
    (act,) = acts
    assert act.event_name is None and d == {0: None} and c == {0: None}
    assert act.location == "市实验小学"
    assert act.organizer == "市科协、市教育局共同"
    assert text[act.span_start:act.span_end] == act.evidence


def test_evidence_is_the_dated_sentence_of_the_event():
    text = "一、开展全国科普日活动。\n9月15日在树木岭小学举办全国科普日活动,师生900余人参加。"
    acts, c, _ = owners(text, [date_at(text, "9月15日", "2021-09-15")], [count_at(text, "900余人")])
    (act,) = acts
    assert act.evidence.startswith("9月15日") and text[act.span_start:act.span_end] == act.evidence
    assert act.location == "树木岭小学"
    assert c[0] == "全国科普日"


def test_no_events_no_dates_gives_no_activity():
    text = "加强自身建设,提高服务能力,共培训干部120人。"
    assert assemble(text, [], [count_at(text, "120人")], find_events(text)) == []


def test_count_after_an_event_that_opens_its_sentence_stays_with_it():
    text = ("三、青少年科技教育。组织学生参加第三十七届县青少年科技创新大赛，共报送作品35件。"
            "全年开展“科普进校园”活动6场，覆盖学生3000余名。")
    counts = [count_at(text, "35件"), count_at(text, "6场"), count_at(text, "3000余名")]
    _, owner, _ = owners(text, [], counts)
    assert owner[1] == owner[2] == "科普进校园"
    assert owner[0] == "第三十七届县青少年科技创新大赛"


def test_count_after_a_listed_event_goes_to_the_paragraph_topic():
    text = ("9月，全市组织开展全国科普日活动。全市共举办展览10场次，发放科普资料1万余份，"
            "送科技下乡15场次，参与群众达6000多人次。")
    counts = [count_at(text, "10场次"), count_at(text, "1万余份"), count_at(text, "15场次"),
              count_at(text, "6000多人次")]
    _, owner, _ = owners(text, [], counts)
    assert owner[3] == "全国科普日"
