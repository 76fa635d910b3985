// The Planner and Calendar repositories: a staff member's day of visits planned from the stored
// due list and employers, plans kept and superseded, and the office calendar built from plans,
// cluster meetings, commitments and follow-ups. The planner itself is test_planning_rules.cpp.
//
// Today is Mon 2026-11-23 (helpers.hpp); the plans are for Tuesday 24 November.
#include "helpers.hpp"

#include <cstdio>
#include <functional>
#include <map>
#include <set>
#include <string>

using namespace omilcrm;
using omt::capture;

namespace {

const Date kTuesday(2026, 11, 24);

/// Concón with its office at Santa Laura 567 (coordinates recorded), a head (Ana) and a
/// territorial manager (Bruno) who owns every employer added, a 30-day contact policy, and three
/// employers added today, so all three are due from today: two with coordinates and visiting
/// hours, one without coordinates.
struct Desk {
    Database db = omt::fresh_db();
    Office office = db.offices().add({.name = "OMIL Concón",
                                      .commune = "concon",
                                      .address = "Santa Laura 567",
                                      .latitude = -32.9236,
                                      .longitude = -71.5197});
    StaffMember ana = db.staff().add(
        {.office_id = office.meta.id, .name = "Ana Rojas", .role = StaffRole::Head, .started = Date(2026, 1, 5)});
    StaffMember bruno = db.staff().add({.office_id = office.meta.id,
                                        .name = "Bruno Soto",
                                        .role = StaffRole::TerritorialManager,
                                        .started = Date(2026, 1, 5)});
    CadencePolicy policy = db.cadence().add_policy({.office_id = office.meta.id, .interval_days = 30});
    Employer gulmue = add("76.086.428-5", "Logística Gulmué SpA", -32.94, -71.47, "mon-fri 09:00-12:00");
    Employer centro = add("96.512.340-7", "Ferretería Centro Ltda.", -32.925, -71.515, "mon-fri 10:00-13:00");
    Employer lejana = add("77.777.777-7", "Sin Coordenadas SpA", std::nullopt, std::nullopt, "mon-fri 09:00-18:00");

    Employer add(std::string rut, std::string name, std::optional<double> lat, std::optional<double> lon,
                 std::string_view hours, Id owner = 0) {
        NewEmployer e;
        e.office_id = office.meta.id;
        e.rut = std::move(rut);
        e.legal_name = std::move(name);
        e.address = "Concón";
        e.latitude = lat;
        e.longitude = lon;
        e.visiting_hours = parse_visiting_hours(hours);
        e.owner_id = owner;
        return db.employers().add(e);
    }

    DayPlanRequest request() const {
        DayPlanRequest r;
        r.staff_id = bruno.meta.id;
        r.day = kTuesday;
        return r;
    }
};

std::set<Id> visited(const planner::Plan& p) {
    std::set<Id> out;
    for (const auto& s : p.stops) out.insert(s.employer_id);
    return out;
}

std::string field_of(const std::function<void()>& f) { return capture<ValidationError>(f).field(); }

}  // namespace

// ---- Planner -----------------------------------------------------------------------------------

TEST_CASE("plan_day visits the staff member's due employers inside their visiting hours", "[planning]") {
    Desk o;
    const planner::Plan plan = o.db.planner().plan_day(o.request());
    CHECK(visited(plan) == std::set<Id>{o.gulmue.meta.id, o.centro.meta.id});
    for (const auto& s : plan.stops) {
        const Employer e = o.db.employers().get(s.employer_id);
        const auto windows = windows_on(e.visiting_hours, kTuesday.weekday());
        REQUIRE(windows.size() == 1);
        CHECK(s.start_minute >= windows[0].start_minute);
        CHECK(s.depart_minute <= windows[0].end_minute);
        CHECK(s.depart_minute - s.start_minute == 45);
        CHECK(s.start_minute >= 9 * 60);
    }
    // Without coordinates, an employer cannot be placed on the map: out of reach, and said why.
    REQUIRE(plan.left_out.size() == 1);
    CHECK(plan.left_out[0].employer_id == o.lejana.meta.id);
    CHECK(plan.left_out[0].reason == planner::LeftOutReason::OutOfReach);
    CHECK(plan.left_out[0].detail == "no coordinates recorded for Sin Coordenadas SpA");
}

