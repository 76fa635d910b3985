// The one JSON form of records and tables (omilcrm/json.hpp): every declared record writes and
// reads back, with dates, times, enumerations, money and nested records as the docs promise, and
// reading bad JSON names the field and the value.
#include <catch2/catch.hpp>

#include <omilcrm/omilcrm.hpp>

#include <cmath>
#include <limits>

using namespace omilcrm;

namespace {
template <class R>
void round_trips() {
    R r{};
    if constexpr (std::is_same_v<R, NewJobSeeker>) r.consent_on = Date(2026, 11, 2);  // required
    const boost::json::object o = to_json(r);
    const R back = from_json<R>(o);
    CHECK(json_text(to_json(back)) == json_text(o));
}
}  // namespace

TEMPLATE_TEST_CASE("every declared record writes JSON and reads it back", "[json]", CadencePolicy, Cluster,
                   Commitment, Contact, Department, Employer, EmployerUpdate, Event, EventGuest, FollowUp, ImportResult,
                   Interaction, InteractionRevision, JobSeeker, Membership, NewCadencePolicy, NewCluster,
                   NewClusterMeeting, NewCommitment, NewContact, NewEmployer, NewEvent, NewFollowUp, NewInteraction,
                   NewJobSeeker, NewOffice, NewPlacement, NewServiceRequest, NewShowing, NewStaffMember, NewVacancy,
                   Office, OutreachAsset, Ownership, Placement, PlacementCheck, PlannedVisit, Programme, ProgrammeOffer,
                   Referral, ReferralEvent, RegionalDirectorate, Representative, RequestEvent, RequestFilter,
                   RoutingRule, SeekerUpdate, ServiceCategory, ServiceRequest, Showing, StaffMember, Vacancy,
                   VacancyFilter, WorkshopAttendance, cadence::DueItem, matching::Experience, matching::Factor,
                   matching::Match, matching::Opening, matching::Profile, matching::Weights, planner::Stop,
                   planner::LeftOut, planner::Plan) {
    round_trips<TestType>();
}

TEST_CASE("records are written with ISO dates, names, integers and nested records", "[json]") {
    NewEmployer e;
    e.rut = "76.123.456-0";
    e.legal_name = "Áridos Gulmué SpA";
    e.office_id = 3;
    e.latitude = -32.93456789012345;
    e.size = SizeBand::Medium;
    e.joined = Date(2026, 3, 1);
    const auto o = to_json(e);
    CHECK(o.at("rut") == "76.123.456-0");
    CHECK(o.at("legal_name") == "Áridos Gulmué SpA");
    CHECK(o.at("office") == 3);
    CHECK(o.at("size") == "medium");
    CHECK(o.at("joined") == "2026-03-01");
    CHECK(o.at("longitude").is_null());
    // Every digit survives: the shortest text that reads back as the same double, no exponent.
    const std::string text = json_text(o);
    CHECK(text.find("-32.93456789012345") != std::string::npos);
    CHECK(parse_json(text).at("latitude").as_double() == -32.93456789012345);
    const auto back = from_json<NewEmployer>(parse_json(text), "employer");
    CHECK(back.rut == e.rut);
    CHECK(back.latitude == e.latitude);
    CHECK(back.joined == e.joined);
}

TEST_CASE("numbers are written for people and read back exactly", "[json]") {
    CHECK(json_text(boost::json::value(3.0)) == "3.0");
    CHECK(json_text(boost::json::value(0.1)) == "0.1");
    CHECK(json_text(boost::json::value(1e300)) == "1e+300");
    CHECK(json_text(boost::json::value(std::numeric_limits<double>::quiet_NaN())) == "null");
    CHECK(json_text(boost::json::value(std::numeric_limits<double>::infinity())) == "null");
    CHECK(json_text(boost::json::value(std::int64_t{9007199254740993})) == "9007199254740993");
    CHECK(json_text(boost::json::object{{"a", "x\"y\n"}}) == R"({"a":"x\"y\n"})");
    CHECK(json_pretty(boost::json::object{{"a", boost::json::array{1, 2}}}) == "{\n  \"a\": [\n    1,\n    2\n  ]\n}\n");
}

