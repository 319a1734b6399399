"""Count parser: one test per rule, on sentences written for these tests."""
from __future__ import annotations

import random

import pytest

from pipeline.extract.counts import find_counts


def read(text: str, exclude=()) -> list[tuple]:
    """(text, value, unit, approx) of every count, checking spans on the way."""
    out = []
    for c in find_counts(text, exclude):
        assert text[c.span_start:c.span_end] == c.text
        out.append((c.text, c.value, c.unit, c.approx))
    return out


def objects(text: str) -> dict[str, str | None]:
    return {c.text: c.object for c in find_counts(text)}


# ---------------------------------------------------------------- numbers and multipliers


def test_arabic_number_with_measure_word():
    assert read("活动中共发放宣传册1200份。") == [("1200份", 1200, "份", None)]


def test_thousands_separator():
    assert read("印发资料3,000份。") == [("3,000份", 3000, "份", None)]


def test_decimal_with_wan_and_money_in_yuan():
    assert read("落实专项经费12.5万元。") == [("12.5万元", 125000, "元", None)]


def test_yi_multiplier():
    assert read("带动投资1.5亿元。") == [("1.5亿元", 150000000, "元", None)]


def test_chinese_numerals():
    assert read("组织三千五百名志愿者，举办十余场讲座，两万余人注册。") == [
        ("三千五百名", 3500, "名", None),
        ("十余场", 10, "场", "more"),
        ("两万余人", 20000, "人", "more"),
    ]


def test_chinese_numeral_with_zero():
    assert read("接待群众一千零五人次。") == [("一千零五人次", 1005, "人次", None)]


def test_garbled_more_before_multiplier_reads_as_written():
    # 6多万 = 60000 (more); 4200万多份 = 42,000,000 (more), both read literally
    assert read("观众达6多万人次，印发资料4200万多份。") == [
        ("6多万人次", 60000, "人次", "more"),
        ("4200万多份", 42000000, "份", "more"),
    ]


def test_vague_chinese_ranges_are_not_counts():
    assert read("来了三五个人，二三十人围观。") == []


def test_full_width_digits():
    assert read("发放手册５００份。") == [("５００份", 500, "份", None)]


# ---------------------------------------------------------------- qualifiers


@pytest.mark.parametrize("sentence, text, approx", [
    ("到场群众近800人。", "近800人", "nearly"),
    ("到场群众将近800人。", "将近800人", "nearly"),
    ("到场群众接近800人。", "接近800人", "nearly"),
    ("到场群众约800人。", "约800人", "about"),
    ("到场群众大约800人。", "大约800人", "about"),
    ("到场群众约为800人。", "约为800人", "about"),
    ("到场群众超过800人。", "超过800人", "more"),
    ("到场群众逾800人。", "逾800人", "more"),
    ("到场群众800余人。", "800余人", "more"),
    ("到场群众800多人。", "800多人", "more"),
    ("到场群众800人以上。", "800人以上", "more"),
    ("到场群众800人左右。", "800人左右", "about"),
])
def test_qualifier_sets_approx_and_stays_in_text(sentence, text, approx):
    assert read(sentence) == [(text, 800, "人", approx)]


@pytest.mark.parametrize("sentence", ["全年共发放资料800份。", "全年累计发放资料800份。", "发放资料达800份。"])
def test_neutral_qualifier_leaves_approx_empty_and_text_bare(sentence):
    assert read(sentence) == [("800份", 800, "份", None)]


def test_da_with_duo_is_more():
    assert read("参与人数达900多人。") == [("900多人", 900, "人", "more")]


def test_qualifier_inside_another_word_is_ignored():
    # 附近 and 节约 are words, not 近 and 约
    assert read("附近3个村节约用水20吨。") == [("3个", 3, "个", None), ("20吨", 20, "吨", None)]


def test_multiplier_alone_counts_only_with_a_qualifier():
    assert read("网站用户超千万。") == [("超千万", 10000000, None, "more")]
    assert read("千余人到场，近万人观看。") == [("千余人", 1000, "人", "more"), ("近万人", 10000, "人", "nearly")]
    assert read("开展百场科普报告进农村，走进千家万户。") == []


