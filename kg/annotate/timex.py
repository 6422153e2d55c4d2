"""Time expressions of the genre (folded text): the year a target falls due, a task's
deadline, and the plan's period.

到2021年 · 2021年, · 至2021年末 · 2021年底前 → 2021; "十四五"末 → 2025; 5年內 and
自2012年起5年內 against the plan's first year; 比2015年 is a baseline, not a due year.
Deadlines: 2021年12月底前 → 2021-12 · 2020年底前 → 2020-12 · 2022年上半年 → 2022-06 ·
長期堅持, 持續推進 → ongoing."""

from __future__ import annotations

import re
from dataclasses import dataclass

_N = r"(\d+|[一二三四五六七八九十两]+)"
_SMALL = {c: i for i, c in enumerate("零一二三四五六七八九十", 0)} | {"两": 2}

# the year a target is due, in order of preference inside one clause
_BY_YEAR = re.compile(
    r"(?:到|至|截至|截止到?|于|在)\s*(\d{4})\s*年(?:年?底|年?末|上半年|下半年)?"
    r"|(\d{4})\s*年(?:年?底|年?末)?\s*(?:前|以前)"
    r"|(?:^|(?<=[,;:。]))\s*(\d{4})\s*年(?:年?底|年?末)?\s*(?=[,:;]|$)"
    r"|^\s*(\d{4})\s*年(?:年?底|年?末)?(?!以来|起|开始|的|度|以前|之前|[\d月])")
_FIVE_YEAR = re.compile(
    r"[\"“]?(十[一二三四五六七八九]?五)[\"”]?\s*(?:规划)?\s*(?:期末|时期末|末|期间)")
_FROM_YEAR_WITHIN = re.compile(
    rf"(?:自|从)\s*(\d{{4}})\s*年\s*(?:起|开始)?\s*,?\s*(?:用)?{_N}\s*年(?:内|时间)")
_WITHIN = re.compile(rf"(?<![\d年]){_N}\s*年(?:内|时间)")
_BASELINE = re.compile(r"(?:比|较|较之|相比|与|同比|以)\s*(\d{4})\s*年")
YEARLY = re.compile(r"每年度?|年均|年平均|每一年")

_MONTH_DUE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:底|末|份)?")
_YEAR_END_DUE = re.compile(r"(\d{4})\s*年\s*(?:年底|底|末|年末|下半年)")
_HALF_DUE = re.compile(r"(\d{4})\s*年\s*上半年")
_QUARTER_DUE = re.compile(r"(\d{4})\s*年\s*第?([一二三四1-4])季度")
_YEAR_DUE = re.compile(r"(\d{4})\s*(?:[—\-~至到]\s*(\d{4}))?\s*年")
_ONGOING = re.compile(r"长期坚持|持续推进|长期|常态化|持续开展|持续实施|每年|按年度|逐年推进|持续")


@dataclass(frozen=True)
class Period:
    start: int | None
    end: int | None


def _small_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if len(text) == 2 and text[0] == "十":
        return 10 + _SMALL.get(text[1], 0)
    return _SMALL.get(text)


def five_year_plan_end(name: str) -> int:
    """十四五 → 2025: the eleventh plan ran 2006-2010."""
    number = 10 + (_SMALL[name[1]] if len(name) == 3 else 0)
    return 2010 + 5 * (number - 11)


def due_year(clause: str, period: Period) -> int | None:
    """The year a clause sets a target for, or None when it names none."""
    masked = _BASELINE.sub(lambda m: "#" * len(m.group(0)), clause)
    if m := _FROM_YEAR_WITHIN.search(masked):
        years = _small_number(m.group(2))
        return int(m.group(1)) + years - 1 if years else None
    marks = list(_BY_YEAR.finditer(masked))
    if marks:
        last = marks[-1]
        return int(last.group(1) or last.group(2) or last.group(3) or last.group(4))
    if m := _FIVE_YEAR.search(masked):
        return five_year_plan_end(m.group(1))
    if (m := _WITHIN.search(masked)) and period.start and (years := _small_number(m.group(1))):
        return period.start + years - 1
    return None


def leading_year(text: str) -> int | None:
    """The year a paragraph opens with: 到2019年, · 2020年: · 至2021年末,"""
    m = re.match(r"\s*(?:到|至|截至)?\s*(\d{4})\s*年(?:年?底|年?末)?\s*(?:前)?\s*[,:;]", text)
    return int(m.group(1)) if m else None


def deadline(text: str) -> str:
    """A task's deadline as written: '2021-12', '2021', 'ongoing', or ''."""
    if m := _MONTH_DUE.search(text):
        return f"{m.group(1)}-{int(m.group(2)):02d}"
    if m := _YEAR_END_DUE.search(text):
        return f"{m.group(1)}-12"
    if m := _HALF_DUE.search(text):
        return f"{m.group(1)}-06"
    if m := _QUARTER_DUE.search(text):
        quarter = "一二三四".find(m.group(2)) + 1 or int(m.group(2))
        return f"{m.group(1)}-{3 * quarter:02d}"
    if m := _YEAR_DUE.search(text):
        return m.group(2) or m.group(1)
    if _ONGOING.search(text):
        return "ongoing"
    return ""


_DEADLINE_PHRASE = re.compile(
    r"(?:于|在)?\s*(\d{4}\s*年\s*(?:\d{1,2}\s*月)?(?:底|末|年底)?|长期坚持|持续推进)\s*(?:前|以前)?\s*完成")


def deadline_phrase(text: str) -> re.Match | None:
    """'于2012年10月底前完成' inside a task's text."""
    return _DEADLINE_PHRASE.search(text)


def period_in(text: str) -> Period:
    """(2019—2021年) in a title, or 2019—2021年 / 2021-2023年 in the text."""
    m = re.search(r"(\d{4})\s*[—\-–~至到]+\s*(\d{4})\s*年", text)
    return Period(int(m.group(1)), int(m.group(2))) if m else Period(None, None)
