"""The ontology, its concept schemes, SHACL shapes and reference data (ontology/).

Each test names what would break for a user if it failed: a term the builder codes
against that the ontology lacks, a label missing in one script, an axiom that makes
every graph inconsistent, a unit of the seed the recogniser cannot resolve.
"""

from __future__ import annotations

import collections
import itertools
from pathlib import Path

import opencc
import owlrl
import pyshacl
import pytest
from owlrl.Namespaces import ERRNS
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef, namespace
from rdflib.namespace import SKOS

from kg import vocab
from kg.namespace import NIF, PK
from kg.resources import ontology_files, resource, seed_document, shapes_file

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "ontology" / "sample.ttl"
BROKEN = DATA / "ontology" / "broken.ttl"
SEED_UNITS = DATA / "seed_units.txt"

ONTOLOGY = resource("ontology", "policy.ttl")
CONCEPTS = resource("ontology", "concepts.ttl")
REFERENCE = sorted(resource("ontology", "reference").glob("*.ttl"))

ORG_ID = "https://w3id.org/policykg/id/org/"
PLACE_ID = "https://w3id.org/policykg/id/place/"
INST_ID = "https://w3id.org/policykg/id/inst/"
SAMPLE_ID = "https://w3id.org/policykg/id/doc/sample/"

LABELS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, PK.shortName, PK.formerName)
SCRIPTS = ("en", "zh-Hant", "zh-Hans")
TERM_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def parse(*paths: Path) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def langs(graph: Graph, subject, predicate) -> collections.Counter:
    return collections.Counter(
        o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal)
    )


def own_terms(graph: Graph) -> set[URIRef]:
    """pk: IRIs the graph gives a type to, i.e. defines."""
    ns = str(PK._NS)
    return {
        s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(ns)
    }


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return parse(ONTOLOGY)


@pytest.fixture(scope="module")
def concepts() -> Graph:
    return parse(CONCEPTS)


@pytest.fixture(scope="module")
def reference() -> Graph:
    return parse(*REFERENCE)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return parse(shapes_file())


@pytest.fixture(scope="module")
def closure(ontology, concepts, reference) -> Graph:
    """OWL RL closure of ontology + concepts + reference data + the sample document."""
    graph = Graph()
    for part in (ontology, concepts, reference, parse(SAMPLE)):
        graph += part
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return graph


# --- files -------------------------------------------------------------------


TURTLE_FILES = [
    *sorted(resource("ontology").glob("*.ttl")),
    *REFERENCE,
    *sorted((DATA / "ontology").glob("*.ttl")),
]


@pytest.mark.parametrize("path", TURTLE_FILES, ids=lambda p: p.name)
def test_turtle_file_parses(path):
    assert len(parse(path)) > 0


def test_resources_list_every_ontology_file():
    names = {p.name for p in ontology_files()}
    assert {"policy.ttl", "concepts.ttl", "agencies.ttl", "places.ttl", "institutions.ttl"} <= names
    assert "shapes.ttl" not in names


# --- the contract with kg/namespace.py ----------------------------------------


def test_namespace_terms_equal_ontology_terms(ontology, concepts):
    in_python = {PK[name] for name in PK.__annotations__}
    in_turtle = own_terms(ontology) | own_terms(concepts)
    assert in_python - in_turtle == set(), "in kg/namespace.py but not defined in ontology/"
    assert in_turtle - in_python == set(), "defined in ontology/ but missing from kg/namespace.py"


def test_concepts_file_defines_only_concepts_and_schemes(concepts):
    kinds = {o for s in own_terms(concepts) for o in concepts.objects(s, RDF.type)}
    assert kinds <= {SKOS.Concept, SKOS.ConceptScheme, PK.Role, PK.Comparator, PK.TargetKind,
                     PK.Change, PK.Recurrence}


# --- labels and definitions ---------------------------------------------------


