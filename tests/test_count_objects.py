"""Objects of counts read from wider frames (counts.py, "objects: wider frames"), on sentences
written for these tests in the style of work reports from several kinds of organisation:
women's federations, youth leagues, schools, communities, health, safety, culture."""
from __future__ import annotations

import pytest

from pipeline.extract.counts import find_counts


def objects(text: str) -> dict[str, str | None]:
    return {c.text: c.object for c in find_counts(text)}


# ---------------------------------------------------------------- the measure word echoed as the head noun


@pytest.mark.parametrize("text, count, expected", [
    ("妇联执委走访慰问了15户困难户，送去米面油。", "15户", "困难户"),
    ("团县委志愿者为6户空巢老人户打扫卫生。", "6户", "空巢老人户"),
    ("镇卫生院为23户建档立卡户开展家庭医生签约服务。", "23户", "建档立卡户"),
    ("社区党支部帮扶9户结对帮扶户发展庭院经济。", "9户", "结对帮扶户"),
])
def test_head_noun_echoing_the_measure_word(text, count, expected):
    assert objects(text)[count] == expected


@pytest.mark.parametrize("text, count, not_expected", [
    ("妇联走访慰问12户，送去慰问金每户500元。", "12户", "送去慰问金每户"),  # 每户 is no noun phrase
    ("团委组织青年志愿者走访12户入户宣传防诈骗知识。", "12户", "入户"),  # a two-character verb
])
def test_echo_needs_a_noun_phrase_ending_with_the_measure_word(text, count, not_expected):
    assert objects(text)[count] != not_expected


def test_echo_before_another_count_is_left_to_it():
    # 困难户 stands between two counts: the second one has it before its number
    got = objects("共走访12户困难户8户。")
    assert got["12户"] != "困难户" or got["8户"] == "困难户"


# ---------------------------------------------------------------- a one-character noun after a general measure word


@pytest.mark.parametrize("text, count, expected", [
    ("宣讲团先后到两个村宣讲防汛知识。", "两个", "村"),
    ("文化站送戏下乡覆盖三个镇演出。", "三个", "镇"),
    ("县应急局组织专家到5个组排查地质灾害隐患。", "5个", "组"),
])
def test_one_character_noun_after_a_general_measure_word(text, count, expected):
    assert objects(text)[count] == expected


def test_one_character_noun_inside_a_longer_word_is_read_whole():
    # 村委会 is one word: the plain noun phrase reads it, not the single character
    assert objects("团干部走访了3个村委会。")["3个"] == "村委会"


def test_one_character_noun_needs_a_general_measure_word():
    # 名 counts people; 村 after it is where they come from, not what is counted
    assert objects("共有12名村医参加培训。")["12名"] != "村"


# ---------------------------------------------------------------- a modifier ending in 的 between the count and its noun


@pytest.mark.parametrize("text, count, expected", [
    ("校团委开展了6场以防范电信诈骗为主题的主题班会。", "6场", "主题班会"),
    ("妇联举办了5期面向农村妇女的电商培训班，受到群众好评。", "5期", "电商培训班"),
    ("卫生院组织3次针对辖区老年人的健康义诊。", "3次", "健康义诊"),
    ("应急管理局开展12次围绕危化品运输的专项检查。", "12次", "专项检查"),
    ("社区开展了8次形式多样的垃圾分类宣传活动。", "8次", "垃圾分类宣传活动"),
    ("文化馆举办了4场精彩纷呈，群众喜闻乐见的民俗文艺演出。", "4场", "民俗文艺演出"),
    ("文化馆举办了4场丰富多彩，群众喜闻乐见的文艺演出。", "4场", "文艺演出"),
    ("派出所开展了3场防范电信诈骗的专题讲座。", "3场", "专题讲座"),
])
def test_noun_after_a_modifier_ending_in_de(text, count, expected):
    assert objects(text)[count] == expected


def test_de_ending_a_word_before_the_modifier_de():
    assert objects("团支部开展了3次以提升团员素质为目的的主题教育活动。")["3次"] == "主题教育活动"


@pytest.mark.parametrize("text, count, expected", [
    ("文化馆举办了8场群众喜闻乐见的文艺演出。", "8场", "文艺演出"),
    ("妇联开展了6次内容丰富的维权讲座。", "6次", "维权讲座"),
])
def test_noun_after_the_count_that_is_the_subject_of_a_modifier(text, count, expected):
    assert objects(text)[count] == expected


