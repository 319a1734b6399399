"""Dates: one test per rule of spec/extraction.md (Dates) and issue 5, on sentences written here."""
from __future__ import annotations

import random

import pytest

from pipeline.extract.dates import find_dates, reference_year


def spans(text, ref=2019):
    """(text, start, end) of every date found."""
    return [(d.text, d.start, d.end) for d in find_dates(text, ref)]


def one(text, ref=2019):
    found = find_dates(text, ref)
    assert len(found) == 1, found
    return found[0]


# ---------------------------------------------------------------- single dates

def test_full_date_with_arabic_numerals():
    d = one("区科协于2018年9月27日召开常委会议。")
    assert (d.text, d.start, d.end, d.precision) == ("2018年9月27日", "2018-09-27", "2018-09-27", "day")


def test_day_may_be_written_with_hao():
    assert one("定于6月3号上午集中学习。").start == "2019-06-03"


def test_month_alone_and_month_with_fen():
    assert spans("8月组织培训,10月份开展评比。") == [("8月", "2019-08", "2019-08"), ("10月份", "2019-10", "2019-10")]
    assert find_dates("10月份开展评比", 2019)[0].precision == "month"


def test_chinese_numerals():
    assert spans("二〇一八年十月成立学会,九月十三日召开大会,十二月三十一日结束。", None) == [
        ("二〇一八年十月", "2018-10", "2018-10"),
        ("九月十三日", "2018-09-13", "2018-09-13"),
        ("十二月三十一日", "2018-12-31", "2018-12-31"),
    ]


@pytest.mark.parametrize("part", ["上旬", "中旬", "下旬", "底", "初", "末"])
def test_part_of_month_reads_as_the_month(part):
    d = one(f"计划于7月{part}完成验收。")
    assert (d.text, d.start, d.end, d.precision) == (f"7月{part}", "2019-07", "2019-07", "month")


def test_iso_like_dates_in_content():
    assert spans("活动时间:2018-05-17,地点:广场。") == [("2018-05-17", "2018-05-17", "2018-05-17")]
    assert spans("2018.9.27在礼堂举行") == [("2018.9.27", "2018-09-27", "2018-09-27")]


def test_invalid_month_or_day_is_no_date():
    assert spans("2月30日举行,13月完成") == []


# ---------------------------------------------------------------- ranges

@pytest.mark.parametrize("conn", ["至", "到", "-", "—", "~", "～", "——"])
def test_day_range_with_every_connector(conn):
    d = one(f"6月12日{conn}15日,在广场举办展览。")
    assert (d.text, d.start, d.end, d.precision) == (f"6月12日{conn}15日", "2019-06-12", "2019-06-15", "day")


def test_day_range_without_first_ri():
    d = one("于6月12~15日摆设咨询点")
    assert (d.text, d.start, d.end) == ("6月12~15日", "2019-06-12", "2019-06-15")


def test_range_across_months_and_years():
    assert spans("9月28日-10月4日开展") == [("9月28日-10月4日", "2019-09-28", "2019-10-04")]
    assert spans("2018年12月至2019年2月") == [("2018年12月至2019年2月", "2018-12", "2019-02")]
    assert spans("11月至次年3月") == [("11月至次年3月", "2019-11", "2020-03")]


def test_month_range():
    assert spans("县科协1-4月份工作总结") == [("1-4月份", "2019-01", "2019-04")]
    assert spans("三至五月开展巡展") == [("三至五月", "2019-03", "2019-05")]
    assert spans("2018年2—6月") == [("2018年2—6月", "2018-02", "2018-06")]


def test_list_of_months_is_several_dates():
    assert spans("3月、9月分别走访企业") == [("3月", "2019-03", "2019-03"), ("9月", "2019-09", "2019-09")]


def test_list_of_days_shares_the_month():
    assert spans("于4月6日、13日和20日举办讲座") == [
        ("4月6日", "2019-04-06", "2019-04-06"),
        ("13日", "2019-04-13", "2019-04-13"),
        ("20日", "2019-04-20", "2019-04-20"),
    ]


def test_qijian_after_a_range_is_not_part_of_it():
    d = one("9月16日至22日期间,全区开展科普活动")
    assert (d.text, d.start, d.end) == ("9月16日至22日", "2019-09-16", "2019-09-22")


# ---------------------------------------------------------------- years