TEST_CASE("plan_day takes the candidates given, and adds the must-visits", "[planning]") {
    Desk o;
    // An employer of Ana's is not on Bruno's list unless he must visit it.
    const Employer anas =
        o.add("76.543.210-3", "Envases del Pacífico S.A.", -32.93, -71.50, "mon-fri 09:00-17:00", o.ana.meta.id);
    CHECK(visited(o.db.planner().plan_day(o.request())).count(anas.meta.id) == 0);

    DayPlanRequest r = o.request();
    r.candidates = {o.gulmue.meta.id};
    CHECK(visited(o.db.planner().plan_day(r)) == std::set<Id>{o.gulmue.meta.id});

    r.must_visit = {anas.meta.id};
    const planner::Plan plan = o.db.planner().plan_day(r);
    CHECK(visited(plan) == std::set<Id>{o.gulmue.meta.id, anas.meta.id});
    CHECK(plan.must_visited == 1);
}

TEST_CASE("plan_day refuses a staff member not working that day, no start point, another office's employer",
          "[planning]") {
    Desk o;
    const StaffMember nueva = o.db.staff().add({.office_id = o.office.meta.id,
                                                .name = "Carla Nueva",
                                                .role = StaffRole::TerritorialManager,
                                                .started = Date(2026, 12, 1)});
    DayPlanRequest r = o.request();
    r.staff_id = nueva.meta.id;
    CHECK(field_of([&] { o.db.planner().plan_day(r); }) == "staff");

    const Office vina = o.db.offices().add({.name = "OMIL Viña del Mar", .commune = "vina del mar"});
    const StaffMember vina_staff = o.db.staff().add({.office_id = vina.meta.id,
                                                     .name = "Diego Vera",
                                                     .role = StaffRole::TerritorialManager,
                                                     .started = Date(2026, 1, 5)});
    r.staff_id = vina_staff.meta.id;
    CHECK(field_of([&] { o.db.planner().plan_day(r); }) == "start");  // Viña has no coordinates
    r.start = planner::GeoPoint{-33.0245, -71.5518};
    r.candidates = {o.gulmue.meta.id};
    CHECK(field_of([&] { o.db.planner().plan_day(r); }) == "candidates");
}

TEST_CASE("save keeps the plan as planned visits, and saving the day again supersedes it", "[planning]") {
    Desk o;
    const planner::Plan plan = o.db.planner().plan_day(o.request());
    const auto saved = o.db.planner().save(o.bruno.meta.id, kTuesday, plan);
    REQUIRE(saved.size() == plan.stops.size());
    for (std::size_t i = 0; i < saved.size(); ++i) {
        CHECK(saved[i].employer_id == plan.stops[i].employer_id);
        CHECK(saved[i].start_minute == plan.stops[i].start_minute);
        CHECK(saved[i].end_minute == plan.stops[i].depart_minute);
        CHECK(saved[i].travel_minutes == plan.stops[i].travel_minutes);
        CHECK(saved[i].office_id == o.office.meta.id);
        CHECK(saved[i].day == kTuesday);
        CHECK_FALSE(saved[i].meta.uuid.empty());
    }
    CHECK(o.db.planner().planned(o.office.meta.id, kTuesday, kTuesday).size() == saved.size());
    CHECK(o.db.planner().planned(o.office.meta.id, kTuesday, kTuesday, o.ana.meta.id).empty());
    CHECK(o.db.planner().planned(o.office.meta.id, Date(2026, 11, 25), Date(2026, 11, 30)).empty());

    DayPlanRequest r = o.request();
    r.candidates = {o.centro.meta.id};
    o.db.planner().save(o.bruno.meta.id, kTuesday, o.db.planner().plan_day(r));
    const auto now = o.db.planner().planned(o.office.meta.id, kTuesday, kTuesday);
    REQUIRE(now.size() == 1);
    CHECK(now[0].employer_id == o.centro.meta.id);
}

