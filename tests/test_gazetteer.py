"""The gazetteer resolves a unit's name as the document means it: by the document's
jurisdiction (a Shenzhen plan's 市科技局 is never Guangzhou's) and year (a 2012 plan's
市科信局 is the bureau of 2012, which leads to today's). Real reference data, no mocks."""

from __future__ import annotations

import time

import pytest
from rdflib import URIRef

from kg.gazetteer import Jurisdiction, default_gazetteer
from kg.namespace import ID, PK

ORG, PLACE = ID["org/"], ID["place/"]
GUANGZHOU, HAIZHU, SHENZHEN = PLACE + "guangzhou", PLACE + "guangzhou-haizhu-district", (
    PLACE + "shenzhen")
NANSHAN_SZ, GUANGDONG, CHINA = PLACE + "shenzhen-nanshan-district", (
    PLACE + "guangdong-province"), PLACE + "china"
HANGZHOU = Jurisdiction("杭州市", None, "city")


def org(slug: str) -> URIRef:
    return URIRef(ORG + slug)


@pytest.fixture(scope="module")
def gaz():
    return default_gazetteer()


def resolved(gaz, name, within, year=None):
    entry = gaz.lookup(name, "unit", within=within, year=year)
    return entry and str(entry.iri).removeprefix(ORG)


# --- jurisdiction ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["市科技局", "科技局", " 市科技局 "])
def test_a_generic_name_resolves_only_inside_its_jurisdiction(gaz, name):
    assert resolved(gaz, name, GUANGZHOU) == "guangzhou-science-technology-bureau"
    assert resolved(gaz, name, HAIZHU) == "guangzhou-science-technology-bureau"
    assert resolved(gaz, name, SHENZHEN) is None
    assert resolved(gaz, name, NANSHAN_SZ) is None
    assert resolved(gaz, name, None) is None
    assert resolved(gaz, name, HANGZHOU) is None
    assert resolved(gaz, name, GUANGDONG) is None  # a provincial plan's 市科技局: which city?
    assert resolved(gaz, name, CHINA) is None


def test_a_jurisdiction_object_works_like_its_place(gaz):
    haizhu = gaz.jurisdiction_of(title="海珠區科技創新三年行動方案")
    assert haizhu == Jurisdiction("廣州市海珠區", HAIZHU, "district")
    assert resolved(gaz, "市發展改革委", haizhu) == "guangzhou-development-reform-commission"
    shenzhen = gaz.jurisdiction_of(title="深圳市建設科技創新強市行動計劃")
    assert resolved(gaz, "市發展改革委", shenzhen) is None


def test_simplified_names_resolve_alike(gaz):
    assert resolved(gaz, "市发展改革委", GUANGZHOU) == "guangzhou-development-reform-commission"
    assert resolved(gaz, "市发展改革委", SHENZHEN) is None
    assert resolved(gaz, "广州市科学技术局", SHENZHEN) == "guangzhou-science-technology-bureau"


@pytest.mark.parametrize("within", [GUANGZHOU, HAIZHU, SHENZHEN, GUANGDONG, CHINA, None, HANGZHOU])
def test_qualified_names_resolve_everywhere(gaz, within):
    assert resolved(gaz, "廣州市科學技術局", within) == "guangzhou-science-technology-bureau"
    assert resolved(gaz, "海珠區政府", within) == "guangzhou-haizhu-district-government"
    assert resolved(gaz, "廣東省科學技術廳", within) == "guangdong-science-technology-department"
    assert resolved(gaz, "南山區政府", within) == "shenzhen-nanshan-district-government"


def test_provincial_names_resolve_in_the_province_and_below(gaz):
    for within in (GUANGDONG, GUANGZHOU, HAIZHU, SHENZHEN):
        assert resolved(gaz, "省科技廳", within) == "guangdong-science-technology-department"
        assert resolved(gaz, "省工業和信息化廳", within) == (
            "guangdong-industry-information-technology-department")
    for within in (None, CHINA, HANGZHOU):
        assert resolved(gaz, "省科技廳", within) is None