# ---------------------------------------------------------------- units


def test_percentages():
    assert read("覆盖率超过了85%，合格率达95％以上，百分之六十的村建有画廊。") == [
        ("超过了85%", 85, "%", "more"),
        ("95％以上", 95, "%", "more"),
        ("百分之六十", 60, "%", None),
    ]


def test_two_character_units_win_over_one_character_ones():
    assert read("培训300人次，放映12场次，授课40学时、16课时。") == [
        ("300人次", 300, "人次", None),
        ("12场次", 12, "场次", None),
        ("40学时", 40, "学时", None),
        ("16课时", 16, "课时", None),
    ]


def test_ge_before_class_hours():
    assert read("累计培训80个学时。") == [("80个学时", 80, "学时", None)]


def test_number_without_measure_word_is_no_count():
    assert read("区领导2带队走访，引进100强企业。") == []


def test_measure_word_that_starts_another_word():
    # 部 of 部署, 批 of 批示: not measure words here
    assert read("会议统一3部署，领导作了5批示。") == []


@pytest.mark.parametrize("text, count", [
    ("团委开展15场面向青年的普法讲座。", "15场"),  # 面向, not 场面
    ("全年完成3项目标任务。", "3项"),  # 目标, not 项目
    ("组织30名义务巡逻队员开展夜间巡逻。", "30名"),  # 义务, not 名义
    ("全县已命名两批示范村。", "两批"),  # 示范, not 批示
    ("文化馆送戏下乡，演出6场地方戏。", "6场"),  # 地方戏, not 场地
])
def test_measure_word_followed_by_a_word_that_overlaps_a_longer_one(text, count):
    assert [c[0] for c in read(text)] == [count]


def test_a_longer_word_still_blocks_without_such_a_follower():
    assert read("新建3场所，另有5场地待建。") == []


# ---------------------------------------------------------------- objects


def test_object_before_number_after_a_verb():
    assert objects("共发放调查问卷5000份。") == {"5000份": "调查问卷"}


def test_object_after_measure_word():
    assert objects("组织2000多名青年志愿者参加。")["2000多名"] == "青年志愿者"


def test_object_between_two_counts_goes_to_the_one_without_another():
    got = objects("赠送科普挂图300幅科普图书2000册。")
    assert got == {"300幅": "科普挂图", "2000册": "科普图书"}


def test_object_after_de():
    assert objects("送去价值8000元的慰问品。") == {"8000元": "慰问品"}


def test_object_noun_before_number_and_unit_after_noun():
    assert objects("展出科普挂图40余幅。") == {"40余幅": "科普挂图"}


def test_object_shared_by_adjacent_counts():
    assert objects("制作宣传展板三批150块。") == {"三批": "宣传展板", "150块": "宣传展板"}


def test_people_units_prefer_a_noun_naming_people():
    got = objects("县科协和农技站共12名技术人员参加义诊。")
    assert got["12名"] == "技术人员"


def test_scope_word_is_no_object():
    assert objects("更换了全县30个科普画廊的内容。")["30个"] == "科普画廊"


def test_object_after_a_verb_when_nothing_else():
    assert objects("组织了200多人参加食品安全讲座。")["200多人"] == "食品安全讲座"


def test_percentage_object_is_what_it_measures():
    assert objects("全县公民具备科学素质的比例达到12%的目标。")["12%"] == "比例"


# ---------------------------------------------------------------- what is not a count


def test_excluded_spans_hold_no_count():
    text = "5月20日举办讲座3场。"
    assert read(text, exclude=[(0, 5)]) == [("3场", 3, "场", None)]
    assert read("举办讲座3场。", exclude=[(4, 6)]) == []


def test_durations_are_not_counts():
    assert read("为期15天的活动持续了三个月，每次两个小时，用了一个半月。") == []


def test_ordinals_are_not_counts():
    assert read("举办第三十届科技周，见第5页，第二批名单。") == []


def test_rates_are_not_counts():
    assert read("每周一次，每年2期。") == []


def test_list_and_section_markers_are_not_counts():
    assert read("一是加强领导；(四)完善机制；篇3 总结；2、开展培训。") == []