def test_date_inherits_nearest_year_before_it_in_the_paragraph():
    text = "2017年全区举办讲座,3月完成。2018年启动新项目,5月验收。\n6月召开总结会。"
    assert [d.start for d in find_dates(text, 2019)] == ["2017-03", "2018-05", "2019-06"]


def test_year_after_a_date_does_not_change_it():
    assert one("12月完成2020年年会筹备", 2019).start == "2019-12"


def test_date_with_lost_separator_sets_the_year_for_the_next():
    assert [d.start for d in find_dates("20174月、8月走访", 2019)] == ["2017-04", "2017-08"]


@pytest.mark.parametrize(
    "word, expected",
    [("今年", "2019-05"), ("本年", "2019-05"), ("去年", "2018-05"), ("上年", "2018-05"), ("明年", "2020-05"), ("前年", "2017-05")],
)
def test_relative_years_count_from_the_reference_year(word, expected):
    d = one(f"单位{word}5月开展活动", 2019)
    assert (d.text, d.start) == (f"{word}5月", expected)


def test_tongnian_and_cinian_count_from_the_year_in_force():
    text = "2016年3月启动,同年6月验收,次年2月推广。"
    assert [d.start for d in find_dates(text, 2019)] == ["2016-03", "2016-06", "2017-02"]


def test_relative_year_statement_sets_the_year_for_later_dates():
    assert one("去年以来,各社区在9月开展活动", 2019).start == "2018-09"


@pytest.mark.parametrize("mask", ["20xx", "20XX", "20__", "xx", "20××"])
def test_masked_year_gives_xxxx_and_keeps_month_and_day(mask):
    d = one(f"{mask}年1月19日至20日,赴乡镇开展活动", 2019)
    assert (d.text, d.start, d.end) == (f"{mask}年1月19日至20日", "XXXX-01-19", "XXXX-01-20")


def test_masked_year_is_inherited_in_the_paragraph():
    assert one("20xx年科普活动周期间,6月12日开展咨询", 2019).start == "XXXX-06-12"


def test_masked_month_or_day_is_no_date():
    assert spans("×月14日举办,5月×日结束") == []


def test_no_reference_year_gives_xxxx():
    assert [d.start for d in find_dates("今年10月购书,去年3月开馆,5月8日验收", None)] == ["XXXX-10", "XXXX-03", "XXXX-05-08"]


def test_reading_traditional_script_text_works_the_same():
    assert [d.start for d in find_dates("今年5月舉辦講座,6月12日至15日設點", 2019)] == ["2019-05", "2019-06-12"]


# ---------------------------------------------------------------- lost separators

@pytest.mark.parametrize(
    "written, start",
    [
        ("2018927日", "2018-09-27"),
        ("2018625日", "2018-06-25"),
        ("2018年927日", "2018-09-27"),
        ("2018年1111日", "2018-11-11"),
        ("20184月", "2018-04"),
        ("20186月", "2018-06"),
        ("201811月底", "2018-11"),
        ("201811", "2018-11"),
    ],
)
def test_lost_separators_are_read_where_unique(written, start):
    d = one(f"区科协{written}被评为先进单位")
    assert (d.text, d.start, d.end) == (written, start, start)


def test_lost_yue_after_a_year_word():
    d = one("今年4制定下发了工作手册", 2019)
    assert (d.text, d.start) == ("今年4", "2019-04")


def test_ambiguous_lost_separators_are_not_read():
    assert spans("区科协2018111日举办") == []  # 1月11日 or 11月1日


def test_lost_separators_next_to_counts_are_not_dates():
    assert spans("今年4次召开会议,201812人参加,发放201811份资料") == []


# ---------------------------------------------------------------- not dates

@pytest.mark.parametrize(
    "text",
    [
        "每天8:00到8:30为学习时间",
        "印发《通知》(科协发〔2018〕2号)",
        "下发了文件(科协发[20xx]58号)",
        "湘科协通〔201810号",
        "第8页 共8页",
        "开展了为期20天的活动",
        "调查持续了三个月",
        "用时6个月完成",
        "坚持每周二下午为活动日",
        "2018年全区科普工作取得成效",
        "《纲要(2018-2022)》",
        "创建单位(20182022)",
        "从xx年至2020年组织实施",
        "15日,组织干部参加报告会",
        "发放资料3000份,2万余人次参加",
        "每年5月开展科技周",
    ],
)
def test_not_a_date(text):
    assert spans(text) == []