TEST_CASE("save refuses another office's employer and impossible times, and keeps what was saved", "[planning]") {
    Desk o;
    o.db.planner().save(o.bruno.meta.id, kTuesday, o.db.planner().plan_day(o.request()));
    const auto before = o.db.planner().planned(o.office.meta.id, kTuesday, kTuesday);

    const Office vina = o.db.offices().add({.name = "OMIL Viña del Mar", .commune = "vina del mar"});
    o.db.staff().add(
        {.office_id = vina.meta.id, .name = "Diego Vera", .role = StaffRole::Head, .started = Date(2026, 1, 5)});
    NewEmployer e;
    e.office_id = vina.meta.id;
    e.rut = "12.345.678-5";
    e.legal_name = "Viñamar SpA";
    const Employer other = o.db.employers().add(e);
    planner::Plan bad;
    bad.stops.push_back(
        {.employer_id = other.meta.id, .arrive_minute = 600, .start_minute = 600, .depart_minute = 645});
    CHECK(field_of([&] { o.db.planner().save(o.bruno.meta.id, kTuesday, bad); }) == "plan");
    bad.stops[0] = {.employer_id = o.gulmue.meta.id, .arrive_minute = 600, .start_minute = 600, .depart_minute = 600};
    CHECK(field_of([&] { o.db.planner().save(o.bruno.meta.id, kTuesday, bad); }) == "plan");
    bad.stops[0].depart_minute = 1500;
    CHECK(field_of([&] { o.db.planner().save(o.bruno.meta.id, kTuesday, bad); }) == "plan");

    const auto after = o.db.planner().planned(o.office.meta.id, kTuesday, kTuesday);
    REQUIRE(after.size() == before.size());
    for (std::size_t i = 0; i < after.size(); ++i) CHECK(after[i].meta.uuid == before[i].meta.uuid);
}

TEST_CASE("Planner::table has one row per stop with names, addresses and times", "[planning]") {
    Desk o;
    DayPlanRequest r = o.request();
    r.candidates = {o.gulmue.meta.id};
    const planner::Plan plan = o.db.planner().plan_day(r);
    REQUIRE(plan.stops.size() == 1);
    const Table t = o.db.planner().table(plan);
    std::vector<std::string> names;
    for (const auto& c : t.columns()) names.push_back(c.name);
    CHECK(names == std::vector<std::string>{"order", "employer_id", "employer", "address", "arrive", "start", "depart",
                                            "travel_minutes", "travel_km", "visiting_hours"});
    REQUIRE(t.rows() == 1);
    CHECK(t.column("order").ints[0] == 1);
    CHECK(t.column("employer_id").ints[0] == o.gulmue.meta.id);
    CHECK(t.column("employer").text_at(0) == "Logística Gulmué SpA");
    CHECK(t.column("visiting_hours").text_at(0) == "mon-fri 09:00-12:00");
    const auto hhmm = [](int m) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%02d:%02d", m / 60, m % 60);
        return std::string(buf);
    };
    CHECK(t.column("start").text_at(0) == hhmm(plan.stops[0].start_minute));
    CHECK(t.column("depart").text_at(0) == hhmm(plan.stops[0].depart_minute));
    CHECK(t.column("travel_minutes").ints[0] == plan.stops[0].travel_minutes);
}

// ---- Calendar ----------------------------------------------------------------------------------

