// The regional reports' arithmetic: per-office sums, ratios and on-time share, sums and shares per
// province. Pure: no database.
#include "helpers.hpp"

#include <array>

#include "region_rules.hpp"

using namespace omilcrm;
using namespace omilcrm::regional;

namespace {

ComplianceRow row(const std::string& group, std::size_t employers, std::size_t complied) {
    ComplianceRow r;
    r.group = group;
    r.employers = employers;
    r.complied = complied;
    return r;
}

// Requests::deadline_compliance's shape: one row per category.
Table deadlines(const std::vector<std::array<std::int64_t, 3>>& rows) {
    Table t;
    auto& category = t.add_column("category", ColumnType::Text);
    auto& received = t.add_column("received", ColumnType::Int);
    auto& resolved = t.add_column("resolved", ColumnType::Int);
    auto& on_time = t.add_column("resolved_on_time", ColumnType::Int);
    for (const auto& [r, s, o] : rows) {
        category.push_text("tree_pruning");
        received.push_int(r);
        resolved.push_int(s);
        on_time.push_int(o);
    }
    return t;
}

OfficeFigures office(const std::string& code, const std::string& name, std::int64_t placements, std::int64_t showings) {
    OfficeFigures o;
    o.province_code = code;
    o.province = name;
    o.figures.employers = 10;
    o.figures.placements = placements;
    o.figures.showings = showings;
    return o;
}

Province province(const std::string& code, const std::string& name) { return {code, name, "08"}; }

}  // namespace

TEST_CASE("an office's cadence compliance counts only the office rows", "[region][figures]") {
    Figures f;
    add_cadence(f, {row("office", 40, 30), row("staff", 20, 15), row("staff", 20, 15), row("cluster", 12, 9)});
    CHECK(f.cadence_employers == 40);
    CHECK(f.cadence_complied == 30);
    CHECK(*cadence_compliance(f) == Approx(0.75));
    Figures none;
    add_cadence(none, {row("staff", 3, 1)});
    CHECK(none.cadence_employers == 0);
    CHECK_FALSE(cadence_compliance(none).has_value());  // nothing judged: unknown, not 0
}

TEST_CASE("an office's requests sum over the categories, on time of those resolved", "[region][figures]") {
    Figures f;
    add_requests(f, deadlines({{5, 4, 3}, {2, 2, 2}, {1, 0, 0}}));
    CHECK(f.requests == 8);
    CHECK(f.resolved == 6);
    CHECK(f.on_time == 5);
    CHECK(*on_time_share(f) == Approx(5.0 / 6.0));
    Figures none;
    add_requests(none, deadlines({{3, 0, 0}}));
    CHECK(none.requests == 3);
    CHECK_FALSE(on_time_share(none).has_value());  // received, none resolved yet
    Figures empty;
    add_requests(empty, deadlines({}));
    CHECK(empty.requests == 0);
}

TEST_CASE("ratio is none for a zero denominator", "[region][figures]") {
    CHECK(*ratio(1, 4) == Approx(0.25));
    CHECK(*ratio(0, 4) == Approx(0.0));
    CHECK_FALSE(ratio(3, 0).has_value());
}

TEST_CASE("figures add up field by field", "[region][figures]") {
    Figures a, b;
    a.employers = 1, a.contacted = 2, a.cadence_employers = 3, a.cadence_complied = 4, a.requests = 5;
    a.resolved = 6, a.on_time = 7, a.vacancies = 8, a.positions = 9, a.placements = 10, a.showings = 11;
    b = a;
    add(b, a);
    CHECK(b.employers == 2);
    CHECK(b.contacted == 4);
    CHECK(b.cadence_employers == 6);
    CHECK(b.cadence_complied == 8);
    CHECK(b.requests == 10);
    CHECK(b.resolved == 12);
    CHECK(b.on_time == 14);
    CHECK(b.vacancies == 16);
    CHECK(b.positions == 18);
    CHECK(b.placements == 20);
    CHECK(b.showings == 22);
}

TEST_CASE("offices sum per province, with shares and the territorial balance, by hand", "[region][figures]") {
    // Biobío's three provinces; two offices in Concepción (081), one in Arauco (082), none in Biobío (083).
    const std::vector<Province> region = {province("081", "Concepción"), province("082", "Arauco"),
                                          province("083", "Biobío")};
    const auto s = by_province(
        region, {office("081", "Concepción", 3, 2), office("082", "Arauco", 1, 0), office("081", "Concepción", 0, 2)});
    REQUIRE(s.provinces.size() == 3);
    const auto& con = s.provinces[0];
    const auto& ara = s.provinces[1];
    const auto& bio = s.provinces[2];
    CHECK(con.code == "081");
    CHECK(con.name == "Concepción");
    CHECK(con.offices == 2);
    CHECK(con.figures.employers == 20);
    CHECK(con.figures.placements == 3);
    CHECK(con.figures.showings == 4);
    CHECK(*con.share_of_offices == Approx(2.0 / 3.0));
    CHECK(*con.share_of_placements == Approx(0.75));
    CHECK(*con.share_of_showings == Approx(1.0));
    CHECK(ara.offices == 1);
    CHECK(*ara.share_of_placements == Approx(0.25));
    CHECK(*ara.share_of_showings == Approx(0.0));
    // A province without offices is listed, with zeros.
    CHECK(bio.name == "Biobío");
    CHECK(bio.offices == 0);
    CHECK(bio.figures.employers == 0);
    CHECK(*bio.share_of_offices == Approx(0.0));
    // Placements .75/.25/0 against offices 2/3, 1/3, 0: 1 - (1/12 + 1/12) / 2.
    CHECK(*s.placements_balance == Approx(1.0 - (1.0 / 12 + 1.0 / 12) / 2));
    // Showings 1/0/0 against 2/3, 1/3, 0: 1 - (1/3 + 1/3) / 2.
    CHECK(*s.showings_balance == Approx(2.0 / 3.0));
}

TEST_CASE("provinces without placements or showings have no shares and no balance", "[region][figures]") {
    const auto s =
        by_province({province("081", "Concepción"), province("082", "Arauco")}, {office("081", "Concepción", 0, 0)});
    REQUIRE(s.provinces.size() == 2);
    CHECK(*s.provinces[0].share_of_offices == Approx(1.0));
    CHECK_FALSE(s.provinces[0].share_of_placements.has_value());
    CHECK_FALSE(s.provinces[1].share_of_showings.has_value());
    CHECK_FALSE(s.placements_balance.has_value());
    CHECK_FALSE(s.showings_balance.has_value());
    // No offices at all: every share is unknown.
    const auto empty = by_province({province("081", "Concepción")}, {});
    REQUIRE(empty.provinces.size() == 1);
    CHECK_FALSE(empty.provinces[0].share_of_offices.has_value());
}

TEST_CASE("an office outside the region's provinces gets a row of its own, by code", "[region][figures]") {
    // An office whose commune is unknown has province "" and sorts first; one of another region
    // is listed under its own province.
    const auto s =
        by_province({province("081", "Concepción")},
                    {office("081", "Concepción", 1, 1), office("", "", 1, 1), office("131", "Santiago", 2, 0)});
    REQUIRE(s.provinces.size() == 3);
    CHECK(s.provinces[0].code.empty());
    CHECK(s.provinces[0].name.empty());
    CHECK(s.provinces[0].offices == 1);
    CHECK(s.provinces[1].code == "081");
    CHECK(s.provinces[2].name == "Santiago");
    CHECK(*s.provinces[2].share_of_placements == Approx(0.5));
}