def test_span_text_matches_the_input():
    text = "今年3月13日向县委呈报请示。\n5月15日至21日举办活动,20184月、8月走访。"
    for d in find_dates(text, 2019):
        assert text[d.span_start:d.span_end] == d.text


def test_dates_come_in_text_order():
    found = find_dates("3月开会,1-2月调研,5月8日、9日走访,7月验收", 2019)
    assert [d.span_start for d in found] == sorted(d.span_start for d in found)
    assert len(found) == 5


# ---------------------------------------------------------------- reference year

@pytest.mark.parametrize(
    "title, year",
    [("2018年科协工作总结", 2018), ("2018科技活动周工作总结", 2018), ("xx市2016全国科普日活动总结", 2016), ("二〇一七年工作总结", 2017)],
)
def test_reference_year_from_the_title(title, year):
    assert reference_year(title, "2010年以来,我县...") == year


def test_masked_year_in_the_title_gives_none():
    assert reference_year("20xx年科协工作总结", "2010年以来") is None


def test_reference_year_from_the_first_plain_year_in_the_text():
    text = "按照(科协[20xx]13号)要求,制订《20xx年方案》,从2015年至2020年实施。\nxx市2016全国科普日启动"
    assert reference_year("县科协工作总结篇6", text) == 2016


def test_reference_year_skips_counts_that_look_like_years():
    assert reference_year(None, "发放资料2000份,2000余人参加") is None


def test_reference_year_from_the_publish_date():
    assert reference_year("县科协工作总结", "今年以来", "2019-01-18") == 2019
    assert reference_year(None, "今年以来") is None


# ---------------------------------------------------------------- linear time

@pytest.mark.timeout(10)
def test_adversarial_input_returns():
    rng = random.Random(5)
    text = "".join(rng.choice("0123456789年月日号至-一二十xX") for _ in range(100_000))
    found = find_dates(text, 2019)
    assert all(text[d.span_start:d.span_end] == d.text for d in found)


def test_full_width_digits_are_read():
    d = one("２０１８年５月１７日启动")
    assert (d.text, d.start) == ("２０１８年５月１７日", "2018-05-17")


def test_lost_yue_is_not_read_before_a_range_connector():
    assert spans("今年1至5月共举办讲座", 2019) == [("今年1至5月", "2019-01", "2019-05")]


def test_lunar_dates_are_not_calendar_dates():
    assert spans("农历五月初五举办活动") == []


def test_year_inside_a_standard_code_is_not_a_year_statement():
    assert one("通过ISO9001:2015认证,5月完成", 2019).start == "2019-05"


def test_month_list_sharing_one_yue_gives_one_date_each():
    assert spans("于7、8月份组织暑期活动") == [("7", "2019-07", "2019-07"), ("8月份", "2019-08", "2019-08")]
    assert spans("2018年11、12月") == [("2018年11", "2018-11", "2018-11"), ("12月", "2018-12", "2018-12")]


def test_list_marker_before_a_month_is_not_a_month():
    assert spans("工作如下:\n1、8月召开会议") == [("8月", "2019-08", "2019-08")]


def test_a_day_the_year_does_not_have_is_no_date():
    assert find_dates("2021年2月29日举办", 2021) == []
    assert [d.start for d in find_dates("2020年2月29日举办", 2020)] == ["2020-02-29"]
    assert [d.start for d in find_dates("2月29日举办", None)] == ["XXXX-02-29"]


# ---------------------------------------------------------------- a range never ends before it starts

@pytest.mark.parametrize(
    "text, ref, want",
    [
        # the end states only its day, before the start day: it runs into the next month
        ("5月28日至3日,在各乡镇巡回展出", 2019, ("5月28日至3日", "2019-05-28", "2019-06-03")),
        ("于6月28~3日摆设咨询点", 2019, ("6月28~3日", "2019-06-28", "2019-07-03")),
        ("2017年8月30日-2日开展培训", 2019, ("2017年8月30日-2日", "2017-08-30", "2017-09-02")),
        ("xx年4月24日-15日举办展览", 2019, ("xx年4月24日-15日", "XXXX-04-24", "XXXX-05-15")),
        ("4月24日-15日举办展览", None, ("4月24日-15日", "XXXX-04-24", "XXXX-05-15")),
        # after December the year rolls too
        ("12月28日至3日开展冬季送科技下乡", 2019, ("12月28日至3日", "2019-12-28", "2020-01-03")),
        ("2018年12月30~2日集中宣传", 2021, ("2018年12月30~2日", "2018-12-30", "2019-01-02")),
        # 29 February only in a leap year
        ("2020年1月31日至29日", 2021, ("2020年1月31日至29日", "2020-01-31", "2020-02-29")),
    ],
)
def test_an_end_day_before_the_start_day_runs_into_the_next_month(text, ref, want):
    d = one(text, ref)
    assert (d.text, d.start, d.end, d.precision) == (*want, "day")


