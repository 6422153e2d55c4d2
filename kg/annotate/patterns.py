"""Regular expressions of the genre, written against the folded text (kg.read.fold):
Simplified script, half-width punctuation, so one pattern serves both scripts and
both widths."""

import re

CN_NUM = "一二三四五六七八九十"

DOC_NUMBER = re.compile(r"^\s*(\S{1,12}?[〔\[(](\d{4})[〕\])](\d+)号)\s*$")
DATE = re.compile(r"^\s*(\d{4})年(\d{1,2})月(\d{1,2})日\s*$")
APPROVED_BY = re.compile(r"经(.{2,60}?)同意")
PERIOD = re.compile(r"\(\s*(\d{4})\s*[—\-–~至到]+\s*(\d{4})\s*年?\s*\)")
TITLE_WORDS = re.compile(r"(行动计划|实施方案|工作方案|行动方案|实施意见|计划|方案)")

PART = re.compile(rf"^\s*([{CN_NUM}]+)、\s*(.*?)\s*$")
ACTION = re.compile(rf"^\s*\(([{CN_NUM}]+)\)\s*(.*?)\s*$")
GOAL_HEAD = re.compile(r"^\s*(\d+)\.\s*(工作目标|目标任务|发展目标|主要目标)\s*[。.:]?\s*")
TASKS_HEAD = re.compile(
    r"^\s*(\d+)\.\s*(主要任务|重点任务|工作任务|具体任务|主要措施)\s*[。.:]?\s*")
SECTION_GOAL = re.compile(r"(总体目标|发展目标|主要目标|工作目标)")
MEASURES = re.compile(r"(保障措施|保障机制|组织实施|组织保障)")
# An appendix heading: "附件" "附件1" "附件:1.…分工表" "附件二"
APPENDIX = re.compile(rf"^\s*附件\s*[\d{CN_NUM}]*\s*(?::|$)")
NUMBERED_ITEM = re.compile(r"^\s*(?:\((\d+)\)|(\d+)\.(?!\d))\s*")
ENUMERATED = re.compile(rf"(?:^|(?<=[;。,]))\s*([{CN_NUM}]+)是")

# A milestone line: "到2019年," "2020年," "至2021年末,"
MILESTONE = re.compile(r"^\s*(?:到|至)?\s*(\d{4})\s*年(?:末|底)?\s*[,:]")
# A year marker inside a sentence: "到2021年末" "至2021年底" "第一步,到2021年"
YEAR_MARK = re.compile(r"(?:到|至)\s*(\d{4})\s*年(?:末|底)?|(?<=[,:])\s*(\d{4})\s*年(?=[,:])")

# A trailing unit list; the closing parenthesis may be missing at the end of a line.
UNIT_LIST = re.compile(
    r"\(\s*((?:责任单位|牵头单位|配合单位|负责单位|主责单位|参与单位)\s*:[^()]*?"
    r"|[^()]{1,80}?(?:牵头|配合|负责))\s*(\)|$)\s*[。.]?\s*$"
)
ROLE_LABEL = re.compile(r"(责任单位|牵头单位|配合单位|负责单位|主责单位|参与单位)\s*:")
ROLE_SUFFIX = re.compile(r"^(.*?)(牵头|配合|负责)$")
UNIT_SEPARATORS = re.compile(r"[、,;]")

# a half-width full stop ends a sentence too, but not inside 3.1 or window.name
SENTENCE_END = re.compile(r"[。;]|\.(?![0-9A-Za-z_])")
CLAUSE_END = re.compile(r"[,;。:]")