def test_a_national_body_in_a_municipal_plan(gaz):
    for within in (GUANGZHOU, HAIZHU, SHENZHEN, CHINA, None, HANGZHOU):
        assert resolved(gaz, "科技部", within) == "china-ministry-of-science-technology"
        assert resolved(gaz, "國家發展改革委", within) == (
            "china-national-development-reform-commission")
        assert resolved(gaz, "工业和信息化部", within) == (
            "china-ministry-of-industry-information-technology")
        assert resolved(gaz, "市場監管總局", within) == (
            "china-state-administration-for-market-regulation")


def test_a_bare_name_a_city_bears_too_names_the_nation_only_in_national_plans(gaz):
    """統計局 and 發展改革委 are Guangzhou's in a Guangzhou plan, the nation's in a State
    Council document, and nobody's known in a Shenzhen plan."""
    for name, city, nation in (
        ("發展改革委", "guangzhou-development-reform-commission",
         "china-national-development-reform-commission"),
        ("統計局", "guangzhou-statistics-bureau", "china-national-bureau-of-statistics"),
        ("國資委", "guangzhou-sasac", "china-sasac"),
    ):
        assert resolved(gaz, name, GUANGZHOU) == city
        assert resolved(gaz, name, HAIZHU) == city
        assert resolved(gaz, name, CHINA) == nation
        assert resolved(gaz, name, SHENZHEN) is None
        assert resolved(gaz, name, None) is None


def test_without_within_the_old_behaviour_stays(gaz):
    """Callers that pass no jurisdiction resolve as a Guangzhou document of today."""
    assert gaz.lookup("市科技局", "unit").iri == org("guangzhou-science-technology-bureau")
    assert gaz.lookup("市科技創新委", "unit").iri == org("guangzhou-science-technology-bureau")
    assert gaz.lookup("各區政府", "unit").iri == org("guangzhou-all-district-governments")
    assert gaz.lookup("科技部", "unit").iri == org("china-ministry-of-science-technology")
    assert gaz.lookup("南沙科學城", "place").iri == URIRef(
        PLACE + "guangzhou-nansha-science-city")
    assert gaz.lookup("市科技局", "place") is None


def test_places_and_institutions_ignore_jurisdiction(gaz):
    for within in (GUANGZHOU, SHENZHEN, None):
        assert gaz.lookup("中山大學", "institution", within=within) is not None
        assert gaz.lookup("南沙區", "place", within=within) is not None


# --- time --------------------------------------------------------------------------


def test_a_2012_name_resolves_to_the_2012_agency_and_leads_to_todays(gaz):
    entry = gaz.lookup("市科技和信息化局", "unit", within=GUANGZHOU, year=2012)
    assert entry.iri == org("guangzhou-science-technology-information-bureau")
    assert (entry.valid_from, entry.valid_until, entry.current) == (2009, 2015, False)
    assert entry.jurisdiction == GUANGZHOU
    assert set(entry.today) == {org("guangzhou-science-technology-bureau"),
                                org("guangzhou-industry-information-technology-bureau"),
                                org("guangzhou-government-service-data-administration")}
    assert resolved(gaz, "市科信局", HAIZHU, 2012) == (
        "guangzhou-science-technology-information-bureau")
    assert resolved(gaz, "市科信局", SHENZHEN, 2012) is None


def test_the_year_picks_among_units_that_bore_a_name(gaz):
    assert resolved(gaz, "市科技局", GUANGZHOU, 2008) == (
        "guangzhou-science-technology-bureau-to-2009")
    assert resolved(gaz, "市科技局", GUANGZHOU, 2019) == "guangzhou-science-technology-bureau"
    assert resolved(gaz, "市科技局", GUANGZHOU) == "guangzhou-science-technology-bureau"
    # the commission of 2015-2019, renamed: today's bureau keeps its name as a former name
    assert resolved(gaz, "市科技創新委", GUANGZHOU, 2017) == (
        "guangzhou-science-technology-innovation-commission")
    assert resolved(gaz, "市科技創新委", GUANGZHOU, 2019) == "guangzhou-science-technology-bureau"
    assert resolved(gaz, "市科技創新委", GUANGZHOU) == "guangzhou-science-technology-bureau"
    old = gaz.lookup("市科技局", "unit", within=GUANGZHOU, year=2008)
    assert old.today == (org("guangzhou-science-technology-bureau"),)


