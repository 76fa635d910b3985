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

namespace {

// "Concón" written decomposed (NFD), as macOS and some web forms send it: each accented Latin-1
// letter as its base letter and a combining accent.
std::string decomposed(std::string_view nfc) {
    std::string out;
    for (std::size_t i = 0; i < nfc.size(); ++i) {
        const auto c = static_cast<unsigned char>(nfc[i]);
        if (c != 0xC3 || i + 1 == nfc.size()) {
            out.push_back(nfc[i]);
            continue;
        }
        const auto n = static_cast<unsigned char>(nfc[++i]);
        const char base = territory::fold(std::string{"\xC3"} + static_cast<char>(n))[0];
        const bool upper = n < 0xA0;
        out.push_back(upper ? static_cast<char>(base - 'a' + 'A') : base);
        const unsigned low = 0xC0u | (n & 0x3Fu);
        // acute for á é í ó ú, tilde for ñ, diaeresis for ü.
        const char* mark = (low == 0xF1 || low == 0xD1)   ? "\xCC\x83"
                           : (low == 0xFC || low == 0xDC) ? "\xCC\x88"
                                                          : "\xCC\x81";
        out += mark;
    }
    return out;
}

}  // namespace

TEST_CASE("Every commune is found as people and spreadsheets write it", "[territory]") {
    std::size_t accented = 0;
    for (const auto& c : territory::communes()) {
        INFO(c.code << " " << c.name);
        const std::string nfd = decomposed(c.name);
        accented += nfd != c.name;
        CHECK(territory::find_commune(nfd) == &c);
        CHECK(territory::find_commune(std::to_string(std::stoi(c.code))) == &c);  // "5103", as Excel leaves it
        CHECK(territory::find_commune("Comuna de " + c.name) == &c);
        CHECK(territory::find_commune("Ilustre Municipalidad de " + c.name) == &c);
        CHECK(territory::find_commune("  " + c.name + "\xC2\xA0") == &c);
    }
    CHECK(accented >= 70u);
    CHECK(territory::commune("O\xE2\x80\x99Higgins").code == "11302");  // a curly apostrophe
}

TEST_CASE("Communes, regions and provinces are found by their other names", "[territory]") {
    const std::pair<const char*, const char*> communes[] = {
        {"Aisén", "11201"},
        {"Coihaique", "11101"},
        {"Llay-Llay", "05703"},
        {"Llay Llay", "05703"},
        {"Paihuano", "04105"},
        {"Marchigüe", "06204"},
        {"Trehuaco", "16207"},
        {"Navarino", "12201"},
        {"Puerto Williams", "12201"},
        {"La Calera", "05502"},
        {"San Vicente de Tagua Tagua", "06117"},
        {"Santiago Centro", "13101"},
        {"Rapa Nui", "05201"},
        {"Puerto Natales", "12401"},
    };
    for (const auto& [name, code] : communes) {
        INFO(name);
        CHECK(territory::commune(name).code == code);
    }
    const std::pair<const char*, const char*> regions[] = {
        {"V", "05"},
        {"XIII", "13"},
        {"xvi", "16"},
        {"IX", "09"},
        {"5", "05"},
        {"13", "13"},
        {"Metropolitana", "13"},
        {"Región Metropolitana", "13"},
        {"RM", "13"},
        {"Araucania", "09"},
        {"Magallanes", "12"},
        {"Arica", "15"},
        {"O'Higgins", "06"},
        {"Región del Maule", "07"},
        {"Aisén", "11"},
        {"Los Ríos", "14"},
    };
    for (const auto& [name, code] : regions) {
        INFO(name);
        CHECK(territory::region(name).code == code);
    }
    CHECK(territory::province("San Felipe").code == "057");
    CHECK(territory::province("51").code == "051");
    CHECK(territory::province("Provincia de Valparaíso").code == "051");
}

TEST_CASE("An unknown name is refused with the closest names", "[territory]") {
    const auto e = capture<ValidationError>([] { territory::commune("Concom"); });
    CHECK(contains(e.what(), "did you mean Concón"));
    CHECK(contains(capture<ValidationError>([] { territory::commune("Vina del Mal"); }).what(), "Viña del Mar"));
    CHECK(contains(capture<ValidationError>([] { territory::region("Valparaizo"); }).what(),
                   "did you mean Región de Valparaíso"));
    const auto none = capture<ValidationError>([] { territory::commune("Narnia"); });
    CHECK_FALSE(contains(none.what(), "did you mean"));
    CHECK(contains(none.what(), "give a CUT code such as 05103"));
}

TEST_CASE("Every alias names a place and none hides an official name", "[territory]") {
    // An alias must never be the folded official name of a different place of its kind.
    for (const auto& c : territory::communes()) CHECK(territory::find_commune(c.name) == &c);
    for (const auto& r : territory::regions()) CHECK(territory::find_region(r.short_name) == &r);
    for (const auto& p : territory::provinces()) CHECK(territory::find_province(p.name) == &p);
}