def test_every_class_and_property_has_three_labels_and_definitions(ontology):
    terms = {s for kind in TERM_KINDS for s in ontology.subjects(RDF.type, kind)}
    own = {t for t in terms if t in own_terms(ontology)}
    assert own == own_terms(ontology), "every pk: term of policy.ttl is a class or a property"
    problems = []
    for term in sorted(own):
        labels = langs(ontology, term, RDFS.label)
        definitions = langs(ontology, term, SKOS.definition)
        for script in SCRIPTS:
            if labels[script] != 1:
                problems.append(f"{term}: {labels[script]} rdfs:label @{script}")
            if definitions[script] != 1:
                problems.append(f"{term}: {definitions[script]} skos:definition @{script}")
    assert problems == []


def test_every_concept_and_scheme_has_three_labels_and_definitions(concepts):
    nodes = set(concepts.subjects(RDF.type, SKOS.Concept)) | set(
        concepts.subjects(RDF.type, SKOS.ConceptScheme)
    )
    # schemes, roles, comparators, kinds, units, changes, recurrences
    assert len(nodes) == 6 + 3 + 5 + 2 + 9 + 3 + 2
    problems = []
    for node in sorted(nodes):
        for script in SCRIPTS:
            if langs(concepts, node, SKOS.prefLabel)[script] != 1:
                problems.append(f"{node}: skos:prefLabel @{script}")
            if langs(concepts, node, SKOS.definition)[script] != 1:
                problems.append(f"{node}: skos:definition @{script}")
    assert problems == []


def test_concepts_sit_in_their_scheme(concepts):
    for scheme, cls, expected in (
        (PK.roles, PK.Role, {"lead", "support", "responsible"}),
        (PK.comparators, PK.Comparator, {"eq", "gt", "ge", "le", "approx"}),
        (PK.targetKinds, PK.TargetKind, {"overall", "milestone"}),
        (PK.changes, PK.Change, {"increase", "decrease", "multiple"}),
        (PK.recurrences, PK.Recurrence, {"yearly", "continuous"}),
    ):
        members = set(concepts.subjects(SKOS.inScheme, scheme))
        assert {PK[n] for n in expected} == members
        assert all((m, RDF.type, cls) in concepts for m in members)
        assert set(concepts.objects(scheme, SKOS.hasTopConcept)) == members


def test_comparators_and_units_carry_their_symbols(concepts):
    notation = {s: str(o) for s, o in concepts.subject_objects(SKOS.notation)}
    assert [notation[PK[n]] for n in ("eq", "gt", "ge", "le", "approx")] == [
        "=", ">", ">=", "<=", "≈"]
    units = set(concepts.subjects(SKOS.inScheme, PK.unitsOfMeasure))
    assert {notation[u] for u in units} == {
        "家",
        "個",
        "人",
        "項",
        "億元",
        "萬元",
        "元",
        "%",
        "平方米",
    }
    assert all((u, RDF.type, PK.UnitOfMeasure) in concepts for u in units)
    qudt = "http://qudt.org/vocab/unit/"
    assert URIRef(qudt + "PERCENT") in set(concepts.objects(None, SKOS.exactMatch))
    assert URIRef(qudt + "M2") in set(concepts.objects(None, SKOS.exactMatch))


def test_vocab_holds_every_concept_of_its_scheme_in_file_order(concepts):
    """kg.vocab is the project's only copy of roles, comparators, kinds and units."""
    notation = {s: str(o) for s, o in concepts.subject_objects(SKOS.notation)}
    for scheme, mapping in ((PK.roles, vocab.ROLES), (PK.comparators, vocab.COMPARATORS),
                            (PK.targetKinds, vocab.TARGET_KINDS),
                            (PK.unitsOfMeasure, vocab.UNITS_OF_MEASURE)):
        assert set(mapping.values()) == set(concepts.subjects(SKOS.inScheme, scheme))
    assert all(notation[c] == n for n, c in vocab.COMPARATORS.items())
    assert all(notation[c] == n for n, c in vocab.UNITS_OF_MEASURE.items())
    assert {n: PK[n] for n in ("lead", "support", "responsible")} == vocab.ROLES
    assert list(vocab.COMPARATORS) == ["=", ">", ">=", "<=", "≈"]
    assert vocab.LANGUAGES == SCRIPTS and vocab.SCRIPTS == ("zh-Hant", "zh-Hans")