@pytest.mark.parametrize(
    "text, ref, want",
    [
        ("9月27日-9月21日,开展科普宣传", 2019, [("9月27日", "2019-09-27"), ("9月21日", "2019-09-21")]),
        ("2018年9月27日至2018年9月2日", 2021, [("2018年9月27日", "2018-09-27"), ("2018年9月2日", "2018-09-02")]),
        ("2019年3月至2018年5月", 2021, [("2019年3月", "2019-03"), ("2018年5月", "2018-05")]),
        # a masked year cannot roll, so the ends cannot be put in order
        ("20xx年9月27日-8月5日组织培训", 2019, [("20xx年9月27日", "XXXX-09-27"), ("8月5日", "XXXX-08-05")]),
        ("xx年12月至次年2月", 2019, [("xx年12月", "XXXX-12"), ("次年2月", "XXXX-02")]),
        ("12月20日至1月6日", None, [("12月20日", "XXXX-12-20"), ("1月6日", "XXXX-01-06")]),
    ],
)
def test_two_full_ends_out_of_order_are_two_lone_dates(text, ref, want):
    assert spans(text, ref) == [(t, iso, iso) for t, iso in want]


@pytest.mark.parametrize(
    "text, ref, want",
    [
        # the next month does not have the end day
        ("1月31日至30日开展活动", 2019, ("1月31日", "2019-01-31", "day")),
        ("2021年1月31~29日开展活动", 2019, ("2021年1月31", "2021-01-31", "day")),
        # a December range under a masked or unknown year cannot roll
        ("20xx年12月28日至3日开展活动", 2019, ("20xx年12月28日", "XXXX-12-28", "day")),
        ("xx年12月28~3日开展活动", 2019, ("xx年12月28", "XXXX-12-28", "day")),
        ("12月28日至3日开展活动", None, ("12月28日", "XXXX-12-28", "day")),
        # a month range under a masked year
        ("xx年11-2月开展活动", 2019, ("xx年11", "XXXX-11", "month")),
    ],
)
def test_any_other_range_out_of_order_is_its_start_date(text, ref, want):
    d = one(text, ref)
    assert (d.text, d.start, d.end, d.precision) == (want[0], want[1], want[1], want[2])


def test_wrapping_ranges_with_a_known_year_still_wrap():
    assert spans("11-2月开展冬季活动", 2019) == [("11-2月", "2019-11", "2020-02")]
    assert spans("12月28日至1月3日", 2019) == [("12月28日至1月3日", "2019-12-28", "2020-01-03")]


def test_a_day_level_start_and_a_month_level_end_compare_by_month():
    assert spans("9月27日-9月开展", 2019) == [("9月27日-9月", "2019-09-27", "2019-09")]


def test_a_rolled_range_passes_its_month_to_listed_days():
    assert spans("12月28日至3日、5日下乡", 2019) == [
        ("12月28日至3日", "2019-12-28", "2020-01-03"), ("5日", "2020-01-05", "2020-01-05")]


def test_no_range_on_random_dates_ends_before_it_starts():
    from pipeline.schema import ends_in_order

    rng = random.Random(11)
    years = ["", "2019年", "20xx年", "xx年", "次年", "今年"]
    conns = ["至", "-", "~", "——"]
    for ref in (2019, None):
        for _ in range(400):
            m1, m2 = rng.randint(1, 12), rng.randint(1, 12)
            d1, d2 = rng.randint(1, 31), rng.randint(1, 31)
            c = rng.choice(conns)
            text = rng.choice([
                f"{rng.choice(years)}{m1}月{d1}日{c}{d2}日",
                f"{rng.choice(years)}{m1}月{d1}{c}{d2}日",
                f"{rng.choice(years)}{m1}月{d1}日{c}{rng.choice(years)}{m2}月{d2}日",
                f"{rng.choice(years)}{m1}月{c}{rng.choice(years)}{m2}月",
                f"{rng.choice(years)}{m1}{c}{m2}月",
            ]) + "开展活动"
            for d in find_dates(text, ref):
                assert ends_in_order(d.start, d.end), (text, ref, d)
