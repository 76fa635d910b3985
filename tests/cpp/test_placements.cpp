// Placements over a database: the 30- and 90-day follow-ups.
#include "helpers.hpp"

using namespace omt;

TEST_CASE("placements are followed up at 30 and 90 days", "[placements]") {
    Jobs j;
    const Vacancy v = j.db.vacancies().capture(j.vacancy(j.acme, 3, Date(2026, 7, 1), CaptureChannel::Visit));
    const Id a = j.db.seekers().add(j.seeker("Uno")).meta.id;
    const Id b = j.db.seekers().add(j.seeker("Dos")).meta.id;
    const Placement pa =
        j.db.placements().record({.seeker_id = a, .vacancy_id = v.meta.id, .start_on = Date(2026, 8, 3)});
    const Placement pb =
        j.db.placements().record({.seeker_id = b, .vacancy_id = v.meta.id, .start_on = Date(2026, 10, 5)});
    // On 2026-11-09: a is due at 30 (09-02) and 90 (11-01); b at 30 (11-04).
    auto due = j.db.placements().checks_due(j.office(), Date(2026, 11, 9));
    REQUIRE(due.size() == 3);
    CHECK(due[0].placement_id == pa.meta.id);
    CHECK(due[0].day == 30);
    CHECK(due[0].due_on == Date(2026, 9, 2));
    CHECK(due[1].day == 90);
    CHECK(due[2].placement_id == pb.meta.id);
    j.db.placements().follow_up(pa.meta.id, 30, true, Date(2026, 9, 2));
    j.db.placements().follow_up(pa.meta.id, 90, true, Date(2026, 11, 2));
    // The 30-day check cannot be made on day 3.
    CHECK(capture<ValidationError>([&] {
              j.db.placements().follow_up(pb.meta.id, 30, false, Date(2026, 10, 8));
          }).value() == "2026-10-08");
    // Someone gone at day 30 needs no day-90 call.
    j.db.placements().follow_up(pb.meta.id, 30, false, Date(2026, 11, 4), {}, "left after two weeks");
    CHECK(j.db.placements().checks_due(j.office(), Date(2027, 2, 1)).empty());
    CHECK_THROWS_AS(j.db.placements().follow_up(pa.meta.id, 30, false), Conflict);
    CHECK(capture<ValidationError>([&] { j.db.placements().follow_up(pa.meta.id, 45, true); }).field() == "day");
    // b's 90-day check is not due until 2027-01-03: recorded today it is refused, and nothing is kept.
    auto early = capture<ValidationError>([&] { j.db.placements().follow_up(pb.meta.id, 90, false, test_day()); });
    CHECK(early.field() == "on");
    CHECK(early.value() == "2026-11-23");
    CHECK_FALSE(j.db.placements().get(pb.meta.id).employed_90.has_value());
    const Placement back = j.db.placements().get(pa.meta.id);
    CHECK(back.employed_30 == true);
    CHECK(back.employed_90 == true);
    CHECK(back.checked_90 == Date(2026, 11, 2));
}
