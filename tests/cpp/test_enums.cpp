// Every enumeration's names are declared once (EnumNames); to_string and parse_enum read them.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "omilcrm/omilcrm.hpp"

using namespace omilcrm;

namespace {

template <class E>
void check_names() {
    const auto& names = enum_names<E>();
    REQUIRE(!names.empty());
    std::set<std::string_view> seen;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const auto e = static_cast<E>(i);
        INFO(names[i]);
        CHECK(to_string(e) == names[i]);
        CHECK(parse_enum<E>(names[i]) == e);
        CHECK(seen.insert(names[i]).second);  // no name twice
        // Names are lower-case identifiers, as the database, CSV and Python spell them.
        for (char c : names[i]) CHECK(((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'));
    }
    CHECK(to_string(static_cast<E>(names.size())).empty());  // outside the declared values
}

template <class... E>
void check_all() {
    (check_names<E>(), ...);
}

}  // namespace

TEST_CASE("every enumeration round-trips through its declared names", "[enums]") {
    check_all<PolicyScope, ClusterKind, EmployerStatus, SizeBand, InteractionKind, Direction, CommitmentStatus,
              CaptureChannel, VacancyStatus, ReferralStage, EvaluationResult, ProgrammeAudience, OfferOutcome,
              EducationLevel, EmploymentType, Shift, StaffRole, EventKind, AssetKind, Setting, Audience,
              planner::LeftOutReason, RequestStatus, Weekday>();
}

TEST_CASE("parse_enum accepts people's spellings and names the field and the choices", "[enums]") {
    CHECK(parse_enum<ClusterKind>("  Industrial park ") == ClusterKind::IndustrialPark);
    CHECK(parse_enum<EmploymentType>("FULL-TIME") == EmploymentType::FullTime);
    try {
        parse_enum<ClusterKind>("parque");
        FAIL("no error");
    } catch (const ValidationError& e) {
        CHECK(e.field() == "kind");
        CHECK(e.value() == "parque");
        CHECK(std::string(e.what()).find("industrial_park, trade_association, chamber_of_commerce, other") !=
              std::string::npos);
    }
    try {
        parse_enum<Shift>("nocturno", "shifts");
        FAIL("no error");
    } catch (const ValidationError& e) {
        CHECK(e.field() == "shifts");
    }
    CHECK(enum_choices<Direction>() == "outbound, inbound");
}

TEST_CASE("the special spellings stay: a blank size is unknown, weekdays in Spanish", "[enums]") {
    CHECK(parse_size_band("") == SizeBand::Unknown);
    CHECK(parse_weekday("miércoles") == Weekday::Wed);
    CHECK(to_string(Weekday::Wed) == "wed");
}
