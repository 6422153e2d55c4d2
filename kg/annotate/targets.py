"""Targets: a grammar over clauses, wherever they are written (goal blocks, inline
工作目標 lines, task paragraphs, table rows).

A clause (text between , ; 。 :) holds zero or more targets: an indicator, a number
with its magnitude and measure word (1.2萬家, 1~2個, 3.1%), a comparator word before
or after it (達到, 超過, 不少於, 以上, 左右, 以內), a change against a baseline (提高5個
百分點, 增長10%, 翻一番) and a hedge (力爭). Its year comes from the clause or the ones
before it in the paragraph (timex.py), else from the plan's period. Money given as
support (投入, 給予, 補助) is an instrument, not a target."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from kg.annotate import timex
from kg.annotate.timex import Period
from kg.document import (
    Diagnostic,
    Document,
    GoalSpan,
    TargetSpan,
    TaskSpan,
    UnitListSpan,
    line_spans,
)

_MEASURE = (r"个百分点|百分点|亿美元|万美元|美元|亿元|万元|元|平方公里|平方米|万千瓦|千瓦|兆瓦|"
            r"人次|家次|场次|场|家|人|项|%|所|名|台|套|件|次|款|篇|座|倍|户|吨|亩|公顷|辆|条|张|部|"
            r"公里|千米|个工作日|个月|小时|天|日|年|个(?!季度|星期|自然日)")
# a duration is a target only when bounded: 控制在3年以内, 不超过24小时
_DURATIONS = ("个工作日", "个月", "小时", "天", "日", "年")
_BOUNDING = re.compile(
    r"(?:控制在|不超过|不多于|少于|缩短至|缩短到|压缩至|压缩到|压减至|降至|降低到)$")
_NUMBER = re.compile(
    r"(?<![\d.第前])(\d+(?:\.\d+)?)(?:\s*[~\-—–至到]\s*(\d+(?:\.\d+)?))?\s*"
    rf"(万|亿|千)?({_MEASURE})(及以上|以上|左右|以内|以下|之内|上下)?"
    r"|(零的突破)|翻(一|两|二)?番")
CLAUSE = re.compile(r"[^,;。:!?\t]+")
ASPIRATION = re.compile(r"力争|争取|争创")
# money the government gives (財政每年投入, 給予…支持, 補助) is an instrument, not a target;
# money a plan draws in (帶動社會資本投入不少於50億元) is one
_FUNDING = re.compile(r"给予|补助|资助|奖励|补贴|贴息|扶持资金|经费支持|"
                      r"(?:财政|市级|省级|区级|中央|专项资金|预算|政府).{0,8}(?:投入|安排|支持|出资)")
_LEVERAGE = re.compile(r"带动|撬动|吸引|引导.{0,6}投入")
_NOT_A_COUNT = re.compile(r"前\s*\d+\s*[名位强]|第\s*\d+")
_TITLES = re.compile(r"《[^》]*》")
# Words before an indicator: adverbs and time words always go; verbs go unless the
# indicator is a ratio named by a clause (實施技術改造…企業占…比例) or a relative
# clause (開展…評估的中小企業).
_LEAD_WORDS = re.compile(
    r"(?:[、和及,\s—\-·•]|全市|全省|全区|全国(?!性)|全县|力争|争取|争创|累计|每年度?|年均|年平均|共|"
    r"总计|其中|"
    r"合计|到\d{4}年(?:末|底)?|至\d{4}年(?:末|底)?|\d{4}年(?:末|底)?|达到|"
    r"[\"“]?十[一二三四五六七八九]?五[\"”]?(?:时期末|期末|末|期间)?|(?:\d+|[一二三四五六七八九十两])年(?:内|累计)?)+")
_VERBS = (
    "筹建 建设 创建 建成 新建 遴选 重点支持 支持 新增 培育 培养 引进 打造 形成 推动形成 新培育 "
    "新引进 新认定 认定 招引 推广 制修订 制定 修订 组建 设立 举办 引育 集聚 吸引 培训 评选 创成 "
    "建立 部署 保障 突破 发布 新增开放 累计完成 选树 提供 组织 转化 为[^,]{1,12}?提供 "
    "取得 新取得 获得 主导 应用 安排 获批 推动 带动 扶持 改造 为[^,]{1,20}?(?:安装|配备|建设)")
_LEAD_VERBS = re.compile("(?:" + "|".join(sorted(_VERBS.split(), key=len, reverse=True)) + ")+")
# verbs that may open a relative clause (开展…评估的中小企业): kept before 的
_CLAUSE_VERBS = re.compile(r"(?:开展|实施|实现|完成|推动|带动)+")
_RATIO = re.compile(r"占")
_TRAIL_WORDS = re.compile(
    r"(?:(?:比|较|较之|同比|相比)\s*\d{4}\s*年)?\s*(?:年均|累计)?"
    r"(?:达到|达|不超过|不高于|超过|突破|不少于|不低于|至少|多于|高于|增加到|提高到|提升到|"
    r"增长到|上升到|下降到|降低到|降至|控制在|保持在|稳定在|压缩至|压缩到|缩短至|缩短到|压减至|"
    r"提高|提升|增长|增加|上升|下降|降低|"
    r"减少|为|约|近|接近|大约|建设|实现|力争|争取|落户\S{0,4})*$")
_COMPARATOR_BEFORE = (("不少于", ">="), ("不低于", ">="), ("至少", ">="), ("不超过", "<="),
                      ("不高于", "<="), ("控制在", "<="), ("超过", ">"), ("突破", ">"),
                      ("多于", ">"), ("高于", ">"), ("达到", "="), ("达", "="), ("约", "≈"),
                      ("近", "≈"), ("接近", "≈"), ("大约", "≈"))
_COMPARATOR_AFTER = {"以上": ">=", "及以上": ">=", "左右": "≈", "上下": "≈", "以内": "<=",
                     "之内": "<=", "以下": "<="}
_INCREASE = re.compile(r"(?:提高|提升|增长|增加|上升)$")
_DECREASE = re.compile(r"(?:下降|降低|减少)$")
_MAGNITUDE = {"万": Decimal(10000), "亿": Decimal(100000000), "千": Decimal(1000)}
_UNIT_WRITTEN = {"个": "個", "项": "項", "亿元": "億元", "万元": "萬元", "个百分点": "個百分點",
                 "场次": "場次", "万千瓦": "萬千瓦", "辆": "輛", "条": "條", "张": "張",
                 "亿美元": "億美元", "万美元": "萬美元", "户": "戶", "畝": "亩"}


def annotate_targets(doc: Document, folded: str, period: Period) -> Document:
    reader = _Reader(doc, _masked(folded), period)
    for goal in doc.of(GoalSpan):
        reader.read_goal(goal)
    for task in doc.of(TaskSpan):
        reader.read_task(task)
    reader.say_dated_numbers_elsewhere()
    return doc.with_spans(reader.spans, reader.warnings)


def _masked(folded: str) -> str:
    """Book titles (《…2019年…》) hold no targets and no due years."""
    return _TITLES.sub(lambda m: "《" + "#" * (len(m.group(0)) - 2) + "》", folded)


class _Reader:
    def __init__(self, doc: Document, folded: str, period: Period) -> None:
        self.doc, self.folded, self.period = doc, folded, period
        self.spans: list[TargetSpan] = []
        self.warnings: list[Diagnostic] = []
        self.lists = doc.of(UnitListSpan)

    def read_goal(self, goal: GoalSpan) -> None:
        paragraphs = _paragraphs(self.folded, goal.start, goal.end)
        dated = [p for p in paragraphs if timex.leading_year(self.folded[p[0]:p[1]])]
        # the text on the heading's own line is the goal's lead sentence
        on_heading_line = self.folded[goal.start - 1:goal.start] not in ("\n", "\r", "")
        year = None
        for number, (start, end) in enumerate(paragraphs):
            opening = timex.leading_year(self.folded[start:end])
            lead = number == 0 and on_heading_line
            kind = "milestone" if opening and len(dated) >= 2 and not lead else "overall"
            year = self.read(start, end, kind, opening or year, funding_allowed=True)

    def read_task(self, task: TaskSpan) -> None:
        end = min((u.start for u in self.lists if task.start <= u.start < task.end),
                  default=task.end)
        year = None
        for start, stop in _paragraphs(self.folded, task.start, end):
            year = self.read(start, stop, "overall", year, funding_allowed=False)

    def read(self, start: int, end: int, kind: str, year: int | None,
             funding_allowed: bool) -> int | None:
        """Targets of the clauses between START and END; returns the year in force."""
        text = self.folded[start:end]
        hedged, last = False, None  # 力爭到2020年, …: the hedge reaches the next clause
        for clause in CLAUSE.finditer(text):
            body = clause.group(0)
            year = timex.due_year(body, self.period) or year
            yearly = bool(timex.YEARLY.search(body))
            if not funding_allowed and _funding(body, _sentence(text, clause.start())):
                continue
            found = self.clause_targets(start + clause.start(), body, kind,
                                        year or self.period.end, hedged, last)
            hedged = bool(ASPIRATION.search(body)) and not found and not any(
                _is_count(body, m) for m in _NUMBER.finditer(body))
            if text[clause.end():clause.end() + 1] in ("。", ";"):
                last = None
            elif found:
                last = found[-1].indicator
            if not found and any(_is_count(body, m) for m in _NUMBER.finditer(body)):
                self.warnings.append(self.doc.warn(
                    f"{self.doc.text[start + clause.start():start + clause.end()][:30]!r} "
                    "has a number with a measure word, but no target was read from it",
                    start + clause.start()))
            for target in found:
                if not target.year:
                    self.warnings.append(self.doc.warn("target without a year", target.start))
                    continue
                self.spans.append(replace(target, yearly=yearly))
        return year

    def say_dated_numbers_elsewhere(self) -> None:
        """A paragraph outside goal blocks and tasks that sets a number for a year (保障
        措施: 到2021年,培訓幹部1000人次) is not read as a target, and is said."""
        read = [*self.doc.of(GoalSpan), *self.doc.of(TaskSpan)]
        body = min((s.start for s in read), default=len(self.folded))
        body_end = self.doc.body_end()
        inside = bytearray(len(self.folded) + 1)  # 1 where a goal block or task was read
        for span in read:
            inside[span.start:span.end] = b"\x01" * (span.end - span.start)
        for start, end in line_spans(self.doc.text):
            if start >= body_end:
                break
            if not inside.count(0, start, end):
                continue
            dated = False
            for clause in CLAUSE.finditer(self.folded, max(start, body), end):
                if inside[clause.start()]:
                    continue
                text = clause.group(0)
                dated = dated or bool(timex.due_year(text, Period(None, None)))
                if dated and any(_is_count(text, m) for m in _NUMBER.finditer(text)):
                    self.warnings.append(self.doc.warn(
                        "a number set for a year outside any goal block or task: not read "
                        "as a target", clause.start()))
                    break

    def clause_targets(self, at: int, clause: str, kind: str, year: int | None,
                       hedged: bool = False, last: str | None = None) -> list[TargetSpan]:
        """The targets of one clause. HEDGED: a 力爭 in the clause before holds here;
        LAST: the indicator of the sentence's target before, for a clause that only
        adds a value to it (翻一番,達到3500億元以上)."""
        aspiration = ASPIRATION.search(clause)
        found, prev_end = [], 0
        matches = [m for m in _NUMBER.finditer(clause) if _is_count(clause, m)
                   and not _qualifies(clause, m)]
        for i, m in enumerate(matches):
            ind_start, ind_end = _indicator(clause, prev_end, m.start())
            number_first = ind_start == ind_end
            if number_first:
                next_start = matches[i + 1].start() if i + 1 < len(matches) else len(clause)
                ind_start, ind_end = _noun_after(clause, m.end(), next_start)
            if ind_end <= ind_start and not (last and not found and not clause[
                    m.end():].strip(" 以上左右")):
                continue
            before = clause[prev_end:m.start()]
            value, value_max, unit, comparator, change = _measure(m, before)
            start, end = at + min(ind_start, m.start()), at + max(ind_end, m.end())
            indicator = self.doc.text[at + ind_start:at + ind_end] if ind_end > ind_start \
                else last
            found.append(TargetSpan(
                start, end, self.doc.text[start:end], indicator=indicator,
                value=value, value_max=value_max, unit=unit, year=year or 0,
                comparator=comparator, change=change,
                aspirational=hedged or bool(aspiration and aspiration.start() < m.start()),
                target_kind=kind))
            prev_end = max(m.end(), ind_end if number_first else m.end())
        return found


def _funding(clause: str, sentence: str) -> bool:
    """Money given (財政投入, 給予, 補助), or the condition of it (對…突破50億元的企業,
    給予獎勵); money drawn in (帶動社會資本投入50億元) is not."""
    if _LEVERAGE.search(clause):
        return False
    return bool(_FUNDING.search(clause)) or (
        clause.lstrip().startswith("对") and bool(_FUNDING.search(sentence)))


def _sentence(text: str, at: int) -> str:
    """The sentence (up to 。 or ;) around position AT of TEXT."""
    start = max(text.rfind("。", 0, at), text.rfind(";", 0, at)) + 1
    stops = [i for i in (text.find("。", at), text.find(";", at)) if i >= 0]
    return text[start:min(stops) if stops else len(text)]


def _qualifies(clause: str, m: re.Match) -> bool:
    """A number that qualifies a noun (年營業收入超過1億元的企業): not a target itself."""
    return clause[m.end():m.end() + 1] == "的"


def _paragraphs(folded: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end())
            for m in re.finditer(r"[^\r\n]+", folded[start:end]) if m.group(0).strip()]


def _is_count(clause: str, m: re.Match) -> bool:
    """Not a rank (前10名), an ordinal (第6版), a date or a duration (3~5年), unless the
    duration is bounded (控制在3年以內)."""
    if m.group(6) or m.group(0).startswith("翻"):
        return True
    if m.group(4) in _DURATIONS:
        bounded = m.group(5) in ("以内", "之内", "以下") or \
            bool(_BOUNDING.search(clause[:m.start()].rstrip()))
        return bounded and len(m.group(1)) < 4
    around = clause[max(0, m.start() - 2):m.end() + 1]
    return not _NOT_A_COUNT.search(around)


def _indicator(clause: str, start: int, end: int) -> tuple[int, int]:
    s = _after_lead(clause, start, end)
    if (inner := clause.rfind("组织实施", s, end)) >= 0:  # 采取…方式组织实施X: X
        s = inner + len("组织实施")
    trail = _TRAIL_WORDS.search(clause[s:end])
    e = s + (trail.start() if trail else end - s)
    return (s, e) if e > s else (end, end)


def _after_lead(clause: str, start: int, end: int) -> int:
    """Where the indicator starts, after leading adverbs, time words and verbs."""
    while True:
        lead = _LEAD_WORDS.match(clause, start, end)
        at = lead.end() if lead and lead.end() > start else start
        verb = _LEAD_VERBS.match(clause, at, end)
        clause_verb = _CLAUSE_VERBS.match(clause, at, end)
        if verb and not _RATIO.search(clause, verb.end(), end):
            at = verb.end()
        elif clause_verb and not _RATIO.search(clause, clause_verb.end(), end) and \
                "的" not in clause[clause_verb.end():end]:
            at = clause_verb.end()
        if at == start:
            return start
        start = at


def _noun_after(clause: str, start: int, end: int) -> tuple[int, int]:
    start = _after_lead(clause, start, end)
    text = clause[start:end]
    stop = re.search(r"(?:、|以及|和|及|与)(?=.{0,3}\d)", text)
    e = start + (stop.start() if stop else len(text.rstrip()))
    trail = _TRAIL_WORDS.search(clause[start:e])
    return start, (start + trail.start() if trail else e)


def _measure(m: re.Match, before: str) -> tuple[Decimal, Decimal | None, str, str, str]:
    """value, upper value, unit, comparator, change of a number match."""
    if m.group(6):  # 零的突破: at least one
        return Decimal(1), None, "個", ">=", ""
    if m.group(0).startswith("翻"):
        times = Decimal(4) if m.group(7) in ("两", "二") else Decimal(2)
        return times, None, "倍", "=", "×"
    value, upper = Decimal(m.group(1)), m.group(2)
    magnitude, unit, after = m.group(3), m.group(4), m.group(5)
    if unit.endswith("元"):  # money keeps its unit: 5000萬元, 1200億元
        unit, magnitude = (magnitude or "") + unit, None
    scale = _MAGNITUDE.get(magnitude or "", Decimal(1))
    value_max = _plain(Decimal(upper) * scale) if upper else None
    words = before.rstrip()
    comparator = _COMPARATOR_AFTER.get(after or "") or next(
        (c for word, c in _COMPARATOR_BEFORE if words.endswith(word)), "=")
    change = "+" if _INCREASE.search(words) else "-" if _DECREASE.search(words) else ""
    if unit == "百分点":
        unit = "个百分点"
    return _plain(value * scale), value_max, _UNIT_WRITTEN.get(unit, unit), comparator, change


def _plain(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