TEST_CASE("the calendar holds planned visits, cluster meetings, commitments and follow-ups", "[planning]") {
    Desk o;
    const Id office = o.office.meta.id;
    const auto visits = o.db.planner().save(o.bruno.meta.id, kTuesday, o.db.planner().plan_day(o.request()));
    REQUIRE(visits.size() == 2);
    const Cluster park = o.db.clusters().add({.office_id = office,
                                              .name = "Parque Industrial Gulmué",
                                              .kind = ClusterKind::IndustrialPark,
                                              .meets = Recurrence::monthly(1, Weekday::Thu)});
    NewInteraction call;
    call.kind = InteractionKind::PhoneCall;
    call.on = omt::test_day();
    call.staff_id = o.bruno.meta.id;
    call.employer_id = o.gulmue.meta.id;
    call.summary = "Pide operarios";
    call.commitments = {{.description = "Enviar tres CV", .due = Date(2026, 11, 30)}};
    call.follow_ups = {{.description = "Llamar a RRHH", .due = Date(2026, 11, 27)}};
    o.db.interactions().log(call);

    const auto events = o.db.calendar().events({.office_id = office, .from = omt::test_day(), .to = Date(2026, 12, 3)});
    std::map<std::string, const ical::Event*> by_category;
    for (const auto& e : events) by_category[e.categories.at(0)] = &e;
    CHECK(events.size() == 5);

    const ical::Event& visit = *by_category.at("visita");
    CHECK(visit.date == kTuesday);
    CHECK(visit.summary.rfind("Visita: ", 0) == 0);
    std::set<std::string> visit_uids;
    for (const auto& e : events)
        if (e.categories[0] == "visita") visit_uids.insert(e.uid);
    CHECK(visit_uids == std::set<std::string>{visits[0].meta.uuid + "@omilcrm", visits[1].meta.uuid + "@omilcrm"});
    CHECK(visit.start_minute.has_value());
    CHECK(visit.end_minute.has_value());

    const ical::Event& meeting = *by_category.at("reunion");
    CHECK(meeting.date == Date(2026, 12, 3));  // the first Thursday of December: the first meeting
    CHECK(meeting.uid == park.meta.uuid + "@omilcrm");
    CHECK(meeting.repeats == Recurrence::monthly(1, Weekday::Thu));  // one event for every meeting
    CHECK(meeting.summary == "Reunión Parque Industrial Gulmué");
    CHECK_FALSE(meeting.start_minute.has_value());  // all day

    CHECK(by_category.at("compromiso")->date == Date(2026, 11, 30));
    CHECK(by_category.at("compromiso")->summary == "Compromiso: Enviar tres CV (Logística Gulmué SpA)");
    CHECK(by_category.at("seguimiento")->date == Date(2026, 11, 27));
    CHECK(by_category.at("seguimiento")->summary == "Seguimiento: Llamar a RRHH");

    // Ana's calendar: the office's cluster meetings, none of Bruno's visits or tasks.
    const auto anas = o.db.calendar().events(
        {.office_id = office, .staff_id = o.ana.meta.id, .from = omt::test_day(), .to = Date(2026, 12, 3)});
    REQUIRE(anas.size() == 1);
    CHECK(anas[0].categories == std::vector<std::string>{"reunion"});
    // Out of the range, nothing.
    CHECK(o.db.calendar().events({.office_id = office, .from = Date(2026, 12, 4), .to = Date(2026, 12, 31)}).empty());
}

TEST_CASE("ics is the calendar as iCalendar, named after the office and the person", "[planning]") {
    Desk o;
    o.db.planner().save(o.bruno.meta.id, kTuesday, o.db.planner().plan_day(o.request()));
    const std::string ics = o.db.calendar().ics({.office_id = o.office.meta.id,
                                                 .staff_id = o.bruno.meta.id,
                                                 .from = omt::test_day(),
                                                 .to = Date(2026, 11, 30)});
    CHECK(ics.rfind("BEGIN:VCALENDAR\r\n", 0) == 0);
    CHECK(ics.find("X-WR-CALNAME:OMIL Concón - Bruno Soto\r\n") != std::string::npos);
    CHECK(ics.find("TZID=America/Santiago:20261124T") != std::string::npos);
    std::size_t n = 0;
    for (auto at = ics.find("BEGIN:VEVENT"); at != std::string::npos; at = ics.find("BEGIN:VEVENT", at + 1)) ++n;
    CHECK(n == 2);
    CHECK(ics.find("END:VCALENDAR\r\n") == ics.size() - std::string("END:VCALENDAR\r\n").size());
}

TEST_CASE("the calendar refuses an end before the start and an unknown office", "[planning]") {
    Desk o;
    CHECK(field_of([&] {
              o.db.calendar().events({.office_id = o.office.meta.id, .from = kTuesday, .to = omt::test_day()});
          }) == "end");
    CHECK_THROWS_AS(
        o.db.calendar().events({.office_id = o.office.meta.id + 100, .from = omt::test_day(), .to = kTuesday}),
        NotFound);
    CHECK_THROWS_AS(o.db.calendar().ics({.office_id = o.office.meta.id + 100, .from = omt::test_day(), .to = kTuesday}),
                    NotFound);
}