TEST_CASE("reading names the field, the value and what was expected", "[json]") {
    auto fails = [](std::string_view body, std::string field, std::string in_reason) {
        try {
            (void)from_json<NewInteraction>(parse_json(body), "interaction");
            FAIL("no error for " << body);
        } catch (const ValidationError& e) {
            CHECK(e.field() == field);
            CHECK_THAT(e.what(), Catch::Contains(in_reason));
        }
    };
    fails(R"({"employer": 1, "kind": "visit", "by": 2, "bogus": 1})", "bogus", "is not an interaction field");
    fails(R"({"employer": "one", "kind": "visit", "by": 2})", "employer", "expected an integer");
    fails(R"({"employer": 1, "kind": "tea", "by": 2})", "kind", "tea");
    fails(R"({"employer": 1, "kind": "visit"})", "by", "is required");
    fails(R"({"employer": 1, "kind": "visit", "by": 2, "on": "2026-02-30"})", "on", "2026-02-30");
    fails(R"({"employer": 1, "kind": "visit", "by": 2, "at": "25:00"})", "at", "time of day");
    fails(R"({"employer": 1, "kind": "visit", "by": 2, "commitments": [{"description": "x", "due": "soon"}]})",
          "commitments[0].due", "soon");
    fails(R"({"employer": 1, "kind": "visit", "by": 2, "commitments": [{"description": "x", "due": "2026-12-01", "when": 1}]})",
          "commitments[0].when", "is not a");
    fails(R"({"employer": 1, "kind": "visit", "by": 2, "commitments": {}})", "commitments", "expected a list");
    fails(R"([1, 2])", "interaction", "expected an object");
    fails(R"({"employer": 1.5, "kind": "visit", "by": 2})", "employer", "expected an integer");
    fails(R"({"employer": 1, "kind": "visit", "by": 2, "summary": "\u0000"})", "summary", "");
    CHECK_THROWS_WITH(parse_json("{", "body"), Catch::Contains("is not JSON"));
}

TEST_CASE("a time of day reads as text or minutes and writes as HH:MM", "[json]") {
    const auto i = from_json<NewInteraction>(parse_json(R"({"employer": 1, "kind": "visit", "by": 2, "at": "9:05"})"));
    REQUIRE(i.at_minute);
    CHECK(*i.at_minute == 9 * 60 + 5);
    CHECK(to_json(i).at("at") == "09:05");
}

TEST_CASE("timestamps read back from ISO 8601 with any offset", "[json]") {
    const Timestamp t = parse_timestamp("2026-11-23T14:12:22.123456Z");
    CHECK(to_iso(t) == "2026-11-23T14:12:22.123456Z");
    CHECK(parse_timestamp("2026-11-23T11:12:22-03:00") == parse_timestamp("2026-11-23T14:12:22Z"));
    CHECK(parse_timestamp("2026-11-23T14:12:22.5Z") == parse_timestamp("2026-11-23T14:12:22.500000Z"));
    for (const char* bad : {"2026-11-23", "2026-11-23T25:00:00Z", "2026-11-23T14:12:22", "2026-11-23T14:12:22.Z",
                            "2026-13-01T00:00:00Z", "2026-11-23T14:12:22.1234567Z", "2026-11-23T14:12:22+3"})
        CHECK_THROWS_AS(parse_timestamp(bad, "at"), ValidationError);
}

TEST_CASE("a table becomes rows of typed values", "[json]") {
    Table t;
    auto& id = t.add_column("id", ColumnType::Int);
    auto& ok = t.add_column("ok", ColumnType::Bool);
    auto& share = t.add_column("share", ColumnType::Real);
    auto& day = t.add_column("day", ColumnType::Date);
    auto& at = t.add_column("at", ColumnType::Timestamp);
    auto& name = t.add_column("name", ColumnType::Text);
    id.push_int(1);
    ok.push_int(1);
    share.push_real(0.1 + 0.2);
    day.push_int(Date(2026, 12, 5).days());
    at.push_int(0);
    name.push_text("Concón");
    id.push_int(2);
    ok.push_null();
    share.push_null();
    day.push_null();
    at.push_null();
    name.push_null();
    const auto rows = table_json(t);
    REQUIRE(rows.size() == 2);
    CHECK(json_text(rows[0]) ==
          R"({"id":1,"ok":true,"share":0.30000000000000004,"day":"2026-12-05","at":"1970-01-01T00:00:00.000000Z","name":"Concón"})");
    CHECK(json_text(rows[1]) == R"({"id":2,"ok":null,"share":null,"day":null,"at":null,"name":null})");
    CHECK(table_json(t, 1, 10).size() == 1);
    CHECK(table_json(t, 5, 10).empty());
}