def test_zh_hans_labels_are_the_simplified_zh_hant_labels(ontology, concepts, reference):
    """Every zh-Hant label has its OpenCC t2s form among the zh-Hans labels of the same
    resource, so a simplified document resolves wherever a traditional one does."""
    t2s = opencc.OpenCC("t2s")
    graph = ontology + concepts + reference
    problems = []
    for s in set(graph.subjects()):
        hant, hans = set(), set()
        for p in (*LABELS, RDFS.label):
            for o in graph.objects(s, p):
                if isinstance(o, Literal) and o.language == "zh-Hant":
                    hant.add(str(o))
                elif isinstance(o, Literal) and o.language == "zh-Hans":
                    hans.add(str(o))
        problems += [
            f"{s}: {h} has no zh-Hans {t2s.convert(h)}" for h in hant if t2s.convert(h) not in hans
        ]
    assert problems == []


# --- OWL 2 RL -----------------------------------------------------------------


def test_axioms_use_named_classes_only(ontology):
    """No class expression (union, restriction…) in domain, range or superclass position:
    the ontology stays in OWL 2 RL and every reasoner reads it the same way."""
    for p in (RDFS.subClassOf, RDFS.domain, RDFS.range, OWL.equivalentClass):
        assert [(s, o) for s, o in ontology.subject_objects(p) if isinstance(o, BNode)] == []
    assert list(ontology.subjects(OWL.unionOf, None)) == []


def test_owl_rl_closure_is_consistent(closure):
    errors = [str(o) for o in closure.objects(None, ERRNS.error)]
    assert list(closure.subjects(RDF.type, ERRNS.ErrorMessage)) == [] and errors == []
    assert list(closure.subjects(RDF.type, OWL.Nothing)) == []


def test_collective_unit_brings_task_to_each_district_government(closure):
    task_1, task_2 = URIRef(SAMPLE_ID + "action-1-task-1"), URIRef(SAMPLE_ID + "action-1-task-2")
    nansha = URIRef(ORG_ID + "guangzhou-nansha-district-government")
    involved = set(closure.objects(task_1, PK.involvesUnit))
    assert nansha in involved
    collective = URIRef(ORG_ID + "guangzhou-all-district-governments")
    assert {u for u in involved if (u, RDF.type, PK.DistrictGovernment) in closure} == set(
        closure.objects(collective, PK.hasMember)
    )
    assert len(set(closure.objects(collective, PK.hasMember))) == 11
    assert (nansha, PK.involvedIn, task_1) in closure
    assert nansha not in set(closure.objects(task_2, PK.involvesUnit))
    # the listed units themselves are involved too, and never as members
    bureau = URIRef(ORG_ID + "guangzhou-science-technology-bureau")
    assert (task_2, PK.involvesUnit, bureau) in closure
    assert (bureau, PK.responsibleFor, task_1) in closure


def test_reasoning_fills_shortcuts_and_places(closure):
    task_1 = URIRef(SAMPLE_ID + "action-1-task-1")
    resp = URIRef(SAMPLE_ID + "action-1-task-1-resp-3")
    collective = URIRef(ORG_ID + "guangzhou-all-district-governments")
    assert (resp, PK.unit, collective) in closure
    assert (task_1, PK.responsibleUnit, collective) in closure  # also by the chain
    assert (task_1, PK.inAction, URIRef(SAMPLE_ID + "action-1")) in closure
    assert (task_1, PK.partOf, URIRef(SAMPLE_ID + "action-1")) in closure
    hkust = URIRef(INST_ID + "hkust-guangzhou")
    assert (hkust, PK.containedInPlace, URIRef(PLACE_ID + "guangzhou")) in closure
    assert (hkust, PK.containedInPlace, URIRef(PLACE_ID + "greater-bay-area")) in closure
    science_city = URIRef(PLACE_ID + "guangzhou-nansha-science-city")
    assert (science_city, RDF.type, URIRef("https://schema.org/Place")) in closure
    ev = URIRef(SAMPLE_ID + "ev-task-1-place-1")
    assert (ev, RDF.type, NIF.String) in closure
    assert (
        task_1,
        URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"),
        URIRef(SAMPLE_ID + "ev-task-1"),
    ) in closure
    short = Literal("市科技局", lang="zh-Hant")
    assert (URIRef(ORG_ID + "guangzhou-science-technology-bureau"), SKOS.altLabel, short) in closure


