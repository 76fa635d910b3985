// Territory: the compiled-in CUT codes of Chile's regions, provinces and communes.
#include <set>

#include "helpers.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;

TEST_CASE("Territory has 16 regions, 56 provinces and 346 communes", "[territory]") {
    CHECK(territory::regions().size() == 16u);
    CHECK(territory::provinces().size() == 56u);
    CHECK(territory::communes().size() == 346u);
}

TEST_CASE("Territory codes are unique and nest: commune in province in region", "[territory]") {
    std::set<std::string> region_codes, province_codes, commune_codes;
    for (const auto& r : territory::regions()) {
        CHECK(r.code.size() == 2u);
        CHECK(region_codes.insert(r.code).second);
    }
    for (const auto& p : territory::provinces()) {
        INFO(p.code << " " << p.name);
        CHECK(p.code.size() == 3u);
        CHECK(province_codes.insert(p.code).second);
        CHECK(p.code.substr(0, 2) == p.region_code);
        CHECK(region_codes.count(p.region_code) == 1u);
    }
    for (const auto& c : territory::communes()) {
        INFO(c.code << " " << c.name);
        CHECK(c.code.size() == 5u);
        CHECK(commune_codes.insert(c.code).second);
        CHECK(c.code.rfind(c.province_code, 0) == 0u);  // starts with its province code
        CHECK(c.region_code == c.province_code.substr(0, 2));
        CHECK(province_codes.count(c.province_code) == 1u);
    }
}

TEST_CASE("find_commune by code or by name, ignoring case, accents and spaces", "[territory]") {
    for (const char* key : {"concon", "CONCÓN", "Concón", "05103", " concón ", "Con Con"}) {
        INFO(key);
        const Commune* c = territory::find_commune(key);
        REQUIRE(c != nullptr);
        CHECK(c->code == "05103");
        CHECK(c->name == "Concón");
        CHECK(c->province_code == "051");
        CHECK(c->region_code == "05");
    }
    CHECK(territory::find_commune("Narnia") == nullptr);
    CHECK(territory::find_commune("") == nullptr);
    CHECK(territory::find_commune("99999") == nullptr);
}

TEST_CASE("Los Ángeles is 08301 and keeps its accent", "[territory]") {
    const Commune* c = territory::find_commune("los angeles");
    REQUIRE(c != nullptr);
    CHECK(c->code == "08301");
    CHECK(c->name == "Los Ángeles");
    CHECK(c->province_code == "083");
    CHECK(territory::find_commune("LOS ÁNGELES") == c);
    CHECK(territory::find_commune("08301") == c);
    CHECK(territory::commune("Ñuñoa").code == "13120");
    CHECK(territory::commune("nunoa").name == "Ñuñoa");
    CHECK(territory::commune("Santiago").code == "13101");
}

TEST_CASE("An unknown commune is a ValidationError naming the field and the value", "[territory]") {
    const auto e = capture<ValidationError>([] { territory::commune("Narnia"); });
    CHECK(e.field() == "commune");
    CHECK(e.value() == "Narnia");
    CHECK(contains(e.what(), "Narnia"));
    CHECK(territory::commune("05103").name == "Concón");

    const auto other = capture<ValidationError>([] { territory::commune("Gotham", "office.commune"); });
    CHECK(other.field() == "office.commune");
    CHECK_THROWS_AS(territory::province("Narnia"), ValidationError);
    CHECK_THROWS_AS(territory::region("Narnia"), ValidationError);
}

TEST_CASE("Regions and provinces are found by code, name, abbreviation or ISO code", "[territory]") {
    for (const char* key : {"05", "Región de Valparaíso", "valparaiso", "VALPO", "CL-VS"}) {
        INFO(key);
        const Region* r = territory::find_region(key);
        REQUIRE(r != nullptr);
        CHECK(r->code == "05");
        CHECK(r->short_name == "Valparaíso");
    }
    const Province* p = territory::find_province("Biobío");
    REQUIRE(p != nullptr);
    CHECK(p->code == "083");
    CHECK(p->region_code == "08");
    CHECK(territory::province("081").name == "Concepción");

    // The Biobío region today: provinces of Concepción (12 communes), Arauco (7), Biobío (14).
    std::size_t provinces = 0, communes = 0;
    for (const auto& pr : territory::provinces()) provinces += pr.region_code == "08";
    for (const auto& c : territory::communes()) communes += c.region_code == "08";
    CHECK(provinces == 3u);
    CHECK(communes == 33u);
}

TEST_CASE("territory::fold lower-cases and drops accents, spaces and punctuation", "[territory]") {
    CHECK(territory::fold("Concón") == "concon");
    CHECK(territory::fold("Los Ángeles") == "losangeles");
    CHECK(territory::fold("ÑUÑOA") == "nunoa");
    CHECK(territory::fold("O'Higgins") == "ohiggins");
    CHECK(territory::fold("") == "");
}
