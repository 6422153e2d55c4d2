"""Responsible units: each unit in a unit list, with its rank, role and resolution.

`市發展改革委、科技局` is 市發展改革委 + 市科技局 (the 市 prefix distributes forward);
`海珠區、黃埔區、南沙區政府` is three district governments (the 政府 suffix distributes
back). Unknown units are kept, unresolved, with a warning."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.annotate import patterns as P
from kg.document import Diagnostic, Document, UnitListSpan, UnitMention
from kg.gazetteer import Gazetteer

_ROLE_OF_LABEL = {"牵头单位": "lead", "配合单位": "support", "参与单位": "support",
                  "责任单位": None, "负责单位": None, "主责单位": "lead"}
_ROLE_OF_SUFFIX = {"牵头": "lead", "配合": "support", "负责": "responsible"}
_NOT_A_UNIT = re.compile(r"^(各有关单位|有关单位|相关单位|各相关单位)?按职责分工$|^按职责分工")
_DISTRICT = re.compile(r"[区县]$")
_DISTRICT_GOV = re.compile(r"[区县](人民)?政府$")
_PREFIXES = ("市委", "市")


@dataclass(frozen=True)
class _Item:
    start: int  # offsets of the name as written, in the document
    end: int
    role: str | None


def annotate_units(doc: Document, folded: str, gazetteer: Gazetteer) -> Document:
    mentions: list[UnitMention] = []
    warnings: list[Diagnostic] = []
    for unit_list in doc.of(UnitListSpan):
        for rank, (item, name) in enumerate(_restored(folded, _items(folded, unit_list)), 1):
            written = doc.text[item.start:item.end]
            shown = _restore_script(written, name, folded[item.start:item.end])
            entry = _resolve(gazetteer, name, folded[item.start:item.end])
            if entry is None:
                warnings.append(doc.warn(f"unit {shown!r} is not in the reference data; "
                                         "kept as an unresolved unit", item.start))
            role = item.role or ("lead" if rank == 1 else "support")
            mentions.append(UnitMention(item.start, item.end, written, name=shown, role=role,
                                        rank=rank, ref=str(entry.iri) if entry else None))
    return doc.with_spans(mentions, warnings)


def _items(folded: str, unit_list: UnitListSpan) -> list[_Item]:
    """The names in a list, in order, each with its explicit role if the list gives one."""
    inner_start = unit_list.start + 1
    inner_end = unit_list.end - 1 if unit_list.closed else unit_list.end
    content = folded[inner_start:inner_end]
    items: list[_Item] = []
    for segment in re.finditer(r"[^;]+", content):
        label = P.ROLE_LABEL.search(segment.group(0))
        seg_start = segment.start() + (label.end() if label else 0)
        role = _ROLE_OF_LABEL[label.group(1)] if label else None
        for run in re.finditer(r"[^,]+", content[seg_start:segment.end()]):
            run_start = seg_start + run.start()
            text = run.group(0)
            if not label and (suffix := P.ROLE_SUFFIX.match(text.strip())):
                role = _ROLE_OF_SUFFIX[suffix.group(2)]
                text = text[: text.rfind(suffix.group(2))]
            items += _names(inner_start + run_start, text, role)
    return items


def _names(at: int, run: str, role: str | None) -> list[_Item]:
    found = []
    for m in re.finditer(r"[^、]+", run):
        name = m.group(0).strip()
        if not name or _NOT_A_UNIT.match(name):
            continue
        lead = len(m.group(0)) - len(m.group(0).lstrip())
        found.append(_Item(at + m.start() + lead, at + m.start() + lead + len(name), role))
    return found


def _restored(folded: str, items: list[_Item]) -> list[tuple[_Item, str]]:
    """Distribute 市 forward and 政府 backward within each 、-run (a comma ends a run)."""
    runs: list[list[_Item]] = []
    for item in items:
        joined = runs and folded[runs[-1][-1].end:item.start].strip() == "、"
        if joined:
            runs[-1].append(item)
        else:
            runs.append([item])
    restored = []
    for run in runs:
        names = [folded[i.start:i.end] for i in run]
        prefix = next((p for p in _PREFIXES if names[0].startswith(p)), "")
        suffix_match = _DISTRICT_GOV.search(names[-1])
        suffix = names[-1][suffix_match.start() + 1:] if suffix_match else ""
        for item, name in zip(run, names, strict=True):
            if prefix and not name.startswith(prefix) and not _DISTRICT.search(name) \
                    and not _DISTRICT_GOV.search(name) and not name.startswith("各"):
                name = prefix + name
            if suffix and _DISTRICT.search(name):
                name = name + suffix
            restored.append((item, name))
    return restored


def _restore_script(written: str, restored_folded: str, written_folded: str) -> str:
    """The restored name in the document's own script: the added prefix and suffix
    (市, 市委, 政府) are written alike in both scripts."""
    at = restored_folded.find(written_folded)
    return restored_folded[:at] + written + restored_folded[at + len(written_folded):]


def _resolve(gazetteer: Gazetteer, name: str, written: str):
    for candidate in (name, written, "市" + written):
        if entry := gazetteer.lookup(candidate, "unit"):
            return entry
    return None
