// Time zones from the tz database: each commune's zone, offsets, local days and instants, the
// changes of a zone, and the answers that depend on them (Open311 times, JobPosting validThrough).
#include <chrono>
#include <fstream>
#include <map>
#include <string>

#include "helpers.hpp"
#include "omilcrm/time_zone.hpp"

using namespace omilcrm;
using omt::utc;

TEST_CASE("every commune has its zone: Magallanes, Aysén and Isla de Pascua are not Santiago", "[zones]") {
    std::map<std::string, int> count;
    for (const Commune& c : territory::communes()) {
        const std::string_view z = territory::time_zone(c);
        ++count[std::string(z)];
        CHECK(zones::known(z));
        if (c.code == "05201") CHECK(z == "Pacific/Easter");
        else if (c.region_code == "12") CHECK(z == "America/Punta_Arenas");
        else if (c.region_code == "11") CHECK(z == "America/Coyhaique");
        else CHECK(z == "America/Santiago");
        // Against the tz database: on 7 July 2026 and 15 January 2027 at noon UTC.
        const int july = zones::utc_offset_minutes(z, utc(2026, 7, 7, 12));
        const int january = zones::utc_offset_minutes(z, utc(2027, 1, 15, 12));
        if (c.code == "05201") CHECK(std::pair(july, january) == std::pair(-360, -300));
        else if (c.region_code == "12" || c.region_code == "11")
            CHECK(std::pair(july, january) == std::pair(-180, -180));
        else CHECK(std::pair(july, january) == std::pair(-240, -180));
    }
    CHECK(count["America/Punta_Arenas"] == 11);
    CHECK(count["America/Coyhaique"] == 10);
    CHECK(count["Pacific/Easter"] == 1);
    CHECK(count["America/Santiago"] == 346 - 22);
    CHECK(territory::time_zone("Punta Arenas") == "America/Punta_Arenas");
    CHECK(territory::time_zone("coyhaique") == "America/Coyhaique");
    CHECK(territory::time_zone("Isla de Pascua") == "Pacific/Easter");
    CHECK(territory::time_zone("Concón") == "America/Santiago");
    CHECK(omt::capture<ValidationError>([] { territory::time_zone("Atlantis"); }).field() == "commune");
}

TEST_CASE("a Punta Arenas visit at 10:00 on 7 July 2026 is 13:00Z, not Santiago's 14:00Z", "[zones]") {
    CHECK(zones::instant_of("America/Punta_Arenas", Date(2026, 7, 7), 600) == utc(2026, 7, 7, 13));
    CHECK(zones::instant_of("America/Santiago", Date(2026, 7, 7), 600) == utc(2026, 7, 7, 14));
    CHECK(zones::instant_of("Pacific/Easter", Date(2026, 7, 7), 600) == utc(2026, 7, 7, 16));
    CHECK(zones::local_datetime("America/Punta_Arenas", utc(2026, 7, 7, 13)) == "2026-07-07T10:00:00-03:00");
    CHECK(zones::local_datetime("America/Santiago", utc(2026, 7, 7, 13)) == "2026-07-07T09:00:00-04:00");
    CHECK(zones::local_day("America/Santiago", utc(2026, 7, 7, 3, 30)) == Date(2026, 7, 6));
    CHECK(zones::local_day("America/Punta_Arenas", utc(2026, 7, 7, 3, 30)) == Date(2026, 7, 7));
    CHECK(zones::end_of_day("America/Punta_Arenas", Date(2026, 7, 7)) == utc(2026, 7, 8, 3) - std::chrono::seconds{1});
}

TEST_CASE("wall times skipped or repeated by a change read as RFC 5545 says", "[zones]") {
    // Santiago, 6 September 2026: 00:00 -04 jumps to 01:00 -03. 00:30 does not exist: read with the
    // offset before the gap, it is 04:30Z (01:30 -03).
    CHECK(zones::instant_of("America/Santiago", Date(2026, 9, 6), 30) == utc(2026, 9, 6, 4, 30));
    CHECK(zones::instant_of("America/Santiago", Date(2026, 9, 6), 60) == utc(2026, 9, 6, 4));
    // 5 April 2026: 00:00 -03 goes back to 23:00 -04 on the 4th; 23:30 on the 4th happens twice,
    // the first time at 02:30Z.
    CHECK(zones::instant_of("America/Santiago", Date(2026, 4, 4), 23 * 60 + 30) == utc(2026, 4, 5, 2, 30));
    CHECK(zones::instant_of("America/Santiago", Date(2026, 4, 5), 0) == utc(2026, 4, 5, 4));
    CHECK(omt::capture<ValidationError>([] {
              zones::instant_of("America/Santiago", Date(2026, 4, 5), 1441);
          }).field() == "minute");
}