def test_disjointness_makes_a_confused_node_inconsistent(ontology):
    graph = Graph() + ontology
    node = URIRef(SAMPLE_ID + "confused")
    graph.add((node, RDF.type, PK.Task))
    graph.add((node, RDF.type, PK.District))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    assert list(graph.subjects(RDF.type, ERRNS.ErrorMessage)) != []


# --- SHACL --------------------------------------------------------------------


def validate(data: Graph, shapes: Graph):
    conforms, report, text = pyshacl.validate(data, shacl_graph=shapes)
    return conforms, report, text


def results(report: Graph) -> list[tuple[URIRef, list[Literal]]]:
    """(focus node, messages) of each validation result.  pySHACL keeps the language tags
    of fixed messages but drops them from SPARQL messages after filling in {?var}."""
    sh = "http://www.w3.org/ns/shacl#"
    return [
        (
            report.value(r, URIRef(sh + "focusNode")),
            list(report.objects(r, URIRef(sh + "resultMessage"))),
        )
        for r in report.subjects(RDF.type, URIRef(sh + "ValidationResult"))
    ]


def messages(report: Graph) -> str:
    return "\n".join(str(m) for _, ms in results(report) for m in ms)


def test_sample_conforms(shapes):
    conforms, _, text = validate(parse(SAMPLE), shapes)
    assert conforms, text


def test_reference_data_conforms(shapes, reference):
    conforms, _, text = validate(reference, shapes)
    assert conforms, text


def test_broken_copy_fails_with_readable_messages(shapes):
    conforms, report, text = validate(parse(BROKEN), shapes)
    assert not conforms
    found = results(report)
    focus = sorted(str(f).removeprefix(SAMPLE_ID) for f, _ in found)
    assert focus == ["action-1-target-1", "action-1-task-2", "ev-task-2"], text
    for _, ms in found:
        assert {m.language for m in ms} == {"en", "zh-Hant", "zh-Hans"}
    text_en = " ".join(str(m) for _, ms in found for m in ms if m.language == "en")
    assert "year" in text_en and "no responsible unit" in text_en and "beginIndex" in text_en


def test_evidence_beyond_the_text_or_misquoted_fails(shapes):
    ev = URIRef(SAMPLE_ID + "ev-task-2")
    data = parse(SAMPLE)
    data.set((ev, NIF.endIndex, Literal(500)))
    conforms, report, text = validate(data, shapes)
    assert not conforms
    assert "Evidence ends at 500, beyond the end of its context's text (133 characters)" in (
        messages(report)
    ), text
    assert "原文依據的終點 500 超出上下文全文長度(133 個字元)" in messages(report)

    data = parse(SAMPLE)
    data.set((ev, NIF.anchorOf, Literal("強化基礎研究", lang="zh-Hant")))
    conforms, report, text = validate(data, shapes)
    assert not conforms
    assert "quotes 強化基礎研究, but its context has 強化基礎研究和應用基礎研究" in messages(
        report
    ), text


def test_a_target_with_a_bad_unit_or_range_fails(shapes):
    target = URIRef(SAMPLE_ID + "action-1-target-1")
    data = parse(SAMPLE)
    data.set((target, PK.unitOfMeasure, URIRef("http://qudt.org/vocab/unit/NUM")))
    data.add((target, PK.valueMax, Literal("2", datatype=namespace.XSD.decimal)))
    conforms, report, _ = validate(data, shapes)
    assert not conforms
    text = messages(report)
    assert "unit of measure" in text and "not above its upper value" in text


def test_an_at_most_target_conforms_and_a_doubled_indicator_label_fails(shapes):
    target = URIRef(SAMPLE_ID + "action-1-target-1")
    data = parse(SAMPLE)
    data.set((target, PK.comparator, PK.le))  # 以內, 以下
    assert validate(data, shapes)[0]
    indicator = data.value(target, PK.indicator)
    for spelling in ("國家大科學裝置", "國家大科學裝臵"):  # the seed writes both
        data.add((indicator, RDFS.label, Literal(spelling, lang="zh-Hant")))
    conforms, report, _ = validate(data, shapes)
    assert not conforms
    assert "at most one label per language" in messages(report)