def test_noun_after_the_count_followed_by_its_own_de_phrase_is_kept():
    # 科普画廊的内容: the count counts the 画廊, 的 starts what was done to them
    assert objects("更换了30个科普画廊的展板内容。")["30个"] == "科普画廊"


def test_person_count_before_a_modifier_keeps_no_non_person_noun():
    # 以饱满的热情 says how they served: 热情 is not what 200余人 counts
    assert objects("全区200余人以饱满的热情投入志愿服务。")["200余人"] != "热情"


def test_modifier_noun_after_a_person_count_may_name_people():
    assert objects("团区委招募了50名以大学生为主体的志愿者。")["50名"] == "志愿者"


def test_object_read_before_a_verb_wins_over_a_later_de():
    # 宣传资料 after 发放 is the object; 活动的影响 is the purpose
    assert objects("发放宣传资料3000份以扩大活动的影响。")["3000份"] == "宣传资料"


def test_modifier_stops_at_the_end_of_the_sentence():
    # the 的 of the next sentence is no modifier of 3场
    assert objects("开展了以安全为主题的演练3场。以前的检查发现的隐患已整改。")["3场"] != "隐患"


def test_word_merely_starting_like_an_opener_opens_no_modifier():
    # 以往 is not 以: no noun after a 的 is taken
    assert objects("今年开展了3场以往未曾有过的活动。")["3场"] is None


def test_long_comma_separated_clause_is_not_crossed():
    got = objects("全年组织培训7期，参训人员反映培训内容贴近实际的要求。")
    assert got["7期"] != "要求"


# ---------------------------------------------------------------- titles and quoted names


@pytest.mark.parametrize("text, count, expected", [
    ("团市委编印12期《青年之声》。", "12期", "青年之声"),
    ("文化馆出版4期《非遗故事》，深受读者喜爱。", "4期", "非遗故事"),
])
def test_title_right_after_the_count(text, count, expected):
    assert objects(text)[count] == expected


def test_noun_before_the_count_wins_over_a_title_after_it():
    got = objects("学校共印发宣传手册3000册《校园安全须知》。")
    assert got["3000册"] == "宣传手册"


@pytest.mark.parametrize("text, count, expected", [
    ("县卫健委在电视台连续播出“健康大讲堂”15期。", "15期", "健康大讲堂"),
    ("校报开设“青春榜样”专栏，已连续刊登“身边的好老师”20期。", "20期", "身边的好老师"),
])
def test_quoted_name_right_before_the_count(text, count, expected):
    assert objects(text)[count] == expected


def test_quoted_name_far_before_the_count_is_not_taken():
    got = objects("开展“平安校园”创建活动，检查学校，发现隐患5处。")
    assert got["5处"] == "隐患"


# ---------------------------------------------------------------- subsets: 其中


@pytest.mark.parametrize("text, whole, part, noun", [
    ("妇联共争取帮扶项目9个其中6项已见效。", "9个", "6项", "项目"),
    ("发放防溺水宣传单4000份，其中1500份发到农村学校。", "4000份", "1500份", "宣传单"),
    ("共招募青年志愿者260名，其中120名参与了防疫值守。", "260名", "120名", "志愿者"),
])
def test_subset_takes_the_object_of_the_count_before(text, whole, part, noun):
    got = objects(text)
    assert noun in got[whole]
    assert got[part] == got[whole]


def test_subset_with_a_verb_between_qizhong_and_the_number():
    got = objects("共帮扶贫困户35户，其中已脱贫28户。")
    assert got["28户"] == got["35户"] == "贫困户"


def test_subset_that_names_its_own_noun_keeps_it():
    assert objects("参训学员120人，其中女性80人。")["80人"] == "女性"


def test_subset_across_a_sentence_break_or_of_another_kind_inherits_nothing():
    got = objects("投入资金20万元，其中3次用于培训。")
    assert got["3次"] != "资金"
    got = objects("发放宣传单4000份。其中1500份由志愿者派送。")
    assert got["1500份"] != "宣传单"


# ---------------------------------------------------------------- money and what it paid for


@pytest.mark.parametrize("text, count, expected", [
    ("妇联出资2万元购买学习用品送到留守儿童手中。", "2万元", "学习用品"),
    ("街道筹资15万元购置约200套消防器材。", "15万元", "消防器材"),  # past the next count
    ("学校自筹3.5万元添置图书和课桌椅。", "3.5万元", "图书和课桌椅"),
    ("卫健局耗资80万元采购救护车2辆。", "80万元", "救护车"),
])
def test_money_spent_takes_what_it_bought(text, count, expected):
    assert objects(text)[count] == expected