@pytest.mark.parametrize(("name", "year", "then", "today"), [
    ("市經貿委", 2012, "economy-trade-commission",
     {"industry-information-technology-bureau", "commerce-bureau"}),
    ("市工业和信息化委", 2017, "industry-information-technology-commission",
     {"industry-information-technology-bureau"}),
    ("市外經貿局", 2012, "foreign-trade-economic-cooperation-bureau", {"commerce-bureau"}),
    ("市國土房管局", 2013, "land-resources-housing-bureau",
     {"planning-natural-resources-bureau", "housing-urban-rural-development-bureau"}),
    ("市國土規劃委", 2017, "land-resources-planning-commission",
     {"planning-natural-resources-bureau"}),
    ("市環保局", 2016, "environmental-protection-bureau", {"ecology-environment-bureau"}),
    ("市衛生局", 2012, "health-bureau", {"health-commission"}),
    ("市衛生計生委", 2017, "health-family-planning-commission", {"health-commission"}),
    ("市食品藥品監管局", 2016, "food-drug-administration", {"market-regulation-bureau"}),
    ("市工商局", 2016, "administration-for-industry-commerce", {"market-regulation-bureau"}),
    ("市質監局", 2016, "quality-technical-supervision-bureau", {"market-regulation-bureau"}),
    ("市金融局", 2017, "financial-work-bureau", {"local-financial-supervision-bureau"}),
    ("市農業局", 2016, "agriculture-bureau", {"agriculture-rural-affairs-bureau"}),
    ("市文廣新局", 2016, "culture-radio-tv-press-publication-bureau",
     {"culture-radio-tv-tourism-bureau"}),
    ("市城管委", 2016, "urban-management-commission", {"urban-management-law-enforcement-bureau"}),
    ("市人事局", 2008, "personnel-bureau", {"human-resources-social-security-bureau"}),
    ("市國稅局", 2016, "national-tax-bureau", {"tax-service"}),
])
def test_guangzhou_names_of_earlier_reforms(gaz, name, year, then, today):
    entry = gaz.lookup(name, "unit", within=HAIZHU, year=year)
    assert entry.iri == org("guangzhou-" + then)
    assert set(entry.today) == {org("guangzhou-" + t) for t in today}
    assert all(gaz.entry(t).current for t in entry.today)
    assert gaz.lookup(name, "unit", within=SHENZHEN, year=year) is None


@pytest.mark.parametrize(("variants", "slug"), [
    (("市人力資源和社會保障局", "市人力資源社會保障局", "市人社局", "人力资源社会保障局"),
     "guangzhou-human-resources-social-security-bureau"),
    (("市發展改革委", "市發改委", "發展改革委", "发改委"),
     "guangzhou-development-reform-commission"),
    (("市工業和信息化局", "市工信局", "工信局", "工业和信息化局"),
     "guangzhou-industry-information-technology-bureau"),
])
def test_write_variants_are_aliases(gaz, variants, slug):
    for name in variants:
        assert resolved(gaz, name, GUANGZHOU, 2020) == slug, name


def test_a_name_out_of_its_years_still_resolves_to_the_nearest(gaz):
    """A plan of 2019 may still write the name a reform of that year ended."""
    assert resolved(gaz, "國土資源部", CHINA, 2020) == "china-ministry-of-land-resources"
    entry = gaz.lookup("國土資源部", "unit", within=None)
    assert entry.today == (org("china-ministry-of-natural-resources"),)
    assert resolved(gaz, "銀保監會", CHINA, 2016) == "china-banking-insurance-regulatory-commission"
    merged = gaz.lookup("質檢總局", "unit", within=GUANGZHOU, year=2016)
    assert set(merged.today) == {org("china-state-administration-for-market-regulation"),
                                 org("china-national-medical-products-administration")}


def test_entries_of_today_lead_to_themselves(gaz):
    entry = gaz.lookup("市科技局", "unit", within=GUANGZHOU, year=2020)
    assert entry.current and entry.successors == () and entry.today == (entry.iri,)
    assert gaz.entry(entry.iri) == entry
    assert gaz.entry(URIRef(ORG + "no-such-unit")) is None


# --- a document's jurisdiction -------------------------------------------------------


