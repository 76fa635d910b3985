// ISCO-08: the compiled-in occupation groups, lookups, paths and nearness.
#include <set>

#include "helpers.hpp"

#include "omilcrm/isco.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;

TEST_CASE("ISCO-08 has 10 major, 43 sub-major, 130 minor and 436 unit groups", "[isco]") {
    int per_level[5] = {0, 0, 0, 0, 0};
    for (const auto& o : isco::all()) {
        REQUIRE(o.level >= 1);
        REQUIRE(o.level <= 4);
        ++per_level[o.level];
    }
    CHECK(per_level[1] == 10);
    CHECK(per_level[2] == 43);
    CHECK(per_level[3] == 130);
    CHECK(per_level[4] == 436);
    CHECK(isco::all().size() == 619u);
}

TEST_CASE("ISCO-08 groups are in code order, unique, and each one's parent exists", "[isco]") {
    std::set<std::string> seen;
    std::string previous;
    for (const auto& o : isco::all()) {
        INFO(o.code << " " << o.label);
        CHECK(o.code.size() == static_cast<std::size_t>(o.level));
        CHECK(o.code > previous);
        CHECK_FALSE(o.label.empty());
        CHECK(seen.insert(o.code).second);
        if (o.level > 1) CHECK(seen.count(o.code.substr(0, o.code.size() - 1)) == 1u);
        previous = o.code;
    }
}

TEST_CASE("isco::find returns the group with that code at any level", "[isco]") {
    const Occupation* o = isco::find("9333");
    REQUIRE(o != nullptr);
    CHECK(o->code == "9333");
    CHECK(o->level == 4);
    CHECK(o->label == "Freight handlers");
    REQUIRE(isco::find("933") != nullptr);
    CHECK(isco::find("933")->label == "Transport and storage labourers");
    CHECK(isco::find("9")->level == 1);
    CHECK(isco::find(" 8344 ") == isco::find("8344"));  // surrounding spaces ignored
    CHECK(isco::find("0110")->label == "Commissioned armed forces officers");
    for (const char* bad : {"", "9999", "93331", "abc", "10", "933a"}) {
        INFO(bad);
        CHECK(isco::find(bad) == nullptr);
    }
}

TEST_CASE("Labels with commas are read whole from the quoted CSV fields", "[isco]") {
    REQUIRE(isco::find("93") != nullptr);
    CHECK(isco::find("93")->label == "Labourers in mining, construction, manufacturing and transport");
    CHECK(isco::find("9621")->label == "Messengers, package deliverers and luggage porters");
    CHECK(isco::find("03")->label == "Armed forces occupations, other ranks");
}

TEST_CASE("isco::occupation throws naming the field and the value", "[isco]") {
    CHECK(&isco::occupation("9333") == isco::find("9333"));
    CHECK(isco::occupation("93").level == 2);

    auto e = capture<ValidationError>([] { isco::occupation("9999"); });
    CHECK(e.field() == "occupation");
    CHECK(e.value() == "9999");
    CHECK(contains(e.what(), "ISCO-08"));

    e = capture<ValidationError>([] { isco::occupation("12x", "vacancy.occupation"); });
    CHECK(e.field() == "vacancy.occupation");
    CHECK(e.value() == "12x");
}

TEST_CASE("isco::occupation with unit_only accepts only 4-digit unit groups", "[isco]") {
    CHECK(isco::occupation("9333", "occupation", true).label == "Freight handlers");
    auto e = capture<ValidationError>([] { isco::occupation("933", "experience[0].occupation", true); });
    CHECK(e.field() == "experience[0].occupation");
    CHECK(e.value() == "933");
    CHECK(contains(e.what(), "unit group"));
    e = capture<ValidationError>([] { isco::occupation("0000", "occupation", true); });
    CHECK(e.value() == "0000");
}

TEST_CASE("isco::path goes from the major group down to the code", "[isco]") {
    const auto p = isco::path("9333");
    REQUIRE(p.size() == 4u);
    CHECK(p[0]->code == "9");
    CHECK(p[0]->label == "Elementary occupations");
    CHECK(p[1]->code == "93");
    CHECK(p[2]->code == "933");
    CHECK(p[3]->code == "9333");
    CHECK(p[3]->label == "Freight handlers");
    const auto q = isco::path("51");
    REQUIRE(q.size() == 2u);
    CHECK(q[0]->code == "5");
    CHECK(q[1]->code == "51");
    auto e = capture<ValidationError>([] { isco::path("9939"); });
    CHECK(e.field() == "occupation");
    CHECK(e.value() == "9939");
}

TEST_CASE("isco::shared_levels counts the leading levels two codes share", "[isco]") {
    CHECK(isco::shared_levels("9333", "9333") == 4);
    CHECK(isco::shared_levels("9333", "9334") == 3);  // minor group 933
    CHECK(isco::shared_levels("9333", "9321") == 2);  // sub-major group 93
    CHECK(isco::shared_levels("9333", "9621") == 1);  // major group 9
    CHECK(isco::shared_levels("9333", "8344") == 0);
    CHECK(isco::shared_levels("933", "9333") == 3);  // a shorter code counts up to its length
    CHECK(isco::shared_levels("9", "9333") == 1);
    CHECK(isco::shared_levels("", "9333") == 0);
    CHECK(isco::shared_levels("ab", "ab") == 0);        // only digits count
    CHECK(isco::shared_levels("93331", "93332") == 4);  // at most 4 levels
}

TEST_CASE("every ISCO-08 group has its Spanish CIUO-08 title", "[isco]") {
    for (const auto& o : isco::all()) {
        INFO(o.code);
        CHECK_FALSE(o.label_es.empty());
    }
    CHECK(isco::find("9333")->label_es == "Peones de carga");
    CHECK(isco::find("2512")->label_es == "Desarrolladores de software");
    CHECK(isco::find("9")->label_es == "Ocupaciones elementales");
    // Titles with commas are read whole.
    CHECK(isco::find("8322")->label_es == "Conductores de automóviles, taxis y camionetas");
}