def test_a_unit_without_chinese_label_fails(shapes):
    data = Graph()
    unit = URIRef(ORG_ID + "nameless")
    data.add((unit, RDF.type, PK.MunicipalAgency))
    data.add((unit, SKOS.prefLabel, Literal("Nameless Bureau", lang="en")))
    assert not validate(data, shapes)[0]
    data.add((unit, SKOS.prefLabel, Literal("無名局", lang="zh-Hant")))
    assert validate(data, shapes)[0]


# --- reference data -----------------------------------------------------------


def entities(reference: Graph, prefix: str) -> set[URIRef]:
    return {s for s in reference.subjects(SKOS.prefLabel, None) if str(s).startswith(prefix)}


def test_every_reference_entity_has_one_preflabel_per_script(reference):
    problems = []
    for s in sorted(set(reference.subjects(SKOS.prefLabel, None))):
        counts = langs(reference, s, SKOS.prefLabel)
        problems += [f"{s} @{lang}: {counts[lang]}" for lang in SCRIPTS if counts[lang] != 1]
    assert problems == []


def test_reference_iris_and_types(reference):
    orgs, places, insts = (entities(reference, p) for p in (ORG_ID, PLACE_ID, INST_ID))
    assert orgs and places and insts
    assert len(orgs | places | insts) == len(set(reference.subjects(SKOS.prefLabel, None)))
    unit_types = {
        PK.Unit,
        PK.MunicipalGovernment,
        PK.MunicipalAgency,
        PK.DistrictGovernment,
        PK.PartyOrgan,
        PK.CollectiveUnit,
        PK.NationalGovernment,
        PK.NationalAgency,
        PK.ProvincialGovernment,
        PK.ProvincialAgency,
    }
    place_types = {PK.City, PK.District, PK.Zone, PK.Region, PK.Province, PK.Country}
    for group, allowed in ((orgs, unit_types), (places, place_types), (insts, {PK.Institution})):
        for s in group:
            assert set(reference.objects(s, RDF.type)) <= allowed and set(
                reference.objects(s, RDF.type)
            ), s
            slug = str(s).rsplit("/", 1)[1]
            assert slug.isascii() and slug == slug.lower() and " " not in slug, s


def test_links_point_to_defined_entities(reference):
    defined = set(reference.subjects(SKOS.prefLabel, None))
    for p in (
        PK.containedInPlace,
        PK.jurisdiction,
        PK.hasMember,
        URIRef("http://www.w3.org/ns/org#subOrganizationOf"),
    ):
        dangling = {o for o in reference.objects(None, p) if o not in defined}
        assert dangling == set(), p


def years(reference: Graph, unit) -> range:
    """The years a unit is valid in: pk:validFrom ≤ year < pk:validUntil."""
    start, end = reference.value(unit, PK.validFrom), reference.value(unit, PK.validUntil)
    return range(int(str(start)) if start else 1949, int(str(end)) if end else 2100)


def test_labels_are_unambiguous(reference):
    """A label names one place or institution only, and one unit per jurisdiction and
    year (the same 市科技局 names Guangzhou's bureau before 2010 and again since 2019);
    no label is both preferred and alternative (SKOS S13), so the recogniser never has
    to guess."""
    owners = collections.defaultdict(set)
    for p in LABELS:
        for s, o in reference.subject_objects(p):
            owners[(str(o), o.language)].add(s)
    clashes = {}
    for label, found in owners.items():
        units = {s for s in found if reference.value(s, PK.jurisdiction) is not None}
        others = found - units
        if len(others) > 1 or (others and units):
            clashes[label] = found
        for a, b in itertools.combinations(sorted(units), 2):
            if reference.value(a, PK.jurisdiction) == reference.value(b, PK.jurisdiction) and (
                    set(years(reference, a)) & set(years(reference, b))):
                clashes[label] = found
    assert clashes == {}
    for s in set(reference.subjects(SKOS.prefLabel, None)):
        pref = set(reference.objects(s, SKOS.prefLabel))
        other = {o for p in LABELS[1:] for o in reference.objects(s, p)}
        assert pref & other == set(), s


