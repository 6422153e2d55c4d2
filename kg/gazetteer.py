"""Text: the gazetteer, the recogniser built from the reference data
(ontology/reference/*.ttl): every label of every unit, place and institution, in both
scripts, folded for matching.

Units are resolved against the document they are read in: its jurisdiction and its year.

- A label is *qualified* when it names the unit's own jurisdiction (廣州市科學技術局,
  廣東省科學技術廳, 海珠區政府) or belongs to a national body (科技部, 國家發展改革委):
  it resolves in any document. Any other label is *generic* (市科技局, 科技局, 省科技廳)
  and resolves only in a document whose jurisdiction is the unit's, or lies inside it
  (a 海珠區 plan resolves 市科技局 to Guangzhou's bureau; a Shenzhen plan never does;
  a plan of unknown jurisdiction resolves no generic label).
- Of the units that ever carried a label, the year picks the one valid that year
  (pk:validFrom ≤ year < pk:validUntil), else the nearest in time; no year: the current
  one. A label never fails to resolve for its year alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Final

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.namespace import ID, PK
from kg.read import detect_script, fold
from kg.turtle import parsed_ontology_files

_LABELS = (SKOS.prefLabel, SKOS.altLabel, PK.shortName, PK.formerName, SKOS.hiddenLabel)
_KINDS = {PK.Unit: "unit", PK.Institution: "institution", PK.Place: "place"}
_LEVELS = ((PK.Country, "country"), (PK.Province, "province"), (PK.City, "city"),
           (PK.District, "district"))
# Shorter labels ("天河", "南沙") would match inside other names (天河二號).
_MIN_MATCH_LENGTH = 3
_CHINA = ID["place/china"]
_GUANGZHOU = ID["place/guangzhou"]


class _Legacy:
    """The default of ``within``: resolve as before jurisdictions were known, i.e. as a
    document of Guangzhou (the seed's city) of today. Pass ``within`` explicitly (None
    when the document's jurisdiction is unknown) to get jurisdiction-aware resolution."""

    def __repr__(self) -> str:
        return "LEGACY"


LEGACY: Final = _Legacy()


@dataclass(frozen=True)
class Entry:
    """One unit, place or institution of the reference data.

    jurisdiction: the place a unit belongs to (None for places and institutions).
    valid_from / valid_until: the years of pk:validFrom / pk:validUntil (None: open).
    successors: for a unit that no longer exists, the units that carry on its functions
    today (pk:currentSuccessor); empty for a unit that exists today.
    """

    iri: URIRef
    kind: str  # unit | place | institution
    jurisdiction: URIRef | None = None
    valid_from: int | None = None
    valid_until: int | None = None
    successors: tuple[URIRef, ...] = ()

    @property
    def current(self) -> bool:
        return self.valid_until is None

    @property
    def today(self) -> tuple[URIRef, ...]:
        """The unit itself if it exists today, else its current successors."""
        return (self.iri,) if self.current else self.successors

    def valid_in(self, year: int) -> bool:
        return ((self.valid_from is None or self.valid_from <= year)
                and (self.valid_until is None or year < self.valid_until))


@dataclass(frozen=True)
class Jurisdiction:
    """A document's jurisdiction: a place of the reference data (iri set) or a place it
    lacks (iri None: 杭州市, 浙江省), named as clean as the text allows. part_of: for a
    place the data lacks, the nearest place of the data the text says contains it
    (廣東省佛山市 → Guangdong), so that the province's bodies still resolve."""

    name: str
    iri: URIRef | None
    level: str | None  # country | province | city | district; None when not known
    part_of: URIRef | None = None


@dataclass(frozen=True)
class _Candidate:
    entry: Entry
    qualified: bool  # resolves in any document (see the module's docstring)
    level: str | None  # the level of the unit's jurisdiction


class Gazetteer:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._places = _Places(graph)
        labels: dict[str, list[Entry]] = {}
        # each entity's labels as written, by folded key and language (for suggestions)
        self._written: dict[tuple[URIRef, str], dict[str, str]] = {}
        for subject, kind in _entities(graph, _kinds_by_class(graph)):
            entry = _entry(graph, subject, kind)
            for prop in _LABELS:
                for label in graph.objects(subject, prop):
                    key = _key(str(label))
                    found = labels.setdefault(key, [])
                    if all(e.iri != subject for e in found):
                        found.append(entry)
                    written = self._written.setdefault((subject, key), {})
                    language = label.language if isinstance(label, Literal) else None
                    written.setdefault(language or "", str(label))
        # A national body's label resolves everywhere unless a lower body bears it too
        # or it is a bureau's bare name (統計局: the nation's in State Council
        # documents, a city's in the city's).
        lower = {key for key, entries in labels.items()
                 if any(e.kind == "unit" and e.jurisdiction not in (None, _CHINA)
                        for e in entries)}
        self._by_label: dict[str, list[_Candidate]] = {
            key: [_Candidate(e, self._qualified(e, key, key in lower),
                             self._places.level(e.jurisdiction)) for e in entries]
            for key, entries in labels.items()}
        # The levels at which a label is a generic name (市統計局 is a city's bureau).
        self._generic_levels = {key: {c.level for c in cs if not c.qualified}
                                for key, cs in self._by_label.items()}
        self._entries = {c.entry.iri: c.entry for cs in self._by_label.values() for c in cs}
        matchable = sorted((k for k, cs in self._by_label.items()
                            if cs[0].entry.kind != "unit" and len(k) >= _MIN_MATCH_LENGTH
                            and not k.isascii()), key=len, reverse=True)
        self._mentions = re.compile("|".join(map(re.escape, matchable))) if matchable else None

    def _qualified(self, entry: Entry, key: str, borne_lower: bool) -> bool:
        if entry.kind != "unit" or entry.jurisdiction is None:
            return True
        if entry.jurisdiction == _CHINA:
            if key.startswith(_NATIONAL_MARKS) or key.isascii():
                return True
            # 統計局, 能源局, 發展改革委: every level has one of that name
            return not borne_lower and not (key.endswith(_BUREAU_ENDINGS)
                                            and not key.endswith("总局"))
        return any(n in key for n in self._places.names(entry.jurisdiction))

    # --- resolution ------------------------------------------------------------------

    def lookup(self, name: str, kind: str | None = None, *,
               within: Jurisdiction | URIRef | _Legacy | None = LEGACY,
               year: int | None = None) -> Entry | None:
        """The entry NAME resolves to in a document of jurisdiction WITHIN (a
        Jurisdiction, a place IRI, or None when unknown) and of YEAR (None: today).
        WITHIN left out: as a Guangzhou document (the behaviour before jurisdictions)."""
        key = _key(name)
        candidates = self._by_label.get(key)
        if not candidates:
            return None
        if within is LEGACY:
            within = _GUANGZHOU
        if isinstance(within, Jurisdiction):
            place, level = within.iri or within.part_of, within.level
        else:
            place, level = within, self._places.level(within)
        scope = self._places.scope(place)
        # A generic name of the document's own level names its own body (a Shenzhen
        # plan's 統計局 is Shenzhen's, never Guangzhou's); a national body's generic
        # name (統計局, 能源局) names it in national documents only.
        own_level = level in self._generic_levels[key]
        best = None
        for c in candidates:
            entry = c.entry
            if kind is not None and entry.kind != kind:
                continue
            inside = entry.jurisdiction in scope
            if not c.qualified and (not inside or (
                    (own_level or c.level == "country") and c.level != level)):
                continue
            rank = (not inside, _distance(entry, year), -self._places.depth(entry.jurisdiction),
                    str(entry.iri))
            if best is None or rank < best[0]:
                best = (rank, entry)
        return best[1] if best else None

    def nearest(self, name: str, kind: str | None = None, limit: int = 4
                ) -> list[tuple[str, str]]:
        """The names of the reference data nearest to NAME (which resolves to nothing),
        as (name as written, in NAME's script where there is one; its kind), at most
        LIMIT, those of KIND first: a name that holds NAME or that NAME holds (黃埔區 →
        黃埔區政府 the unit, 黃埔區 the place), then names that differ by a character or
        two, each name once."""
        key = _key(name)
        if not key:
            return []
        best: dict[URIRef, tuple[float, str]] = {}
        for label_key, candidates in self._by_label.items():
            if key in label_key or (len(label_key) >= 2 and label_key in key):
                score = 1 + min(len(key), len(label_key)) / max(len(key), len(label_key))
            else:
                score = SequenceMatcher(None, key, label_key).ratio()
                if score < 0.6:
                    continue
            for c in candidates:
                if score > best.get(c.entry.iri, (0.0, ""))[0]:
                    best[c.entry.iri] = (score, label_key)
        script = "en" if name.isascii() else detect_script(name)
        ranked = sorted(best.items(), key=lambda item: (
            self._entries[item[0]].kind != kind, -item[1][0], str(item[0])))
        shown: dict[str, str] = {}  # one line per name (市科技局 names two bureaus)
        for iri, (_, label_key) in ranked:
            shown.setdefault(self._shown(iri, label_key, script), self._entries[iri].kind)
        return list(shown.items())[:limit]

    def _shown(self, iri: URIRef, key: str, script: str) -> str:
        written = self._written[(iri, key)]
        return written.get(script) or written[sorted(written)[0]]

    def entry(self, iri: URIRef) -> Entry | None:
        """The entry of a unit, place or institution IRI of the reference data."""
        return self._entries.get(iri)

    def contains(self, outer: URIRef, inner: URIRef) -> bool:
        """Whether place OUTER is INNER or contains it (pk:containedInPlace, transitively)."""
        return outer in self._places.scope(inner)

    def jurisdiction_of(self, *, issuer: str | None = None, number: str | None = None,
                        title: str | None = None) -> Jurisdiction | None:
        """A document's jurisdiction, from the first of these that tells: its ISSUER (a
        unit's name, or several separated by spaces or 、), its document NUMBER's prefix
        (穗科字〔2019〕316號 → Guangzhou, 國辦發 → China), the place its TITLE starts with
        (廣州市…, 廣東省…, 海珠區…, 杭州市… as a place the data lacks). None if none does."""
        for part in re.split(r"[\s、,，]+", issuer or ""):
            if not part:
                continue
            entry = self.lookup(part, "unit", within=None)
            if entry is not None and entry.jurisdiction is not None:
                return self._places.jurisdiction(entry.jurisdiction, part)
            if found := self._places.at_start(part, units=True):
                return found
        if number and (found := self._places.by_prefix(number)):
            return found
        if title and (found := self._places.at_start(title.strip(), units=False)):
            return found
        return None

    # --- mentions ----------------------------------------------------------------------

    def place_heads(self) -> list[str]:
        """Folded place names (two characters or more), longest first: what a name that
        the gazetteer lacks may start with (廣州…研究院)."""
        return sorted((k for k, cs in self._by_label.items()
                       if cs[0].entry.kind == "place" and len(k) >= 2 and not k.isascii()),
                      key=len, reverse=True)

    def mentions(self, folded: str, start: int, end: int):
        """Non-overlapping, longest-first matches of place and institution names."""
        if self._mentions is None:
            return
        for m in self._mentions.finditer(folded, start, end):
            yield m.start(), m.end(), self._by_label[m.group(0)][0].entry


def _distance(entry: Entry, year: int | None) -> int:
    """How far YEAR lies outside the entry's validity (0: inside); no year: today."""
    if year is None:
        return 0 if entry.valid_until is None else 10_000 - entry.valid_until
    if entry.valid_from is not None and year < entry.valid_from:
        return entry.valid_from - year
    if entry.valid_until is not None and year >= entry.valid_until:
        return year - entry.valid_until + 1
    return 0


# --- places ----------------------------------------------------------------------------

# Names a document may open with that are no place: 智慧城市…, 產業園區…, 自貿區….
_NOT_A_PLACE_END = set("园景湾片发验范税贸心能点矿校辖镇郊社街战老灾业")
_PROVINCE_LEVEL_CITIES = {"北京市", "天津市", "上海市", "重庆市"}
_NATIONAL_HEADS = ("国务院", "中共中央", "中央", "国家", "全国")
# A national body's label that starts so names it alone (国家统计局, 国务院国资委, 中办).
_NATIONAL_MARKS = ("国家", "国务院", "国办", "中央", "中共中央", "中办", "中国", "全国",
                   "中华人民共和国")
_BUREAU_ENDINGS = ("局", "委", "办", "委员会", "办公室")
_UNKNOWN_PLACE = re.compile(
    r"(?P<name>[\u4e00-\u9fff]{2,7}?)(?:特别行政区|自治区|自治州|自治县)"
    r"|(?P<short>[^\W\d_a-z省市区县]{2,4}?)[省市区县]")
_RANK = {"country": 0, "province": 1, "city": 2, "district": 3}
_NOT_A_PLACE_START = ("各", "全", "本", "我", "该", "此", "关于")


class _Places:
    """The places of the reference data: their names, containment and levels."""

    def __init__(self, graph: Graph) -> None:
        self._graph = graph
        self._parents: dict[URIRef, set[URIRef]] = {}
        for s, o in graph.subject_objects(PK.containedInPlace):
            self._parents.setdefault(s, set()).add(o)
        places = set(graph.transitive_subjects(RDFS.subClassOf, PK.Place))
        self._levels: dict[URIRef, str] = {}
        for cls, level in _LEVELS:
            for place in graph.subjects(RDF.type, cls):
                self._levels.setdefault(place, level)
        self._names: dict[URIRef, tuple[str, ...]] = {}
        self._by_name: dict[str, URIRef] = {}
        for place in sorted({s for c in places for s in graph.subjects(RDF.type, c)}):
            names = {_key(str(o)) for p in _LABELS for o in graph.objects(place, p)}
            self._names[place] = tuple(sorted(n for n in names if len(n) >= 2))
            for n in self._names[place]:
                if not n.isascii():
                    self._by_name.setdefault(n, place)
        self._longest_first = sorted(self._by_name, key=len, reverse=True)
        self._prefixes = sorted(((_key(str(o)), s) for s, o in
                                 graph.subject_objects(PK.documentNumberPrefix)),
                                key=lambda p: -len(p[0]))
        self._scopes: dict[URIRef | None, frozenset[URIRef]] = {None: frozenset()}

    def names(self, place: URIRef | None) -> tuple[str, ...]:
        return self._names.get(place, ()) if place is not None else ()

    def scope(self, place: URIRef | None) -> frozenset[URIRef]:
        """The place and every place containing it."""
        found = self._scopes.get(place)
        if found is None:
            seen, todo = {place}, [place]
            while todo:
                for parent in self._parents.get(todo.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            found = self._scopes[place] = frozenset(seen)
        return found

    def level(self, place: URIRef | None) -> str | None:
        return self._levels.get(place) if place is not None else None

    def depth(self, place: URIRef | None) -> int:
        return len(self.scope(place)) if place is not None else 0

    def jurisdiction(self, place: URIRef, written: str) -> Jurisdiction:
        """The place, named in the script of WRITTEN."""
        script = detect_script(written)
        name = next((str(o) for o in self._graph.objects(place, SKOS.prefLabel)
                     if isinstance(o, Literal) and o.language == script), str(place))
        return Jurisdiction(name, place, self._levels.get(place))

    def by_prefix(self, number: str) -> Jurisdiction | None:
        key = _key(number)
        for prefix, place in self._prefixes:
            if key.startswith(prefix):
                return self.jurisdiction(place, number)
        return None

    def at_start(self, text: str, units: bool) -> Jurisdiction | None:
        """The most specific place a name or title starts with: a chain of places of
        the data (廣東省廣州市海珠區), then of places it lacks (杭州市, 浙江省杭州市,
        廣東省佛山市), each level below the one before. UNITS: TEXT is a unit's name,
        so 國家…/中央… also mean China."""
        text = text.strip()
        key = fold(text).lower()
        at = next((len(p) for p in ("中国共产党", "中共") if key.startswith(p)), 0)
        known, depth = None, -1
        while name := next((n for n in self._longest_first if key.startswith(n, at)), None):
            level = self._levels.get(self._by_name[name])
            if level is None or _RANK[level] <= depth:
                break
            known, depth, at = self._by_name[name], _RANK[level], at + len(name)
        if known is None and key.startswith(_NATIONAL_HEADS if units else ("国务院", "中共中央"),
                                            at):
            return self.jurisdiction(_CHINA, text) if _CHINA in self._names else None
        start, level = at, None
        while m := _UNKNOWN_PLACE.match(key, at):
            name = m.group("name") or m.group("short")
            found = _level_of(m.group(0))
            if (_RANK[found] <= depth or name[-1] in _NOT_A_PLACE_END
                    or (len(name) > 2 and name[-1] == "城")  # 智慧城市, not 鹽城市
                    or name.startswith(_NOT_A_PLACE_START)):
                break
            at, level, depth = m.end(), found, _RANK[found]
        if at > start:
            return Jurisdiction(text[start:at], None, level, known)
        return self.jurisdiction(known, text) if known is not None else None

def _level_of(name: str) -> str:
    if name.endswith(("省", "自治区", "特别行政区")) or name in _PROVINCE_LEVEL_CITIES:
        return "province"
    if name.endswith(("市", "自治州")):
        return "city"
    return "district"


# --- reading the reference graph -------------------------------------------------------


def _entry(graph: Graph, subject: URIRef, kind: str) -> Entry:
    if kind != "unit":
        return Entry(subject, kind)
    return Entry(subject, kind,
                 jurisdiction=graph.value(subject, PK.jurisdiction),
                 valid_from=_year(graph.value(subject, PK.validFrom)),
                 valid_until=_year(graph.value(subject, PK.validUntil)),
                 successors=tuple(sorted(graph.objects(subject, PK.currentSuccessor))))


def _year(value) -> int | None:
    return int(str(value)[:4]) if value is not None else None


@lru_cache(maxsize=65536)
def _key(label: str) -> str:
    return fold(label).strip().lower()


def _kinds_by_class(graph: Graph) -> dict[URIRef, str]:
    kinds = {}
    for root, kind in _KINDS.items():
        for cls in graph.transitive_subjects(RDFS.subClassOf, root):
            kinds[cls] = kind
    return kinds


def _entities(graph: Graph, kinds: dict[URIRef, str]):
    for subject, cls in sorted(graph.subject_objects(RDF.type)):
        if cls in kinds and isinstance(subject, URIRef):
            yield subject, kinds[cls]


@lru_cache(maxsize=1)
def reference_graph() -> Graph:
    """The ontology, concept schemes and reference data, parsed once per process (in a
    store without named graphs: twice as fast to fill and to read)."""
    graph = Graph(store="SimpleMemory")
    for _, triples in parsed_ontology_files():
        graph.addN((*t, graph) for t in triples)
    return graph


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer(reference_graph())
