"""Script stage: each way a text can be made, and that only that is undone."""
from __future__ import annotations

import opencc
import pytest

from pipeline.script import phrase_table, to_simplified

# Mainland report sentences written for these tests (not copied from the sample pages).
MAINLAND = (
    "2022年,区科协围绕中心、服务大局,在社区开展科普活动36场,组织中小学生参加科技创新项目,"
    "通过网络发布科普信息1200条,向用户推送科普视频,支持基层建设科普文件资料室。"
)
# Mainland words that tw2sp would damage (建立→创建, 执行→运行, 联络→联系, 资料→数据 …).
MAINLAND_FRAGILE = (
    "建立健全工作机制,认真执行上级决定,加强与会员的联络,编印科普资料5000份,"
    "开展互动体验活动,整合社会资源,为青少年打开科学之门的金钥匙。"
)


def convert(config: str, text: str) -> str:
    return opencc.OpenCC(config).convert(text)


@pytest.mark.parametrize("text", [MAINLAND, MAINLAND_FRAGILE, MAINLAND + MAINLAND_FRAGILE])
def test_simplified_passes_byte_identical(text):
    result = to_simplified(text)
    assert result.text == text
    assert result.source_script == "simplified"
    assert result.variant is None
    assert result.fixes == []


def test_simplified_with_stray_traditional_name_unchanged():
    text = "邀请台湾学者鍾教授作科普报告,参加人数达200余人,受到群众欢迎。" * 3
    assert to_simplified(text).text == text


def test_characters_only_round_trip_keeps_mainland_words():
    text = MAINLAND + MAINLAND_FRAGILE
    result = to_simplified(convert("s2t", text))
    assert result.text == text
    assert (result.source_script, result.variant) == ("traditional", "chars")
    assert result.fixes == []


def test_taiwan_phrases_undone():
    result = to_simplified(convert("s2twp", MAINLAND))
    assert result.text == MAINLAND
    assert (result.source_script, result.variant) == ("traditional", "tw")
    assert any(f.startswith("社群→社区") for f in result.fixes)
    assert any(f.startswith("专案→项目") for f in result.fixes)


def test_taiwan_text_written_by_hand():
    # hand-typed Taiwan vocabulary, including forms s2twp itself does not produce (視訊, 中國小)
    text = "本年度辦理社群科普講座十場,協助中國小學生參與科技專案,並透過網路與視訊提供資訊服務,支援使用者下載軟體。"
    got = to_simplified(text).text
    for word in ("社区", "中小学", "项目", "网络", "视频", "信息", "支持", "用户", "软件"):
        assert word in got
    for word in ("社群", "中国小", "专案", "网路", "视讯", "资讯", "使用者", "软体"):
        assert word not in got


def test_hong_kong_variants_undone():
    text = "加强公共卫生宣传,着力提升居民健康素养,在社区里开展卫生知识讲座。" * 2
    made = convert("s2hk", text)
    assert made != convert("s2t", text)  # the HK copy really differs (衞, 裏 …)
    result = to_simplified(made)
    assert result.text == text
    assert (result.source_script, result.variant) == ("traditional", "hk")


def test_hong_kong_copy_of_taiwan_text_keeps_taiwan_repairs():
    tw = convert("s2twp", MAINLAND)
    assert to_simplified(convert("s2hk", tw)).text == to_simplified(tw).text == MAINLAND


@pytest.mark.parametrize(
    "mainland",
    [
        "大数据分析显示,今年新增注册会员300人。统计数据表明参与率明显提高。",  # 資料 as data
        "印发科普宣传资料2万份,编印资料汇编一册。",  # 資料 as printed material
        "建立健全科技人员人事档案,档案管理规范有序。",  # 檔案 as archive
        "认真学习上级文件精神,及时传达会议文件。",  # 檔案 as document
        "设立科协联络员12名,与高校保持联系。",  # 聯絡 kept for the liaison role
        "积极创建全国科普示范区,建立长效工作机制。",  # 建立 as 创建 vs 建立
    ],
)
def test_ambiguous_words_in_context(mainland):
    text = mainland + "在社区开展网络科普,推送项目信息。"  # enough Taiwan vocabulary to be detected
    assert to_simplified(convert("s2twp", text)).text == text


