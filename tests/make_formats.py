"""Real files made from a plan's text, as governments publish plans: a web page among
its site's furniture, a PDF typeset 28 characters a line, a Word file (with automatic
list numbering, or with its responsibilities in a table), and the hard-wrapped text
copied out of a PDF. Each maker takes the text (one paragraph a line) and a path, and
writes the file with the library a publisher would use (reportlab, python-docx)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.shared import Pt
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

FONT = "STSong-Light"  # reportlab's built-in CID font (Adobe-GB1): no font file needed
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
SIZE = 14  # pt: 28 characters a line on a text block 28 ems wide
HEADER = "廣州市科學技術局文件"


def paragraphs(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


# --- a web page ---------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="zh-Hant"><head><meta {charset}>
<title>{title} - 廣州市人民政府門戶網站</title>
<style>.nav li {{ display: inline }} .share a {{ margin: 0 4px }}</style>
<script>var _hmt = _hmt || []; function share() {{ return "分享到微信"; }}</script>
</head><body>
<div class="header"><div class="logo">廣州市人民政府門戶網站</div>
<ul class="nav"><li><a href="/">首頁</a></li><li><a href="/zwgk/">政務公開</a></li>
<li><a href="/hdjlpt/">互動交流</a></li><li><a href="/zwfw/">政務服務</a></li></ul>
<form class="search"><input name="q" placeholder="請輸入關鍵詞"><button>搜索</button></form>
</div>
<div class="crumb">當前位置：<a href="/">首頁</a> &gt;
<a href="/zwgk/">政務公開</a> &gt; 政策文件</div>
<div class="main">
<h1 class="title">{title}</h1>
<div class="info">來源：廣州市科學技術局　發布時間：2019-10-08
<span class="font">字號：<a>大</a> <a>中</a> <a>小</a></span></div>
<div class="article" id="zoom">
{body}
</div>
<div class="share bdsharebuttonbox">分享到：<a class="bds_weixin">微信</a>
<a class="bds_tsina">微博</a><a class="bds_qzone">QQ空間</a></div>
<div class="print"><a href="javascript:window.print()">【打印本頁】</a>
<a href="javascript:window.close()">【關閉窗口】</a></div>
<div class="related"><h3>相關文件</h3><ul><li><a href="/a">廣州市科技創新第十三個五年規劃</a></li>
<li><a href="/b">關於促進新型研發機構建設發展的意見</a></li></ul></div>
</div>
<div class="footer"><p>主辦：廣州市人民政府辦公廳　承辦：廣州市政務服務數據管理局</p>
<p>網站標識碼：4401000056　粵ICP備12345678號</p></div>
<script>document.write("<img src='stat.gif'>");</script>
</body></html>
"""
FURNITURE = ("首頁", "政務公開", "分享到", "微博", "打印本頁", "相關文件", "網站標識碼",
             "粵ICP備", "_hmt", "字號", "請輸入關鍵詞", "當前位置")


def html_page(text: str, path: Path, encoding: str = "utf-8", charset: str | None = "utf-8",
              title: str = "廣州市科學技術局關於印發行動計劃的通知") -> Path:
    """The plan as a government site shows it: every paragraph a <p>; a long one broken
    once by a <br> in mid-sentence; a table (tab-separated rows) as a <table>."""
    body, rows = [], []
    for line in paragraphs(text):
        if "\t" in line:
            cells = "".join(f"<td>{html.escape(c)}</td>" for c in line.split("\t"))
            rows.append(f"<tr>{cells}</tr>")
            continue
        if rows:
            body.append(f"<table border='1'>{''.join(rows)}</table>")
            rows = []
        escaped = html.escape(line)
        if len(line) > 300:
            escaped = html.escape(line[:150]) + "<br>\n" + html.escape(line[150:])
        body.append(f'<p style="text-indent: 2em">{escaped}</p>')
    if rows:
        body.append(f"<table border='1'>{''.join(rows)}</table>")
    meta = f'http-equiv="Content-Type" content="text/html; charset={charset}"' if charset \
        else 'name="viewport" content="width=device-width"'
    page = PAGE.format(charset=meta, title=title, body="\n".join(body))
    path.write_bytes(page.encode(encoding))
    return path


# --- a PDF --------------------------------------------------------------------------