def test_line_start_list_marker_before_a_count():
    assert read("3.25个乡镇建成科普站。") == [("25个", 25, "个", None)]


def test_document_numbers_are_not_counts():
    assert read("根据〔2022〕5号文件和某科协[20xx]17号通知。") == []


def test_numbers_inside_quoted_names_are_not_counts():
    assert read("开展“三下乡”和“两个确保”活动，推进“千村万户”工程。") == []
    # the count right after a closing quote still counts
    assert read("刊登“乡土人才”专栏8期。") == [("8期", 8, "期", None)]


def test_rhetorical_enumerations_are_not_counts():
    assert read("呈现出三个方面的特点，坚持两个维护，办好十件实事。") == []


def test_references_and_vague_amounts_are_not_counts():
    assert read("数十位专家、几十个单位参加，这两个网页和其他三个部门。") == []


def test_placeholders_are_not_counts():
    assert read("参加人数达xx多人，购买XX余册图书。") == []


def test_phone_numbers_and_ids_are_not_counts():
    assert read("客服QQ:2345678901，电话：13912345678，编号:88765432个。") == []


def test_latin_neighbours_are_not_counts():
    assert read("大小:18KB，使用A4纸。") == []


def test_page_title_counting_its_reports_is_no_count():
    assert read("县科协工作总结5篇。撰写调研报告3篇。") == [("3篇", 3, "篇", None)]


def test_ranges_are_not_counts():
    assert read("每组3-5人，安排20至30人值守。") == []


def test_page_statistics_after_a_chrome_label_are_not_counts():
    assert read("阅读：1234次 下载次数: 56次") == []
    assert read("组织学生阅读300本图书。") == [("300本", 300, "本", None)]


def test_numbers_inside_book_titles_are_not_counts():
    found = find_counts("编印《十万个为什么》2000册。")
    assert [(c.text, c.object) for c in found] == [("2000册", "十万个为什么")]


def test_bare_yi_is_an_article_unless_it_closes_a_phrase_or_sits_in_a_list():
    assert read("开展一次科普活动，作为一个新兴产业，贡献一份力量。") == []
    assert read("举办技能培训班一期。") == [("一期", 1, "期", None)]
    assert read("全镇八个行政村，一个社区，二十多个企业。") == [
        ("八个", 8, "个", None),
        ("一个", 1, "个", None),
        ("二十多个", 20, "个", "more"),
    ]


def test_traditional_script_counts_after_conversion():
    # the pipeline converts 繁體 before extraction; the parser reads the simplified text
    import opencc

    text = opencc.OpenCC("t2s").convert("發放宣傳資料1500餘份，參與群眾達6000多人次。")
    assert read(text) == [("1500余份", 1500, "份", "more"), ("6000多人次", 6000, "人次", "more")]


def test_counts_come_in_text_order():
    found = find_counts("举办讲座5场，参加300人，发放资料800份。")
    assert [c.span_start for c in found] == sorted(c.span_start for c in found)
    assert [c.value for c in found] == [5, 300, 800]


# ---------------------------------------------------------------- linear time


@pytest.mark.timeout(10)
def test_adversarial_input_runs_in_linear_time():
    rng = random.Random(6)
    pieces = ["1", "2", "0", "万", "余", "多", "千", "百", "亿", "份", "人次", "个", "场", "一", "二", "两",
              "十", "近", "约", "超过", "以上", "左右", "“", "”", "第", "每", ".", ",", "、", "资料", "发放"]
    text = "".join(rng.choice(pieces) for _ in range(60000))[:100_000]
    runs = "9" * 50_000 + "万余" * 10_000 + "一" * 20_000
    for t in (text, runs):
        found = find_counts(t)
        assert all(t[c.span_start:c.span_end] == c.text for c in found)


@pytest.mark.parametrize("text", ["上一篇：社区安全工作总结", "下一次活动定于下月举行"])
def test_previous_and_next_are_not_counts(text):
    assert find_counts(text) == []


def test_yishang_before_a_number_still_counts():
    assert [c.value for c in find_counts("以上3000人参加了活动")] == [3000.0]
