"""Event mentions on text written for these tests, in the style of the sample reports."""
from __future__ import annotations

from pipeline.extract.events import find_events


def names(text: str) -> list[str]:
    return [m.name for m in find_events(text)]


def test_spans_point_at_the_name():
    text = "县科协于5月举办了“院士进校园”活动。"
    (m,) = find_events(text)
    assert m.name == "院士进校园"
    assert text[m.span_start:m.span_end] == "院士进校园"


def test_quoted_name_with_kind_word_drops_the_kind():
    assert names("结合我县“三百”活动进社区、进农户。") == ["三百"]
    assert names("做好“社区科普益民”项目的申报工作。") == ["社区科普益民"]
    assert names("成功举办了“低碳校园行”系列活动。") == ["低碳校园行"]


def test_quoted_name_with_descriptor_keeps_it():
    assert names("组织学生参加“金钥匙”科技竞赛。") == ["金钥匙科技竞赛"]
    assert names("首届“科技工作者杯”乒乓球比赛在体育馆举办。") == ["科技工作者杯乒乓球比赛"]


def test_quoted_name_ending_in_a_head_word():
    assert names("组织开展“全国科普日”“科技活动周”等主题科普宣传活动。") == ["全国科普日", "科技活动周"]
    assert names("我们还组织企业参观了“农博会”。") == ["农博会"]


def test_activity_verb_before_a_quote():
    assert names("开展农业信息化“村村通”建设工作。") == ["村村通"]


def test_theme_is_not_an_event_and_goes_to_its_event():
    text = "5月17日正式启动以“科学生活 创新圆梦”为主题的第二十六届科普周开幕式。"
    (m,) = find_events(text)
    assert m.name == "第二十六届科普周"
    assert m.theme == "科学生活 创新圆梦"


def test_theme_after_the_event():
    text = "联合举办了“某县科技活动周”活动。本次活动周的主题是:“创新引领 科技惠民”。"
    (m,) = find_events(text)
    assert m.name == "某县科技活动周"
    assert m.theme == "创新引领 科技惠民"


def test_documents_organisations_and_slogans_are_not_events():
    text = (
        "认真贯彻《科普法》和《全民科学素质行动计划纲要》,制定了《全县科普日活动实施方案》,"
        "下发了“关于开展科普进社区工作的通知”,建设“某某科普网”,实施“十四五”规划,"
        "推进“五类”重点人群科学素质行动,营造“尊重知识、尊重人才”的社会氛围。"
    )
    assert names(text) == []


def test_standard_campaign_with_year_and_ordinal():
    assert names("积极开展2021年全国科普日活动。") == ["2021年全国科普日"]
    assert names("圆满完成第十届科技活动周各项工作。") == ["第十届科技活动周"]


def test_standard_campaign_without_head_takes_its_descriptor():
    assert names("开展学雷锋科普志愿者服务活动。") == ["学雷锋科普志愿者服务活动"]


def test_joint_name_gives_the_part_with_the_ordinal():
    assert names("认真组织开展2021年全国科技活动周暨县第二十六届科普宣传周活动。") == ["第二十六届科普宣传周"]


def test_ordinal_meeting_takes_its_organisation():
    assert names("今年3月向县委呈报了关于召开县科学技术协会第五次代表大会的请示。") == ["县科学技术协会第五次代表大会"]
    assert names("中国科协启动了第七次中国公民科学素质调查工作。") == ["第七次中国公民科学素质调查"]


def test_ordinal_without_head_is_not_an_event():
    assert names("这是科普部与宣传部的第一次合作。") == []


def test_launch_ceremony_is_folded_into_its_campaign():
    assert names("在市实验小学举办了“某市2013年全国科普日活动启动仪式”。") == ["某市2013年全国科普日"]


def test_list_with_a_clear_event_gives_every_item():
    text = "会同教育局组织开展区中小学生科技节、科技夏令营、青少年科技考察体验等活动。"
    assert names(text) == ["区中小学生科技节", "科技夏令营", "青少年科技考察体验"]


def test_generic_lists_are_not_events():
    assert names("重点开展科普展览、专家讲座、科技培训、科普知识竞赛等活动。") == []
    assert names("积极举办各类科技竞赛、科普报告、科普夏令营等活动。") == []


def test_strong_heads_and_place_led_meetings():
    assert names("推荐作品参加湖南省青少年科技创新大赛。") == ["湖南省青少年科技创新大赛"]
    assert names("组织97家企业参加贵州制造业信息化会议。") == ["贵州制造业信息化会议"]
    assert names("组织了100多人参加纳米技术专利讲座。") == []


def test_campaign_year():
    assert names("在全县开展作风建设年活动。") == ["作风建设年"]
    assert names("今年活动开展顺利。") == []


def test_book_title_programme():
    assert names("决定组织实施《科技致富“二传手”培训工程》项目。") == ["科技致富“二传手”培训工程"]


def test_repeated_quote_is_a_mention_again():
    text = "我们举办了“食全就美”科技文化节。“食全就美”是我们的品牌。"
    assert names(text) == ["食全就美科技文化节", "食全就美"]


def test_long_adversarial_input_is_fast_enough_to_finish():
    text = ("“" + "科" * 50 + "”") * 2000 + "第" * 5000 + "、" * 5000 + "等活动"
    find_events(text)  # must finish; patterns are bounded
