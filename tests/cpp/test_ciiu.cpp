// CIIU4.CL 2012: the shipped classification and its lookups.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "helpers.hpp"
#include "omilcrm/ciiu.hpp"
#include "omilcrm/error.hpp"

using namespace omilcrm;

TEST_CASE("CIIU4.CL 2012 ships whole: 21 sections down to 486 subclasses", "[ciiu]") {
    std::map<int, int> per_level;
    std::set<std::string> sections;
    for (const Activity& a : ciiu::all()) {
        INFO(a.code << " " << a.label);
        ++per_level[a.level];
        CHECK_FALSE(a.label.empty());
        CHECK(a.section.size() == 1);
        if (a.level == 1) sections.insert(a.code);
        // Every code below a section sits under the codes its leading digits name.
        for (std::size_t n = 2; n < a.code.size() && a.level > 1; ++n)
            CHECK(ciiu::find(a.code.substr(0, n)) != nullptr);
    }
    CHECK(per_level == std::map<int, int>{{1, 21}, {2, 89}, {3, 238}, {4, 419}, {5, 486}});
    CHECK(sections.size() == 21);
    CHECK(*sections.begin() == "A");
    CHECK(*sections.rbegin() == "U");
    // Chile's own division: copper.
    REQUIRE(ciiu::find("04"));
    CHECK(ciiu::find("04")->label == "Extracción y procesamiento de cobre");
    CHECK(ciiu::find("04")->section == "B");
}

TEST_CASE("a CIIU4.CL code is found at any level with its section", "[ciiu]") {
    const Activity* freight = ciiu::find("49230");
    REQUIRE(freight);
    CHECK(freight->level == 5);
    CHECK(freight->label == "Transporte de carga por carretera");
    CHECK(freight->section == "H");
    CHECK(ciiu::find(" 4923 ")->level == 4);
    CHECK(ciiu::find("h")->label == "Transporte y almacenamiento");
    CHECK(ciiu::find("") == nullptr);
    CHECK(ciiu::find("49239") == nullptr);
    CHECK(ciiu::find("Z") == nullptr);
    std::vector<std::string> codes;
    for (const Activity* a : ciiu::path("49230")) codes.push_back(a->code);
    CHECK(codes == std::vector<std::string>{"H", "49", "492", "4923", "49230"});
    CHECK(ciiu::path("H").size() == 1);
}

TEST_CASE("an SII activity code reads as its CIIU4.CL subclass or class", "[ciiu]") {
    CHECK(ciiu::activity("492300").code == "49230");  // Transporte de carga por carretera
    CHECK(ciiu::activity("011101").code == "01110");  // Cultivo de trigo -> cereales ...
    CHECK(ciiu::activity("011110").code == "0111");   // semillas de maravilla: class 0111
    CHECK_THROWS_AS(ciiu::activity("999999"), ValidationError);
}

TEST_CASE("an unknown CIIU4.CL code is refused naming the field, the value and what was meant", "[ciiu]") {
    const auto e = omt::capture<ValidationError>([] { (void)ciiu::activity("1110", "activity"); });
    CHECK(e.field() == "activity");
    CHECK(e.value() == "1110");
    CHECK(omt::contains(e.what(), "did you mean 01110"));
    const auto other = omt::capture<ValidationError>([] { (void)ciiu::activity("logística", "activity"); });
    CHECK(omt::contains(other.what(), "no such CIIU4.CL 2012 activity"));
    CHECK_THROWS_AS(ciiu::path("Z9"), ValidationError);
}

TEST_CASE("activities are searched by the words of their labels, accents and case aside", "[ciiu]") {
    const auto found = ciiu::search("TRANSPORTE carga carretera");
    REQUIRE_FALSE(found.empty());
    CHECK(found.front()->code == "49230");  // the deepest first
    bool has_class = false;
    for (const Activity* a : found) has_class = has_class || a->code == "4923";
    CHECK(has_class);
    CHECK(ciiu::search("almacenamiento depósito").front()->code == "52100");
    CHECK(ciiu::search("fabricación calzado").front()->code == "15200");
    CHECK(ciiu::search("   ").empty());
    CHECK(ciiu::search("transporte", 3).size() == 3);
    CHECK(ciiu::search("zzzz").empty());
}