def pdf(text: str, path: Path) -> Path:
    """A4, a text block 28 characters wide, every paragraph with a first-line indent of
    two characters, a running header and a page number (— 3 —) on every page."""
    width = 28 * SIZE
    margin = (A4[0] - width) / 2
    body = ParagraphStyle("body", fontName=FONT, fontSize=SIZE, leading=SIZE * 1.6,
                          wordWrap="CJK", alignment=TA_JUSTIFY, firstLineIndent=2 * SIZE)

    def furniture(page: canvas.Canvas, doc) -> None:
        page.saveState()
        page.setFont(FONT, 10)
        page.drawCentredString(A4[0] / 2, A4[1] - 50, HEADER)
        page.setFont(FONT, 12)
        page.drawCentredString(A4[0] / 2, 40, f"— {doc.page} —")
        page.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=margin, rightMargin=margin,
                            topMargin=80, bottomMargin=80, invariant=True)
    doc.build([Paragraph(html.escape(line), body) for line in paragraphs(text)],
              onFirstPage=furniture, onLaterPages=furniture)
    return path


def scanned_pdf(path: Path) -> Path:
    """Two pages that hold only pictures of text, as a scanner makes them: no text layer."""
    page = canvas.Canvas(str(path), pagesize=A4, invariant=True)
    for _ in range(2):
        for row in range(30):
            page.setFillGray(0.2)
            page.rect(90, 760 - row * 22, 400 - (row % 5) * 40, 12, stroke=0, fill=1)
        page.showPage()
    page.save()
    return path


# --- a Word file --------------------------------------------------------------------

# Word's numbering: 一、 then (一) then 1., each level restarting under the one above
NUMBERING = """<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
  w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="(%2)"/><w:lvlJc w:val="left"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
    <w:lvlText w:val="%3."/><w:lvlJc w:val="left"/><w:suff w:val="nothing"/></w:lvl>
</w:abstractNum>"""
NUM = """<w:num xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
  w:numId="90"><w:abstractNumId w:val="90"/></w:num>"""
_LEVELS = ((0, re.compile(r"^[一二三四五六七八九十]+、")),
           (1, re.compile(r"^\([一二三四五六七八九十]+\)")),
           (2, re.compile(r"^\d{1,2}\.(?!\d)")))


def word(text: str, path: Path, numbered: bool = False) -> Path:
    """Every paragraph a Word paragraph with a first-line indent; tab-separated lines a
    table. NUMBERED: the markers 一、 (一) 1. are taken out of the text and made Word's
    automatic list numbering (numbering.xml), as a plan typed in Word keeps them."""
    document = docx.Document()
    if numbered:
        numbering = document.part.numbering_part.element
        numbering.insert(0, parse_xml(NUMBERING))
        numbering.append(parse_xml(NUM))
    rows: list[list[str]] = []
    for line in [*paragraphs(text), None]:
        if line is not None and "\t" in line:
            rows.append(line.split("\t"))
            continue
        if rows:
            table = document.add_table(rows=len(rows), cols=max(map(len, rows)))
            for cells, row in zip(rows, table.rows, strict=True):
                for value, cell in zip(cells, row.cells, strict=False):
                    cell.text = value
            rows = []
        if line is None:
            break
        level = next((lvl for lvl, marker in _LEVELS if marker.match(line)), None) \
            if numbered else None
        if level is not None:
            line = _LEVELS[level][1].sub("", line, count=1)
        paragraph = document.add_paragraph(line)
        paragraph.paragraph_format.first_line_indent = Pt(2 * SIZE)
        if level is not None:
            paragraph._p.get_or_add_pPr().append(parse_xml(
                '<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f'<w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    document.save(str(path))
    return path


# --- text -------------------------------------------------------------------------

def hard_wrapped(text: str, path: Path, width: int = 28, indent: str = "") -> Path:
    """Text copied out of a PDF: a line break every WIDTH characters, each paragraph
    starting with INDENT (two ideographic spaces in many such copies, none in others)."""
    lines = []
    for line in paragraphs(text):
        line = indent + line
        lines += [line[i:i + width] for i in range(0, len(line), width)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def cells_a_line_to_rows(text: str, columns: int = 5) -> str:
    """A table written one cell a line under its header (序號 重點工作 …) as rows of
    tab-separated cells, the way a Word or web page table holds it."""
    lines = text.splitlines()
    start = lines.index("序號")
    end = start
    while end < len(lines) and not lines[end].startswith(("附件", "五、")):
        end += 1
    cells = lines[start:end]
    rows = ["\t".join(cells[i:i + columns]) for i in range(0, len(cells), columns)]
    return "\n".join(lines[:start] + rows + lines[end:])


