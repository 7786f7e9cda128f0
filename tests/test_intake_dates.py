"""Dates read against the article's date, kept with their precision and qualifier (issue 24).

The sentences are written for these tests (not copied from an article), each in both scripts. The article date is
Wednesday 2025-09-24: 週二（23日） is the day before, 上周三 the 17th, 今年 2025, 去年 2024, 明年 2026.
"""

import subprocess
import sys

import pytest

from stargate_kg.intake.dates import date_qualifier, find_dates, resolve_date

ARTICLE_DATE = "2025-09-24"

# (simplified, traditional, expected (value, precision, role, qualifier))
CASES = [
    ("甲公司今年1月宣布这项计划", "甲公司今年1月宣布這項計劃", ("2025-01", "month", "point", "")),
    ("乙公司上周三与政府签约", "乙公司上週三與政府簽約", ("2025-09-17", "day", "point", "")),
    ("丙公司周二（23日）表示将扩建", "丙公司週二（23日）表示將擴建", ("2025-09-23", "day", "point", "")),
    ("第一期工程于2025年9月下旬完工", "第一期工程於2025年9月下旬完工", ("2025-09", "month", "point", "LateIn")),
    ("这座园区去年12月动工", "這座園區去年12月動工", ("2024-12", "month", "point", "")),
    ("新厂预计明年投产", "新廠預計明年投產", ("2026", "year", "point", "")),
    ("双方希望年底前完成谈判", "雙方希望年底前完成談判", ("2025", "year", "end", "ByEndOf")),
    ("第二期明年初开工", "第二期明年初開工", ("2026", "year", "point", "EarlyIn")),
    ("两家公司去年12月底签约", "兩家公司去年12月底簽約", ("2024-12", "month", "point", "LateIn")),
    ("机房计划在2026年中启用", "機房計劃在2026年中啟用", ("2026", "year", "point", "MidIn")),
    ("厂房须在2027年前建成", "廠房須在2027年前建成", ("2027", "year", "end", "BeforeDate")),
    ("该公司上个月完成融资", "該公司上個月完成融資", ("2025-08", "month", "point", "")),
    ("董事会昨天批准了方案", "董事會昨天批准了方案", ("2025-09-23", "day", "point", "")),
    ("董事会三天前开会", "董事會三天前開會", ("2025-09-21", "day", "point", "")),
    ("公司下个月发布新品", "公司下個月發佈新品", ("2025-10", "month", "point", "")),
    ("工程这个月底完工", "工程這個月底完工", ("2025-09", "month", "point", "LateIn")),
    ("合同须在9月30日前签署", "合約須在9月30日前簽署", ("2025-09-30", "day", "end", "BeforeDate")),
    ("谈判将在10月15日前后结束", "談判將在10月15日前後結束", ("2025-10-15", "day", "point", "AroundDate")),
]


def _one(text, date=ARTICLE_DATE, **kw):
    found = find_dates(text, date, **kw)
    assert len(found) == 1, [(d.text, d.value) for d in found]
    d = found[0]
    assert text[d.start:d.end] == d.text  # offsets and text are those of the text given, in its script
    return d.value, d.precision, d.role, d.qualifier


@pytest.mark.parametrize("simplified, traditional, expected", CASES, ids=[c[0] for c in CASES])
def test_a_date_in_both_scripts_with_its_precision(simplified, traditional, expected):
    assert _one(simplified) == expected
    assert _one(traditional) == expected


@pytest.mark.parametrize("text, expected", [
    ("丁公司周二（23日）宣布", ("2025-09-23", "day", "point", "")),
    ("戊公司今年1月提出目标", ("2025-01", "month", "point", "")),
    ("園區去年12月動工", ("2024-12", "month", "point", "")),
    ("新廠預計明年投產", ("2026", "year", "point", "")),
    ("雙方希望年底前完成談判", ("2025", "year", "end", "ByEndOf")),
])
def test_the_rules_alone_read_the_common_relative_dates(text, expected):
    """Without JioNLP (the ``intake`` extra not installed) the project's rules read the common forms themselves."""
    assert _one(text, reader="rules") == expected


def test_a_weekday_that_disagrees_with_its_day_is_left_alone():
    # 2025-09-18 is a Thursday: neither the rules nor the library may date the sentence by the 18th alone
    assert find_dates("己公司週二（18日）宣布", "2025-09-20") == []
    assert find_dates("己公司周二（18日）宣布", "2025-09-20", reader="rules") == []


def test_no_relative_date_without_the_article_date():
    assert [d.value for d in find_dates("甲公司今年1月宣布，將於2026年中啟用", None)] == ["2026"]


def test_a_number_or_a_narrative_day_is_not_a_date():
    # 1901 units, a fraction, "that day" and "within a day" name no date a statement could take
    assert find_dates("公司售出1901台伺服器，占总量1/10", ARTICLE_DATE) == []
    assert find_dates("当天股价上涨，一天内成交量翻倍", ARTICLE_DATE) == []


def test_a_vague_time_ago_is_no_date():
    # a month or two weeks before the article: no day, month or named part of one to give a statement
    assert find_dates("一個月前雙方開始談判，兩週前簽約", ARTICLE_DATE) == []
    assert date_qualifier("一个月前") == ""  # "ago", not "before"


def test_durations_and_ranges_stay_the_rules():
    assert [(d.value, d.role) for d in find_dates("計劃未來四年內投資，2028年至2030年間擴大規模", ARTICLE_DATE)] == [
        ("P4Y", "duration"), ("2028/2030", "range")]


def test_an_english_date():
    assert _one("The firm said on September 23, 2025 that it would build") == ("2025-09-23", "day", "point", "")


def test_resolve_one_expression():
    d = resolve_date("上週三", ARTICLE_DATE)
    assert (d.value, d.precision) == ("2025-09-17", "day")
    assert resolve_date("董事會", ARTICLE_DATE) is None


def test_date_qualifiers():
    assert [date_qualifier(t) for t in ("9月底前", "2026年前", "三年前", "2025年9月下旬", "年初", "2026年中", "明年")] == [
        "ByEndOf", "BeforeDate", "", "LateIn", "EarlyIn", "MidIn", ""]


def test_the_date_parser_is_imported_on_use_and_prints_nothing():
    code = ("import sys\nimport stargate_kg.intake.dates as d\nassert 'jionlp' not in sys.modules\n"
            "found = d.find_dates('乙公司上週三簽約', '2025-09-24')\nassert 'jionlp' in sys.modules\n"
            "sys.stderr.write(found[0].value)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""  # JioNLP's banner kept off stdout (a sheet may be written there)
    assert done.stderr == "2025-09-17"


def test_without_jionlp_the_rules_answer(monkeypatch):
    import stargate_kg.intake.jionlp_dates as lib

    monkeypatch.setattr(lib, "_EXTRACTOR", False)  # as when the intake extra is not installed
    assert lib.library_dates("乙公司上周三签约", __import__("datetime").date(2025, 9, 24)) is None
    assert [(d.value, d.precision) for d in find_dates("園區去年12月動工", ARTICLE_DATE)] == [("2024-12", "month")]
    assert find_dates("乙公司上週三簽約", ARTICLE_DATE) == []  # the rules leave 上周三 to the library