@pytest.mark.parametrize(("evidence", "expected"), [
    ({"issuer": "廣州市科學技術局"}, Jurisdiction("廣州市", GUANGZHOU, "city")),
    ({"issuer": "广州市科学技术局"}, Jurisdiction("广州市", GUANGZHOU, "city")),
    ({"issuer": "廣州市海珠區人民政府"}, Jurisdiction("廣州市海珠區", HAIZHU, "district")),
    ({"issuer": "廣東省科學技術廳"}, Jurisdiction("廣東省", GUANGDONG, "province")),
    ({"issuer": "國務院辦公廳"}, Jurisdiction("中華人民共和國", CHINA, "country")),
    ({"issuer": "國家數據局"}, Jurisdiction("中華人民共和國", CHINA, "country")),
    ({"issuer": "中共廣州市委 廣州市人民政府"}, Jurisdiction("廣州市", GUANGZHOU, "city")),
    ({"issuer": "杭州市科學技術局"}, Jurisdiction("杭州市", None, "city")),
    ({"number": "穗科字〔2019〕316號"}, Jurisdiction("廣州市", GUANGZHOU, "city")),
    ({"number": "穗府办规〔2021〕12号"}, Jurisdiction("广州市", GUANGZHOU, "city")),
    ({"number": "深府〔2020〕1號"}, Jurisdiction("深圳市", SHENZHEN, "city")),
    ({"number": "粵府辦〔2019〕3號"}, Jurisdiction("廣東省", GUANGDONG, "province")),
    ({"number": "国办发〔2019〕3号"}, Jurisdiction("中华人民共和国", CHINA, "country")),
    ({"number": "國發〔2018〕32號"}, Jurisdiction("中華人民共和國", CHINA, "country")),
    ({"title": "廣州市建設科技創新強市三年行動計劃(2019—2021年)"},
     Jurisdiction("廣州市", GUANGZHOU, "city")),
    ({"title": "深圳市南山區科技創新行動方案"},
     Jurisdiction("深圳市南山區", NANSHAN_SZ, "district")),
    ({"title": "海珠區科技創新三年行動方案"}, Jurisdiction("廣州市海珠區", HAIZHU, "district")),
    ({"title": "廣東省培育數字創意產業集群行動計劃"},
     Jurisdiction("廣東省", GUANGDONG, "province")),
    ({"title": "國務院關於印發新一代人工智能發展規劃的通知"},
     Jurisdiction("中華人民共和國", CHINA, "country")),
    ({"title": "杭州市數字經濟行動計劃"}, Jurisdiction("杭州市", None, "city")),
    ({"title": "浙江省数字经济五年倍增计划"}, Jurisdiction("浙江省", None, "province")),
    ({"title": "杭州市西湖區科技創新行動方案"}, Jurisdiction("杭州市西湖區", None, "district")),
    ({"title": "廣東省佛山市順德區實施方案"},
     Jurisdiction("佛山市順德區", None, "district", GUANGDONG)),
    ({"title": "深圳市前海片區實施方案"}, Jurisdiction("深圳市", SHENZHEN, "city")),
    ({"title": "鹽城市行動計劃"}, Jurisdiction("鹽城市", None, "city")),
    ({"title": "智慧城市建設三年行動計劃"}, None),
    ({"title": "產業園區提質增效行動方案"}, None),
    ({"title": "關於印發行動計劃的通知"}, None),
    ({"title": "國家重點實驗室建設方案"}, None),
    ({}, None),
])
def test_jurisdiction_of_a_document(gaz, evidence, expected):
    assert gaz.jurisdiction_of(**evidence) == expected


def test_the_issuer_comes_before_the_number_and_the_title(gaz):
    found = gaz.jurisdiction_of(issuer="國務院", number="穗科字〔2019〕316號",
                                title="廣州市…行動計劃")
    assert found.iri == CHINA
    found = gaz.jurisdiction_of(issuer="某某辦公室", number="穗科字〔2019〕316號",
                                title="深圳市…行動計劃")
    assert found.iri == GUANGZHOU


def test_containment(gaz):
    assert gaz.contains(GUANGZHOU, HAIZHU) and gaz.contains(CHINA, HAIZHU)
    assert gaz.contains(GUANGDONG, SHENZHEN) and not gaz.contains(GUANGZHOU, SHENZHEN)


# --- cost --------------------------------------------------------------------------