TEST_CASE("the zones' changes are the tz database's, past 2037 too", "[zones]") {
    // Chile's changes of rule: 2022 started summer time on 11 September (not the 4th), by decree.
    const auto y2022 = zones::transitions("America/Santiago", utc(2022, 1, 1), utc(2022, 12, 31));
    REQUIRE(y2022.size() == 2);
    CHECK(y2022[0].at == utc(2022, 4, 3, 3));
    CHECK(y2022[1].at == utc(2022, 9, 11, 4));
    CHECK(y2022[1].summer_time);
    CHECK(y2022[1].name == "-03");
    // After the last change the TZif file records (2037), the rule of its POSIX TZ string.
    const auto y2040 = zones::transitions("America/Santiago", utc(2040, 1, 1), utc(2040, 12, 31));
    REQUIRE(y2040.size() == 2);
    CHECK(y2040[0].at == utc(2040, 4, 8, 3));
    CHECK(y2040[1].at == utc(2040, 9, 2, 4));
    CHECK(zones::utc_offset_minutes("America/Santiago", utc(2040, 7, 1)) == -240);
    CHECK(zones::utc_offset_minutes("Pacific/Easter", utc(2040, 7, 1)) == -360);
    // Punta Arenas: no change since December 2016, in force ever since.
    CHECK(zones::transitions("America/Punta_Arenas", utc(2017, 1, 1), utc(2040, 1, 1)).empty());
    const auto pa = zones::in_force("America/Punta_Arenas", utc(2026, 7, 7));
    CHECK(pa.at == utc(2016, 12, 4, 3));
    CHECK(pa.offset_after == -180);
    CHECK_FALSE(pa.summer_time);
    // Aysén left Santiago's rule in 2025.
    CHECK(zones::utc_offset_minutes("America/Coyhaique", utc(2024, 7, 1)) == -240);
    CHECK(zones::utc_offset_minutes("America/Coyhaique", utc(2025, 7, 1)) == -180);
}

TEST_CASE("unknown zones are refused, and the database names its version", "[zones]") {
    CHECK_FALSE(zones::known("America/Concon"));
    CHECK_FALSE(zones::known("../../etc/passwd"));
    CHECK(omt::capture<ValidationError>([] { zones::utc_offset_minutes("Mars/Olympus", Timestamp{}); }).field() ==
          "time_zone");
    const std::string v = zones::database_version();
    CHECK(v.size() >= 5);
    std::ifstream zi("/usr/share/zoneinfo/tzdata.zi");
    std::string first;
    if (zi && std::getline(zi, first)) CHECK(first == "# version " + v);
}

TEST_CASE("Clock::today() is Santiago's day, today_in another zone's", "[zones]") {
    const FixedClock late(utc(2026, 7, 7, 3, 30));
    CHECK(late.today() == Date(2026, 7, 6));
    CHECK(late.today_in("America/Punta_Arenas") == Date(2026, 7, 7));
    // FixedClock(Date) is that day in every zone of Chile.
    for (const char* z : {"America/Santiago", "America/Punta_Arenas", "America/Coyhaique", "Pacific/Easter"})
        for (const Date d : {Date(2026, 1, 15), Date(2026, 7, 7)}) CHECK(FixedClock(d).today_in(z) == d);
}

TEST_CASE("Open311 times and JobPosting validThrough are in the office's zone", "[zones]") {
    auto clock = std::make_shared<FixedClock>(utc(2026, 7, 7, 14));
    Database db = Database::open(":memory:", {.clock = clock});
    const Office pa = db.offices().add({.name = "OMIL Punta Arenas", .commune = "Punta Arenas"});
    const StaffMember head = db.staff().add(
        {.office_id = pa.meta.id, .name = "Rosa Díaz", .role = StaffRole::Head, .started = Date(2026, 1, 5)});
    NewEmployer e;
    e.office_id = pa.meta.id;
    e.rut = "76.086.428-5";
    e.legal_name = "Frigorífico Austral SpA";
    const Employer austral = db.employers().add(e);

    // A request received at 14:00Z: 11:00 in Punta Arenas, all year.
    NewServiceRequest n;
    n.office_id = pa.meta.id;
    n.employer_id = austral.meta.id;
    n.category = "tree_pruning";
    n.address = "Avenida Bulnes 01000";
    n.attributes = "trees=3";
    const ServiceRequest r = db.requests().open(n);
    const Open311Response got = db.open311().request(pa.meta.id, r.meta.uuid);
    REQUIRE(got.status == 200);
    CHECK(omt::contains(got.body, "\"requested_datetime\":\"2026-07-07T11:00:00-03:00\""));
    REQUIRE(r.due_on.has_value());
    CHECK(omt::contains(got.body, "\"expected_datetime\":\"" + r.due_on->iso() + "T23:59:59-03:00\""));

    // The vacancy is open to the end of its last day where the job is.
    NewVacancy v;
    v.employer_id = austral.meta.id;
    v.title = "Operario de planta";
    v.positions = 2;
    v.occupation = "9333";
    v.valid_through = Date(2026, 8, 31);
    const Vacancy vac = db.vacancies().capture(v);
    CHECK(omt::contains(db.vacancies().job_posting(vac.meta.id), "\"validThrough\": \"2026-08-31T23:59:59-03:00\""));
    (void)head;
}
