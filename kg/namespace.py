"""Foundation: the ontology's terms as closed rdflib namespaces.

PK mirrors ontology/policy.ttl term for term (tests/test_ontology.py checks both ways):
a typo such as ``PK.leadUnitt`` fails at import, not as a silent new IRI.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

BASE = "https://w3id.org/policykg/"
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
UOM = Namespace(BASE + "uom/")

ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
OA = Namespace("http://www.w3.org/ns/oa#")
QUDT_UNIT = Namespace("http://qudt.org/vocab/unit/")


class PK(DefinedNamespace):
    """policy-kg ontology: https://w3id.org/policykg/ontology#"""

    _fail = True
    _NS = Namespace(BASE + "ontology#")

    # classes: the document and its structure
    PolicyDocument: URIRef
    Part: URIRef
    Section: URIRef
    Action: URIRef
    Task: URIRef
    Goal: URIRef
    Target: URIRef
    Indicator: URIRef
    Responsibility: URIRef
    Evidence: URIRef
    Mention: URIRef
    # classes: organisations
    Unit: URIRef
    MunicipalGovernment: URIRef
    MunicipalAgency: URIRef
    DistrictGovernment: URIRef
    PartyOrgan: URIRef
    CollectiveUnit: URIRef
    NationalGovernment: URIRef
    NationalAgency: URIRef
    ProvincialGovernment: URIRef
    ProvincialAgency: URIRef
    Institution: URIRef
    # classes: places
    Place: URIRef
    City: URIRef
    District: URIRef
    Zone: URIRef
    Region: URIRef
    Province: URIRef
    Country: URIRef
    # classes: controlled vocabularies (SKOS concepts)
    Role: URIRef
    Comparator: URIRef
    UnitOfMeasure: URIRef
    TargetKind: URIRef
    Change: URIRef
    Recurrence: URIRef

    # structure
    hasPart: URIRef
    partOf: URIRef
    inDocument: URIRef
    hasAction: URIRef
    hasTask: URIRef
    inAction: URIRef
    hasGoal: URIRef
    hasTarget: URIRef
    ordinal: URIRef
    numbering: URIRef
    heading: URIRef
    unassigned: URIRef
    # the document
    issuer: URIRef
    addressee: URIRef
    approvedBy: URIRef
    periodStart: URIRef
    periodEnd: URIRef
    SourceFile: URIRef
    sha256: URIRef
    # responsibilities
    responsibility: URIRef
    unit: URIRef
    rank: URIRef
    role: URIRef
    asWritten: URIRef
    responsibleUnit: URIRef
    leadUnit: URIRef
    supportingUnit: URIRef
    responsibleFor: URIRef
    involvesUnit: URIRef
    involvedIn: URIRef
    hasMember: URIRef
    jurisdiction: URIRef
    memberOf: URIRef
    unresolved: URIRef
    shortName: URIRef
    formerName: URIRef
    validFrom: URIRef
    validUntil: URIRef
    currentSuccessor: URIRef
    # targets
    indicator: URIRef
    value: URIRef
    valueMax: URIRef
    unitOfMeasure: URIRef
    year: URIRef
    comparator: URIRef
    aspirational: URIRef
    targetKind: URIRef
    change: URIRef
    recurrence: URIRef
    dueDate: URIRef
    # places and institutions
    containedInPlace: URIRef
    mentionsPlace: URIRef
    mentionsInstitution: URIRef
    documentNumberPrefix: URIRef
    # evidence
    evidence: URIRef
    line: URIRef
    column: URIRef
    mentionIn: URIRef
    forProperty: URIRef

    # SKOS concepts (individuals)
    lead: URIRef
    support: URIRef
    responsible: URIRef
    eq: URIRef
    gt: URIRef
    ge: URIRef
    le: URIRef
    approx: URIRef
    overall: URIRef
    milestone: URIRef
    roles: URIRef
    comparators: URIRef
    targetKinds: URIRef
    unitsOfMeasure: URIRef
    increase: URIRef
    decrease: URIRef
    multiple: URIRef
    changes: URIRef
    yearly: URIRef
    continuous: URIRef
    recurrences: URIRef