TEST_CASE("a cluster's meetings are one recurring event with its holidays excluded", "[planning][zones]") {
    Desk o;
    const Id office = o.office.meta.id;
    // Tuesdays: 8 December 2026 is a public holiday (Inmaculada Concepción).
    const Cluster park = o.db.clusters().add({.office_id = office,
                                              .name = "Parque Industrial Gulmué",
                                              .kind = ClusterKind::IndustrialPark,
                                              .meets = Recurrence::weekly(Weekday::Tue)});
    const auto events =
        o.db.calendar().events({.office_id = office, .from = omt::test_day(), .to = Date(2026, 12, 31)});
    REQUIRE(events.size() == 1);
    const ical::Event& m = events[0];
    CHECK(m.uid == park.meta.uuid + "@omilcrm");
    CHECK(m.date == kTuesday);  // the first Tuesday on or after the day the park was added
    CHECK(m.repeats == Recurrence::weekly(Weekday::Tue));
    CHECK(std::find(m.except.begin(), m.except.end(), Date(2026, 12, 8)) != m.except.end());
    for (const Date d : m.except) CHECK(o.db.requests().holidays(office).is_holiday(d));
    const std::string ics =
        o.db.calendar().ics({.office_id = office, .from = omt::test_day(), .to = Date(2026, 12, 31)});
    CHECK(omt::contains(ics, "\r\nRRULE:FREQ=WEEKLY;BYDAY=TU\r\nEXDATE;VALUE=DATE:20261208\r\n"));
    std::size_t n = 0;
    for (auto at = ics.find("BEGIN:VEVENT"); at != std::string::npos; at = ics.find("BEGIN:VEVENT", at + 1)) ++n;
    CHECK(n == 1);
    // The cluster's meeting dates skip the holiday too.
    const auto dates = o.db.clusters().meetings(park.meta.id, Date(2026, 12, 1), Date(2026, 12, 15));
    CHECK(dates == std::vector<Date>{Date(2026, 12, 1), Date(2026, 12, 15)});
    for (const auto& [id, d] : o.db.clusters().upcoming(office, Date(2026, 12, 1), 14)) CHECK(d != Date(2026, 12, 8));
    // A range whose only meeting is a holiday shows no meeting.
    CHECK(o.db.calendar().events({.office_id = office, .from = Date(2026, 12, 7), .to = Date(2026, 12, 9)}).empty());
}

TEST_CASE("a changed visit or meeting keeps its UID with a higher SEQUENCE", "[planning][zones]") {
    Desk o;
    const Id office = o.office.meta.id;
    auto plan_at = [&](int start) {
        planner::Plan p;
        p.stops.push_back({.employer_id = o.gulmue.meta.id,
                           .arrive_minute = start,
                           .start_minute = start,
                           .depart_minute = start + 45});
        return o.db.planner().save(o.bruno.meta.id, kTuesday, p);
    };
    auto visit_event = [&] {
        for (const auto& e : o.db.calendar().events({.office_id = office, .from = kTuesday, .to = kTuesday}))
            if (e.categories[0] == "visita") return e;
        FAIL("no visit");
        return ical::Event{};
    };
    const auto first = plan_at(600);
    CHECK(first[0].event_uuid == first[0].meta.uuid);
    CHECK(first[0].revision == 0);
    const ical::Event was = visit_event();
    CHECK(was.uid == first[0].meta.uuid + "@omilcrm");
    CHECK(was.sequence == 0);

    const auto moved = plan_at(660);  // the same visit, an hour later
    CHECK(moved[0].meta.uuid != first[0].meta.uuid);
    CHECK(moved[0].event_uuid == first[0].meta.uuid);
    CHECK(moved[0].revision == 1);
    const ical::Event now = visit_event();
    CHECK(now.uid == was.uid);
    CHECK(now.sequence == 1);
    CHECK(*now.start_minute == 660);
    CHECK(plan_at(660)[0].revision == 1);  // saved again unchanged: no new revision
    CHECK(plan_at(690)[0].revision == 2);
    const std::string ics = o.db.calendar().ics({.office_id = office, .from = kTuesday, .to = kTuesday});
    CHECK(omt::contains(ics, "\r\nUID:" + first[0].meta.uuid + "@omilcrm\r\nDTSTAMP:"));
    CHECK(omt::contains(ics, "\r\nSEQUENCE:2\r\n"));

    // A meeting: another rhythm, then a holiday of the office on a meeting day.
    Cluster park = o.db.clusters().add({.office_id = office,
                                        .name = "Parque",
                                        .kind = ClusterKind::IndustrialPark,
                                        .meets = Recurrence::monthly(1, Weekday::Thu)});
    CHECK(park.revision == 0);
    auto meeting_sequence = [&] {
        for (const auto& e :
             o.db.calendar().events({.office_id = office, .from = omt::test_day(), .to = Date(2027, 3, 1)}))
            if (e.categories[0] == "reunion") return e.sequence;
        return -1;
    };
    CHECK(meeting_sequence() == 0);
    CHECK(o.db.clusters().set_meets(park.meta.id, Recurrence::monthly(1, Weekday::Thu)).revision == 0);  // unchanged
    CHECK(o.db.clusters().set_meets(park.meta.id, Recurrence::monthly(2, Weekday::Thu)).revision == 1);
    CHECK(meeting_sequence() == 1);
    o.db.requests().add_holiday(office, Date(2027, 1, 14), "Aniversario de Concón");  // the 2nd Thursday
    CHECK(o.db.clusters().get(park.meta.id).revision == 2);
    CHECK(meeting_sequence() == 2);
    const auto events = o.db.calendar().events({.office_id = office, .from = omt::test_day(), .to = Date(2027, 3, 1)});
    for (const auto& e : events)
        if (e.categories[0] == "reunion")
            CHECK(std::find(e.except.begin(), e.except.end(), Date(2027, 1, 14)) != e.except.end());
}

