"""The genre's lexicon: markers, headings, labels, role verbs, time words and measure
words, written against the folded text (kg.read.fold: Simplified script, half-width
punctuation, variants unified), so one pattern serves both scripts and both widths.

The grammars that use these words are in outline.py (numbering), responsibility.py
(who is responsible), timex.py (when) and targets.py (how much)."""

import re

CN_NUM = "一二三四五六七八九十百零〇两"
_NUMERAL = rf"[{CN_NUM}]+"

# --- the cover letter and title ---------------------------------------------------
DOC_NUMBER = re.compile(r"^\s*(\S{1,16}?[〔\[(](\d{4})[〕\])]\s*(\d+)\s*号)\s*$")
DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
APPROVED_BY = re.compile(r"经(.{2,60}?)同意")
PERIOD = re.compile(r"\(\s*(\d{4})\s*[—\-–~至到]+\s*(\d{4})\s*年?\s*\)")
TITLE_WORDS = re.compile(r"(行动计划|实施方案|工作方案|行动方案|实施意见|分工方案|计划|方案)$")
# An appendix heading: "附件" "附件1" "附件:1.…分工表" "附件二"
APPENDIX = re.compile(rf"^\s*附件\s*[\d{CN_NUM}]*\s*(?::|$)")

# --- numbering markers (outline.py), tried in this order at the start of a line ---
MARKERS: tuple[tuple[str, re.Pattern], ...] = tuple(
    (style, re.compile(pattern)) for style, pattern in (
        ("chapter", rf"第({_NUMERAL}|\d+)章\s*"),
        ("box", rf"专栏\s*({_NUMERAL}|\d+)?\s*[:.]?\s*"),
        ("section", rf"第({_NUMERAL}|\d+)节\s*"),
        ("article", rf"第({_NUMERAL}|\d+)条\s*"),
        ("cn", rf"({_NUMERAL})\s*、\s*"),
        ("paren-cn", rf"\(\s*({_NUMERAL})\s*\)\s*"),
        ("arabic-dot", r"(\d{1,3})\s*\.(?!\d)\s*"),
        ("arabic-comma", r"(\d{1,3})\s*、\s*"),
        ("paren-arabic", r"\(\s*(\d{1,3})\s*\)\s*"),
        ("half-paren", r"(\d{1,3})\)\s*"),
        ("circled", r"([①-⑳])\s*"),
        ("paren-digit", r"([⑴-⒇])\s*"),
        ("shi", rf"({_NUMERAL})是\s*"),
        ("diyi", rf"第({_NUMERAL})\s*[,、:]\s*"),
        ("qiyi", rf"其({_NUMERAL})\s*[,、:]\s*"),
    ))
# An enumeration inside a paragraph: 一是…;二是… · 第一,…第二,… · ①…②…
INLINE_ITEM = re.compile(
    rf"(?:^|(?<=[;。,:)〕】]))\s*(?:({_NUMERAL})是|第({_NUMERAL})\s*[,、]|其({_NUMERAL})\s*[,、]|([①-⑳]))")

# --- what a heading says ----------------------------------------------------------
GOAL_HEADING = re.compile(
    r"^\s*(工作目标|目标任务|总体目标|发展目标|主要目标|预期目标|具体目标|行动目标|建设目标|"
    r"目标要求|主要指标)\s*(?:[。.:]|$)")
SECTION_GOAL = re.compile(r"(总体目标|发展目标|主要目标|工作目标|目标任务|预期目标)")
TASKS_HEADING = re.compile(
    r"^\s*(主要任务|重点任务|工作任务|具体任务|主要措施|重点工作|工作措施|重点举措|主要举措|"
    r"任务措施|行动任务|重点行动|主要内容|工作重点)\s*(?:[。.:]|$)")
MEASURES = re.compile(r"(保障措施|保障机制|组织实施|组织保障|实施保障|工作要求|工作保障|保障体系)")
PREAMBLE = re.compile(r"(总体要求|指导思想|基本原则|工作原则|总体思路)")

# --- responsibility annotations (responsibility.py) -------------------------------
LEAD_LABELS = ("牵头单位", "牵头部门", "主责单位", "主要责任单位", "牵头责任单位")
SUPPORT_LABELS = ("配合单位", "配合部门", "参与单位", "协办单位", "协助单位", "协同单位",
                  "参加单位", "配合责任单位")
