"""The reference data's history holds together: every unit has a jurisdiction and its
names in both scripts; every unit that no longer exists was ended by a dated change
event and leads to today's units; no two units of one place and year share a name.

Each test names what a user would meet if it failed: a plan's 市科技局 resolving to two
bureaus at once, an old unit with no way to today's, a reform dated on one side only.
"""

from __future__ import annotations

import collections
import itertools

import pyshacl
import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from kg.namespace import ORG, PK
from kg.resources import ontology_files, resource, shapes_file

REFERENCE = sorted(resource("ontology", "reference").glob("*.ttl"))
LABELS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, PK.shortName, PK.formerName)
UNIT_CLASSES = (PK.Unit, PK.MunicipalGovernment, PK.MunicipalAgency, PK.DistrictGovernment,
                PK.PartyOrgan, PK.CollectiveUnit, PK.NationalGovernment, PK.NationalAgency,
                PK.ProvincialGovernment, PK.ProvincialAgency)
LEVELS = (PK.Country, PK.Province, PK.City, PK.District)
CHINA = URIRef("https://w3id.org/policykg/id/place/china")


@pytest.fixture(scope="module")
def ref() -> Graph:
    graph = Graph()
    for path in REFERENCE:
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def units(ref) -> set[URIRef]:
    return {s for c in UNIT_CLASSES for s in ref.subjects(RDF.type, c)}


@pytest.fixture(scope="module")
def events(ref) -> set[URIRef]:
    return set(ref.subjects(RDF.type, ORG.ChangeEvent))


def year(value) -> int | None:
    return int(str(value)[:4]) if value is not None else None


def years(ref: Graph, unit) -> range:
    start, end = year(ref.value(unit, PK.validFrom)), year(ref.value(unit, PK.validUntil))
    return range(start or 1949, end or 2100)


def test_the_reference_data_conforms_to_the_shapes(ref):
    data = Graph()
    for path in ontology_files():
        data.parse(path, format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=Graph().parse(shapes_file()))
    assert conforms, text


def test_every_unit_has_one_jurisdiction_with_a_level(ref, units):
    problems = []
    for unit in sorted(units):
        places = list(ref.objects(unit, PK.jurisdiction))
        if len(places) != 1:
            problems.append(f"{unit}: {len(places)} jurisdictions")
        elif not any((places[0], RDF.type, level) in ref for level in LEVELS):
            problems.append(f"{unit}: {places[0]} is no country, province, city or district")
    assert problems == []


def test_every_unit_has_its_names_in_both_scripts(ref, units):
    problems = []
    for unit in sorted(units):
        for prop in (SKOS.prefLabel, PK.shortName):
            langs = collections.Counter(o.language for o in ref.objects(unit, prop))
            if prop == SKOS.prefLabel and not (langs["zh-Hant"] == langs["zh-Hans"] == 1):
                problems.append(f"{unit}: prefLabel {dict(langs)}")
            if langs["zh-Hant"] != langs["zh-Hans"]:
                problems.append(f"{unit}: {prop} {dict(langs)}")
    assert problems == []


def place_names(ref: Graph, place) -> set[str]:
    return {str(o) for p in LABELS for o in ref.objects(place, p) if len(str(o)) >= 2}


def test_no_two_units_of_one_place_and_year_share_a_generic_name(ref, units):
    """A generic name (one that does not name the unit's place: 市科技局, 省科技廳) must
    name one unit per jurisdiction and year, or a plan's unit list would be ambiguous."""
    owners = collections.defaultdict(set)
    for unit in units:
        place = ref.value(unit, PK.jurisdiction)
        names = place_names(ref, place)
        for prop in LABELS:
            for label in ref.objects(unit, prop):
                if place == CHINA or not any(n in str(label) for n in names):
                    owners[str(label), place].add(unit)
    clashes = {}
    for (label, place), found in owners.items():
        for a, b in itertools.combinations(sorted(found), 2):
            if set(years(ref, a)) & set(years(ref, b)):
                clashes[label, place] = (a, b)
    assert clashes == {}


def test_change_events_are_dated_and_linked_both_ways(ref, events):
    problems = []
    for event in sorted(events):
        date = ref.value(event, DCTERMS.date)
        labels = {o.language for o in ref.objects(event, RDFS.label)}
        if date is None or labels != {"en", "zh-Hant", "zh-Hans"}:
            problems.append(f"{event}: date {date}, labels {labels}")
            continue
        for unit in ref.objects(event, ORG.originalOrganization):
            if (unit, ORG.changedBy, event) not in ref:
                problems.append(f"{unit} lacks org:changedBy {event}")
            if year(ref.value(unit, PK.validUntil)) != year(date):
                problems.append(f"{unit} ended by {event} of {date} is valid until "
                                f"{ref.value(unit, PK.validUntil)}")
        for unit in ref.objects(event, ORG.resultingOrganization):
            if (unit, ORG.resultedFrom, event) not in ref:
                problems.append(f"{unit} lacks org:resultedFrom {event}")
            if year(date) not in years(ref, unit):
                problems.append(f"{unit} made by {event} of {date} is not valid that year")
    for unit, event in ref.subject_objects(ORG.changedBy):
        if (event, ORG.originalOrganization, unit) not in ref:
            problems.append(f"{event} lacks org:originalOrganization {unit}")
    for unit, event in ref.subject_objects(ORG.resultedFrom):
        if (event, ORG.resultingOrganization, unit) not in ref:
            problems.append(f"{event} lacks org:resultingOrganization {unit}")
    assert problems == []


def test_every_ended_unit_leads_to_todays_units(ref, units):
    """pk:currentSuccessor names units of today at the end of the chain of change events:
    all of them, or those that carry on the unit's functions when a later split sent
    others elsewhere (市科技局 of 2009 → 市科信局 → today's 市科技局, not 市工信局)."""

    def today(unit, seen=()) -> set[URIRef]:
        if ref.value(unit, PK.validUntil) is None:
            return {unit}
        found = set()
        for event in ref.objects(unit, ORG.changedBy):
            for result in ref.objects(event, ORG.resultingOrganization):
                if result not in seen:
                    found |= today(result, (*seen, unit))
        return found

    problems = []
    for unit in sorted(units):
        stated = set(ref.objects(unit, PK.currentSuccessor))
        if ref.value(unit, PK.validUntil) is None:
            if stated:
                problems.append(f"{unit} exists today but has successors")
            continue
        if not list(ref.objects(unit, ORG.changedBy)):
            problems.append(f"{unit} ended without a change event")
        if not stated or not stated <= today(unit):
            problems.append(f"{unit}: successors {sorted(stated)}, events lead to "
                            f"{sorted(today(unit))}")
    assert problems == []


def test_places_give_their_document_number_prefixes_in_both_scripts(ref):
    prefixes = collections.defaultdict(set)
    for place, prefix in ref.subject_objects(PK.documentNumberPrefix):
        prefixes[place].add((str(prefix), prefix.language))
    china = prefixes[CHINA]
    assert {("國", "zh-Hant"), ("国", "zh-Hans"), ("國辦", "zh-Hant"), ("国办", "zh-Hans")} <= china
    for place, found in prefixes.items():
        assert {lang for _, lang in found} == {"zh-Hant", "zh-Hans"}, place
    assert Literal("穗", lang="zh-Hant") in set(
        ref.objects(URIRef("https://w3id.org/policykg/id/place/guangzhou"),
                    PK.documentNumberPrefix))