def test_no_taiwan_vocabulary_means_no_phrase_table():
    # traditional text with 聯絡 / 資料 / 建立 but none of the unmistakable Taiwan words
    text = "建立聯絡機制,整理歷史資料,執行工作計劃,開展互動交流。"
    result = to_simplified(text)
    assert result.text == "建立联络机制,整理历史资料,执行工作计划,开展互动交流。"
    assert result.variant == "chars"


def test_evidence_keys_are_not_mainland_words():
    table = phrase_table("tw")
    for word in ("网路", "资讯", "专案", "软体"):
        assert word in table.distinctive
    for word in ("文件", "建立", "资料", "联络", "执行", "整合"):
        assert word not in table.distinctive


SPUN = (
    "区科协围绕中心,效劳大局,按照“三效劳一加强〞工作定位,为经济社会开展效劳。"
    "针对食品平安、环境保护等热点问题开展专题调研,深入开展“讲理想、比奉献〞活动,"
    "开展平安知识进社区活动,为广阔科技工作者提供效劳,实现根本科学素质比例到达10%。"
)


def test_spun_text_repaired_and_recorded():
    result = to_simplified(SPUN)
    assert result.source_script == "simplified"
    text = result.text
    assert "效劳" not in text and "〞" not in text
    for phrase in ("服务大局", "“三服务一加强”", "经济社会发展服务", "食品安全", "比贡献”",
                   "安全知识", "广大科技工作者", "基本科学素质", "达到10%"):
        assert phrase in text
    # real uses of the spun words stay: 开展专题调研, 深入开展
    assert "开展专题调研" in text and "深入开展" in text
    assert "效劳→服务 ×4" in result.fixes
    assert any(f.startswith("〞→”") for f in result.fixes)


def test_spun_traditional_text_repaired_too():
    assert to_simplified(convert("s2t", SPUN)).text == to_simplified(SPUN).text


def test_genuine_corner_quotes_kept_in_spun_text():
    text = SPUN + "开展〝科技之春〞宣传月活动。"
    assert "〝科技之春〞" in to_simplified(text).text


def test_legit_pingan_untouched():
    text = (
        "街道深入推进平安建设,开展平安校园创建活动,组织安全生产检查12次,"
        "为辖区居民效劳多年的老党员送去慰问,祝愿大家平安健康。"
    )
    result = to_simplified(text)
    assert result.text == text
    assert result.fixes == []


TW_SCHOOL = "社群資訊網路專案推進，{}參加了活動。"


@pytest.mark.parametrize("written, meant", [
    ("張家營國小的學生", "张家营小学的学生"),      # 國小: Taiwan's word for primary school
    ("中、國小生", "中、小学生"),
    ("中國小青少年", "中小学青少年"),             # 中小學 → 中國小 by converters that write 小學 as 國小
    ("中國小康社會", "中国小康社会"),             # 小 starts a word of its own: nothing to undo
    ("全國小型企業", "全国小型企业"),
    ("中國小說", "中国小说"),
    ("中國小學生", "中小学生"),
])
def test_guoxiao_is_primary_school_unless_xiao_starts_a_word(written, meant):
    out = to_simplified(TW_SCHOOL.format(written)).text
    assert meant in out


def test_stored_character_classes_are_those_opencc_gives_and_another_opencc_recomputes(monkeypatch):
    """The stored sets equal what the installed OpenCC gives (rewrite the file with
    write_char_classes after upgrading OpenCC); a file stamped with another OpenCC is ignored."""
    from pipeline import script

    computed = script.compute_class_sets()
    assert len(computed[0]) > 2000 and computed[1]  # t2s changes thousands; HK has its own few
    stored = script.stored_class_sets()
    assert stored == computed, "resources/script/char_classes.txt is stale: run write_char_classes()"
    monkeypatch.setattr(opencc, "__version__", "0.0.0-other", raising=False)
    assert script.stored_class_sets() is None
    script.class_sets.cache_clear()
    try:
        assert script.class_sets() == computed  # computed, not read
    finally:
        script.class_sets.cache_clear()