TEST_CASE("an office's calendar, today and times are in its commune's time zone", "[planning][zones]") {
    Database db = omt::fresh_db();
    const Office pa = db.offices().add({.name = "OMIL Punta Arenas", .commune = "Punta Arenas"});
    const Office concon = db.offices().add({.name = "OMIL Concón", .commune = "concon"});
    CHECK(pa.time_zone() == "America/Punta_Arenas");
    CHECK(concon.time_zone() == "America/Santiago");
    const StaffMember s = db.staff().add(
        {.office_id = pa.meta.id, .name = "Rosa Díaz", .role = StaffRole::Head, .started = Date(2026, 1, 5)});
    NewEmployer e;
    e.office_id = pa.meta.id;
    e.rut = "76.086.428-5";
    e.legal_name = "Frigorífico Austral SpA";
    const Employer austral = db.employers().add(e);
    planner::Plan p;
    p.stops.push_back(
        {.employer_id = austral.meta.id, .arrive_minute = 600, .start_minute = 600, .depart_minute = 660});
    db.planner().save(s.meta.id, Date(2026, 7, 7), p);
    const std::string ics =
        db.calendar().ics({.office_id = pa.meta.id, .from = Date(2026, 7, 1), .to = Date(2026, 7, 31)});
    // 10:00 in Punta Arenas is 13:00Z (UTC-3 all year), not Santiago's 14:00Z.
    CHECK(omt::contains(ics, "\r\nX-WR-TIMEZONE:America/Punta_Arenas\r\n"));
    CHECK(omt::contains(ics, "\r\nDTSTART;TZID=America/Punta_Arenas:20260707T100000\r\n"));
    CHECK(omt::contains(ics, "\r\nTZOFFSETFROM:-0300\r\nTZOFFSETTO:-0300\r\n"));
    CHECK_FALSE(omt::contains(ics, "TZOFFSETTO:-0400"));
    CHECK(zones::instant_of(pa.time_zone(), Date(2026, 7, 7), 600) == omt::utc(2026, 7, 7, 13));

    // Today: at 03:30Z on 7 July it is 00:30 on the 7th in Punta Arenas (UTC-3 all year), still
    // the 6th in Santiago (23:30, UTC-4 in winter) and in Isla de Pascua (21:30, UTC-6).
    auto clock = std::make_shared<FixedClock>(omt::utc(2026, 7, 7, 3, 30));
    Database at = Database::open(":memory:", {.clock = clock});
    const Office pa2 = at.offices().add({.name = "OMIL Punta Arenas", .commune = "12101"});
    const Office stgo = at.offices().add({.name = "OMIL Santiago", .commune = "13101"});
    const Office easter = at.offices().add({.name = "OMIL Isla de Pascua", .commune = "05201"});
    CHECK(at.today() == Date(2026, 7, 6));
    CHECK(at.today(stgo.meta.id) == Date(2026, 7, 6));
    CHECK(at.today(pa2.meta.id) == Date(2026, 7, 7));
    CHECK(at.today(easter.meta.id) == Date(2026, 7, 6));
    CHECK_THROWS_AS(at.today(pa2.meta.id + 100), NotFound);
}