def test_lookups_are_dictionary_lookups(gaz):
    names = ["市科技局", "科技部", "省科技廳", "市科信局", "無此單位", "海珠區政府"] * 2000
    start = time.perf_counter()
    for name in names:
        gaz.lookup(name, "unit", within=HAIZHU, year=2012)
    assert time.perf_counter() - start < 2.0  # about 0.1 s here; shared machines vary
    assert default_gazetteer() is gaz


def test_english_names_are_qualified_by_english_place_names(gaz):
    for within in (GUANGZHOU, SHENZHEN, None):
        assert resolved(gaz, "People's Government of Nansha District, Guangzhou", within) == (
            "guangzhou-nansha-district-government")
        assert resolved(gaz, "Guangzhou Municipal Science and Technology Bureau", within) == (
            "guangzhou-science-technology-bureau")


def test_a_bare_bureau_name_of_the_nation_resolves_in_national_plans_only(gaz):
    """能源局 in a Guangdong plan is the province's; in a State Council one, the nation's;
    統計局 in a Guangdong plan is the province's, which the data lacks."""
    assert resolved(gaz, "能源局", CHINA) == "china-national-energy-administration"
    assert resolved(gaz, "能源局", GUANGDONG) == "guangdong-energy-administration"
    assert resolved(gaz, "統計局", GUANGDONG) is None
    assert resolved(gaz, "知識產權局", CHINA) == (
        "china-national-intellectual-property-administration")
    assert resolved(gaz, "知識產權局", GUANGDONG) is None
    assert resolved(gaz, "國家能源局", GUANGDONG) == "china-national-energy-administration"


def test_a_2012_plans_districts_and_collective(gaz):
    entry = gaz.lookup("各區、縣級市政府", "unit", within=GUANGZHOU, year=2012)
    assert entry.iri == org("guangzhou-all-district-county-city-governments")
    assert entry.today == (org("guangzhou-all-district-governments"),)
    members = set(gaz.graph.objects(entry.iri, PK.hasMember))
    assert len(members) == 12 and org("guangzhou-luogang-district-government") in members
    for written in ("各區(縣級市)政府", "各區（縣級市）政府", "各区、县级市"):
        assert resolved(gaz, written, GUANGZHOU, 2012) == (
            "guangzhou-all-district-county-city-governments")
    luogang = gaz.lookup("蘿崗區政府", "unit", within=None, year=2012)
    assert luogang.today == (org("guangzhou-huangpu-district-government"),)
    assert resolved(gaz, "增城市政府", None, 2012) == "guangzhou-zengcheng-city-government"
    assert resolved(gaz, "各區政府", GUANGZHOU, 2020) == "guangzhou-all-district-governments"
    place = gaz.jurisdiction_of(title="蘿崗區推進科技創新實施方案")
    assert place.iri == PLACE + "guangzhou-luogang-district"
    assert resolved(gaz, "市科信局", place, 2012) == (
        "guangzhou-science-technology-information-bureau")


def test_collectives_of_the_province_and_the_nation(gaz):
    assert resolved(gaz, "各地級以上市人民政府", GUANGDONG) == (
        "guangdong-all-prefecture-city-governments")
    assert resolved(gaz, "各地級以上市人民政府", None) is None
    assert resolved(gaz, "各省（自治區、直轄市）人民政府", CHINA) == (
        "china-all-provincial-governments")
    assert resolved(gaz, "各省(自治區、直轄市)人民政府", GUANGZHOU) == (
        "china-all-provincial-governments")


def test_a_place_the_data_lacks_inside_one_it_has(gaz):
    """A 佛山市 plan that says it is of 廣東省 resolves the province's bodies, and no
    city's generic names."""
    foshan = gaz.jurisdiction_of(issuer="廣東省佛山市科學技術局")
    assert foshan == Jurisdiction("佛山市", None, "city", GUANGDONG)
    assert resolved(gaz, "省科技廳", foshan) == "guangdong-science-technology-department"
    assert resolved(gaz, "市科技局", foshan) is None
    assert resolved(gaz, "科技部", foshan) == "china-ministry-of-science-technology"
    hangzhou = gaz.jurisdiction_of(title="杭州市數字經濟行動計劃")
    assert resolved(gaz, "省科技廳", hangzhou) is None