def test_money_with_a_named_fund_keeps_the_fund():
    # 资金 names the money itself; what it bought is not needed
    got = objects("县财政投入专项资金30万元购置应急物资。")["30万元"]
    assert "专项资金" in got and "应急物资" not in got


def test_money_without_a_purchase_verb_is_left_alone():
    assert objects("团县委出资5万元，奖励优秀青年。")["5万元"] != "优秀青年"


def test_purchase_rule_is_for_money_only():
    assert objects("组织2场购买保险的讲座。")["2场"] == "讲座"


def test_verb_phrase_with_an_aspect_particle_is_no_modifier():
    # 吸引了群众的目光 is what the shows did, not what they were
    assert objects("文化馆送戏下乡5场吸引了群众的目光。")["5场"] != "目光"


# ---------------------------------------------------------------- a measurement names no thing


@pytest.mark.parametrize("text, count, expected", [
    ("村里新建文化长廊，总长45米。", "45米", "文化长廊"),
    ("学校改造塑胶跑道，全长400米。", "400米", "塑胶跑道"),
])
def test_measurement_takes_the_thing_of_the_clause_before(text, count, expected):
    assert objects(text)[count] == expected


def test_measurement_after_another_count_or_a_sentence_break_stays():
    # the clause before holds a count of its own (资料): the length is not of the 资料
    assert objects("发放资料2000份，总长30米。")["30米"] == "总长"
    assert objects("活动圆满结束。总长30米。")["30米"] == "总长"


def test_noun_holding_a_measurement_word_is_kept():
    assert objects("活动室面积120平方米。")["120平方米"] == "活动室面积"


# ---------------------------------------------------------------- a count that names nothing after one that does


@pytest.mark.parametrize("text, first, count", [
    ("县妇联争取帮扶资金20万元，县财政又配套10万元。", "20万元", "10万元"),
    ("团委发放防溺水宣传册3000份，各校另发1200份。", "3000份", "1200份"),
    ("参与评选的示范家庭有15户，获得表彰的有6户。", "15户", "6户"),
])
def test_a_count_naming_nothing_counts_what_the_count_before_it_counts(text, first, count):
    got = objects(text)
    assert got[first] and got[count] == got[first]


@pytest.mark.parametrize("text, count, not_expected", [
    ("团委发放防溺水宣传册3000份。各校另发1200份。", "1200份", "防溺水宣传册"),  # another sentence
    ("社区发放宣传资料200份，共5场。", "5场", "宣传资料"),  # measured otherwise
    ("卫生院发放健康手册500份，经过一个多月的入户走访和随访核对，又补发120份。", "120份", "健康手册"),  # too far
])
def test_a_count_takes_nothing_from_a_count_in_another_sentence_unit_or_far_before(text, count, not_expected):
    assert objects(text)[count] != not_expected


# ---------------------------------------------------------------- a noun earlier in the sentence that agrees with the measure word


@pytest.mark.parametrize("text, count, expected", [
    ("团委争取的“青年创业扶持”项目进展顺利，今年已有三项通过验收。", "三项", "项目"),
    ("妇联编印的《巾帼风采》简报深受欢迎，全年已编发12期。", "12期", "简报"),  # the tagger calls 简报 a verb
    ("学校购置实验设备，已到货5台。", "5台", "实验设备"),
    ("村里修建了文化广场，全镇已建成9座。", "9座", "文化广场"),
])
def test_a_count_naming_nothing_counts_an_agreeing_noun_before_it(text, count, expected):
    assert objects(text)[count] == expected


@pytest.mark.parametrize("text, count", [
    ("妇联编印《巾帼风采》简报。全年已编发12期。", "12期"),  # another sentence
    ("学校新建实验室，已到货5台。", "5台"),  # 实验室 is no thing counted in 台
    ("发放简报200份，另编发12期。", "12期"),  # not past the count before
])
def test_no_agreeing_noun_is_taken_from_another_sentence_kind_or_count(text, count):
    assert objects(text)[count] is None


def test_an_agreeing_head_must_be_a_whole_word():
    # 工程 starts 工程师 here: no 项 of engineering is counted
    assert objects("县里培养了一批青年工程师，今年已有两项获奖。")["两项"] is None