LISTED_LABELS = ("责任单位", "责任部门", "负责单位", "责任主体", "实施单位", "承办单位")
DUE_LABELS = ("完成时限", "完成时间", "时间节点", "时限要求", "进度安排", "时间安排")
_ROLE_LABEL_WORDS = "|".join(LEAD_LABELS + SUPPORT_LABELS + LISTED_LABELS)
ROLE_LABEL = re.compile(rf"({_ROLE_LABEL_WORDS})\s*:")
DUE_LABEL = re.compile(rf"({'|'.join(DUE_LABELS)})\s*:")
ANY_LABEL = re.compile(rf"({_ROLE_LABEL_WORDS}|{'|'.join(DUE_LABELS)})\s*:")
FIELD_LINE = re.compile(rf"^\s*(?:{_ROLE_LABEL_WORDS}|{'|'.join(DUE_LABELS)})\s*:")
# Role verbs end a run of unit names: A、B牵头 · C配合 · D按职责分工负责.
ROLE_VERB = re.compile(
    r"(按照?职责分工负责|按职责分工落实|按职责负责|分别负责|共同负责|牵头负责|牵头落实|"
    r"负责落实|具体负责|牵头|负责|配合|参与|协助|协同|协办|落实)$")
LEAD_VERBS = ("牵头", "牵头负责", "牵头落实")
SUPPORT_VERBS = ("配合", "参与", "协助", "协同", "协办")
TOGETHER_WITH = "会同"
OPEN_BRACKETS = "(〔【["
CLOSE_BRACKETS = ")〕】]"
# Collective units whose names hold punctuation are one unit: 各区、县级市政府 ·
# 各区(县级市)政府 · 各省(自治区、直辖市)人民政府 · 各县(市、区)
_PLACE_WORD = r"(?:自治区|直辖市|县级市|地级市|自治州|县|市|区|州|盟|新疆生产建设兵团)"
COLLECTIVE = re.compile(
    rf"各(?:(?:省|市|区|县|地|州)[^、,;()]{{0,6}}?"
    rf"(?:(?:、{_PLACE_WORD}|\({_PLACE_WORD}(?:、{_PLACE_WORD})*\)))+"
    r"(?:人民政府|政府|党委和政府|有关部门|相关部门|有关单位)?"
    r"|[^、,;()]{1,12}?\([^()]{1,30}\)(?:人民政府|政府|有关部门|相关部门|有关单位)?)"
    r"(?=$|[、,;)〕】]|等|和|及|牵头|配合|负责|按|参与|协助)")
# The last characters of a unit's name (folded): 局 委 办 厅 部 …, or a collective word.
UNIT_END = re.compile(
    r"(局|委|办|厅|部|署|院|会|行|府|单位|部门|中心|室|所|队|处|团|司|联|协|关|站|馆|台|社|"
    r"街道|镇|乡|区|县|市|省|机构|企业|高校|园区|集团|小组|办事处|组|军|科协|海关)$")
# A prefix a list shares: 市发展改革委、科技局 → 市科技局. Longest first.
SHARED_PREFIXES = ("市委", "省委", "区委", "县委", "市", "省", "区", "县")
NOT_A_PREFIX = re.compile(r"^(市场|市民(?!政)|省会|区域|县域)")
NOT_UNITS = re.compile(r"^(不再做分工|下同|以下同|同上|具体任务.*|其他.*不再.*)$")
# A suffix a list shares backward: 海珠、黄埔区政府 · 增城、从化市政府 · …开发区管委会
SHARED_SUFFIX = re.compile(r"([区县市镇])?(人民政府|政府|管委会)$")

# --- tables copied as text -----------------------------------------------------------
TABLE_COLUMNS = {
    "number": ("序号", "编号"),
    "task": ("重点工作", "工作任务", "重点任务", "主要任务", "任务", "具体措施", "工作内容",
             "主要内容", "工作措施", "任务内容", "具体任务", "重点工作任务", "工作事项"),
    "lead": ("牵头单位", "牵头部门", "主责单位"),
    "support": ("配合单位", "配合部门", "参与单位", "协办单位"),
    "listed": ("责任单位", "责任部门"),
    "due": ("完成时限", "完成时间", "时间节点", "时限"),
}