def test_district_governments_and_the_collective(reference):
    """Guangzhou's eleven district governments of today (those ended in 2014 carry
    pk:validUntil) and the collective that stands for them."""
    guangzhou = URIRef(PLACE_ID + "guangzhou")
    governments = {g for g in reference.subjects(RDF.type, PK.DistrictGovernment)
                   if reference.value(reference.value(g, PK.jurisdiction), PK.containedInPlace)
                   == guangzhou and reference.value(g, PK.validUntil) is None}
    districts = {reference.value(g, PK.jurisdiction) for g in governments}
    assert len(districts) == len(governments) == 11
    collective = URIRef(ORG_ID + "guangzhou-all-district-governments")
    assert set(reference.objects(collective, PK.hasMember)) == governments
    assert {str(s) for s in reference.objects(collective, PK.shortName)} == {"各區政府", "各区政府"}
    assert str(reference.value(collective, SKOS.prefLabel, any=True)) in {
        "廣州市各區人民政府",
        "广州市各区人民政府",
        "All district governments of Guangzhou",
    }
    for g in governments:
        short = {str(o) for o in reference.objects(g, PK.shortName)}
        district_short = {
            str(o) for o in reference.objects(reference.value(g, PK.jurisdiction), PK.shortName)
        }
        assert {d + "政府" for d in district_short} == short, g


def seed_units() -> list[str]:
    lines = SEED_UNITS.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_seed_units_fixture_is_read_from_the_seed():
    text = seed_document().read_text(encoding="utf-8")
    names = seed_units()
    assert len(names) == len(set(names)) == 27
    for name in names:
        written = name[: -len("政府")] if name.endswith("區政府") and name not in text else name
        assert written in text, name


@pytest.mark.parametrize("name", seed_units())
def test_seed_unit_resolves_to_exactly_one_unit(reference, name):
    """Of the units of Guangzhou and its districts valid in 2019, the seed's year, one
    bears each name the seed writes, in both scripts, with or without 市."""
    guangzhou = URIRef(PLACE_ID + "guangzhou")

    def resolve(label: str) -> set[URIRef]:
        return {
            s
            for p in LABELS
            for lang in ("zh-Hant", "zh-Hans")
            for s in reference.subjects(p, Literal(label, lang=lang))
            if 2019 in years(reference, s) and guangzhou in {
                reference.value(s, PK.jurisdiction),
                reference.value(reference.value(s, PK.jurisdiction), PK.containedInPlace)}
        }

    found = resolve(name)
    assert len(found) == 1, (name, found)
    (unit,) = found
    assert str(unit).startswith(ORG_ID)
    if not name.startswith(("市", "各", "區")) and not name.endswith("區政府"):
        assert resolve("市" + name) == found, "市 + bare name resolves elsewhere"
    simplified = opencc.OpenCC("t2s").convert(name)
    assert resolve(simplified) == found, simplified


def test_header_organisations_resolve(reference):
    for label, slug, year in (
        ("中共廣州市委", "cpc-guangzhou-municipal-committee", 2019),
        ("廣州市人民政府", "guangzhou-municipal-government", 2019),
        ("廣州市科學技術局", "guangzhou-science-technology-bureau", 2019),
        ("市科技創新委", "guangzhou-science-technology-bureau", 2019),
        ("市科技創新委", "guangzhou-science-technology-innovation-commission", 2017),
        ("華南師范大學", "south-china-normal-university", 2019),
    ):
        owners = {s for p in LABELS for s in reference.subjects(p, Literal(label, lang="zh-Hant"))
                  if year in years(reference, s)}
        assert {str(s).rsplit("/", 1)[1] for s in owners} == {slug}, label


@pytest.mark.parametrize("path", [*ontology_files(), shapes_file()], ids=lambda p: p.name)
def test_the_fast_parse_gives_rdflibs_terms(path):
    """kg.dataset parses with Oxigraph: the same triples as rdflib's parser, each term
    written the same (language tags in their case, plain strings without xsd:string)."""
    from rdflib.compare import isomorphic

    from kg.turtle import parse_turtle

    ours, theirs = Graph(), Graph().parse(path, format="turtle")
    ours.addN((*t, ours) for t in parse_turtle(path))
    assert isomorphic(ours, theirs)

    def written(graph):
        return {tuple(term.n3() for term in t) for t in graph
                if not any(isinstance(term, BNode) for term in t)}

    assert written(ours) == written(theirs)
