// The interaction log through Database: visits with commitments and follow-ups, cluster meetings
// with attendance, corrections and removals, and how they feed the cadence.
#include <tuple>

#include "helpers.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;

namespace {

/// Concón with two employers, a contact each, and a 30-day office contact policy. Everything is
/// added on the test day (2026-11-23), so a never-contacted employer is due on 2026-11-23.
struct Setup {
    Database db = omt::fresh_db();
    omt::Concon c{db};
    Employer gulmue = db.employers().add(c.employer("76.086.428-5", "Logística Gulmué SpA"));
    Employer enap = db.employers().add(c.employer("12.345.678-5", "Refinería Concón"));
    Contact maria = db.contacts().add({.employer_id = gulmue.meta.id, .name = "María Pérez", .role = "RRHH"});
    Contact jose = db.contacts().add({.employer_id = gulmue.meta.id, .name = "José Díaz", .role = "Gerente"});
    Contact pedro = db.contacts().add({.employer_id = enap.meta.id, .name = "Pedro Lagos", .role = "RRHH"});
    CadencePolicy policy = db.cadence().add_policy({.office_id = c.office.meta.id, .interval_days = 30});

    Id office() const { return c.office.meta.id; }
    Id bruno() const { return c.manager.meta.id; }
    Id ana() const { return c.head.meta.id; }

    NewInteraction visit(Id employer, Date on) const {
        NewInteraction v;
        v.kind = InteractionKind::Visit;
        v.on = on;
        v.staff_id = bruno();
        v.employer_id = employer;
        v.summary = "Visita";
        return v;
    }

    const cadence::DueItem* due_item(Id employer, Date day, int within = 60) {
        due_cache = db.cadence().due(office(), day, {.within_days = within});
        for (const auto& d : due_cache)
            if (d.employer_id == employer) return &d;
        return nullptr;
    }
    std::vector<cadence::DueItem> due_cache;
};

std::vector<Id> ids_of(const std::vector<Interaction>& v) {
    std::vector<Id> out;
    for (const auto& i : v) out.push_back(i.meta.id);
    return out;
}

}  // namespace

TEST_CASE("Interactions: a visit is logged with its contacts, commitments and follow-ups in one call",
          "[interactions]") {
    Setup o;
    auto v = o.visit(o.gulmue.meta.id, Date(2026, 11, 20));
    v.at_minute = 10 * 60 + 30;
    v.contacts = {o.jose.meta.id, o.maria.meta.id};
    v.summary = "  Reunión con RRHH  ";
    v.outcome = "Necesitan 3 operarios";
    v.next_step = "Enviar CVs";
    v.commitments = {{.description = "Presentar Subsidio al Empleo Joven", .due = Date(2026, 11, 30)},
                     {.description = "Enviar oferta de curso SENCE", .due = Date(2026, 12, 5), .owner_id = o.ana()}};
    v.follow_ups = {{.description = "Llamar para confirmar vacantes", .due = Date(2026, 11, 25)}};
    const auto i = o.db.interactions().log(v);

    CHECK(i.meta.id > 0);
    CHECK(i.kind == InteractionKind::Visit);
    CHECK(i.summary == "Reunión con RRHH");  // trimmed
    CHECK(i.revision == 1);
    CHECK_FALSE(i.deleted);
    const auto got = o.db.interactions().get(i.meta.id);
    CHECK(got.office_id == o.office());
    CHECK(got.on == Date(2026, 11, 20));
    REQUIRE(got.at_minute.has_value());
    CHECK(*got.at_minute == 630);
    CHECK(got.staff_id == o.bruno());
    CHECK(got.employer_id == std::optional<Id>(o.gulmue.meta.id));
    CHECK_FALSE(got.cluster_id.has_value());
    CHECK(got.outcome == "Necesitan 3 operarios");
    CHECK(got.next_step == "Enviar CVs");
    CHECK(got.contacts == std::vector<Id>{o.maria.meta.id, o.jose.meta.id});  // sorted by id
    CHECK(got.attended.empty());
    CHECK(got.absent.empty());

    const auto commitments = o.db.commitments().open({.office_id = o.office()});
    REQUIRE(commitments.size() == 2u);
    CHECK(commitments[0].description == "Presentar Subsidio al Empleo Joven");
    CHECK(commitments[0].owner_id == o.bruno());  // owner 0 = the staff member of the interaction
    CHECK(commitments[0].employer_id == o.gulmue.meta.id);
    CHECK(commitments[0].interaction_id == std::optional<Id>(i.meta.id));
    CHECK(commitments[0].status == CommitmentStatus::Open);
    CHECK(commitments[1].owner_id == o.ana());
    CHECK(commitments[1].due == Date(2026, 12, 5));
    const auto follow_ups = o.db.follow_ups().open({.office_id = o.office()});
    REQUIRE(follow_ups.size() == 1u);
    CHECK(follow_ups[0].owner_id == o.bruno());
    CHECK(follow_ups[0].employer_id == std::optional<Id>(o.gulmue.meta.id));
    CHECK(follow_ups[0].interaction_id == std::optional<Id>(i.meta.id));
    CHECK_FALSE(follow_ups[0].done_on.has_value());

    CHECK(ids_of(o.db.interactions().of_employer(o.gulmue.meta.id)) == std::vector<Id>{i.meta.id});
    CHECK(o.db.interactions().of_employer(o.enap.meta.id).empty());
}

TEST_CASE("Interactions: a bad commitment or follow-up leaves nothing behind", "[interactions]") {
    Setup o;
    auto v = o.visit(o.gulmue.meta.id, Date(2026, 11, 20));
    v.contacts = {o.maria.meta.id};
    v.commitments = {{.description = "Una buena", .due = Date(2026, 11, 30)},
                     {.description = "   ", .due = Date(2026, 11, 30)}};
    v.follow_ups = {{.description = "Llamar", .due = Date(2026, 11, 25)}};
    CHECK(capture<ValidationError>([&] { o.db.interactions().log(v); }).field() == "commitments.description");

    auto check_nothing = [&] {
        CHECK(o.db.interactions().of_employer(o.gulmue.meta.id).empty());
        CHECK(o.db.interactions().table(o.office()).rows() == 0u);
        CHECK(o.db.interactions().contact_events(o.office()).empty());
        CHECK(o.db.commitments().open({.office_id = o.office()}).empty());
        CHECK(o.db.commitments().table({.office_id = o.office()}).rows() == 0u);
        CHECK(o.db.follow_ups().open({.office_id = o.office()}).empty());
    };
    check_nothing();

    // The same with a bad follow-up, and with a commitment owner who does not work there that day.
    v.commitments = {{.description = "Una buena", .due = Date(2026, 11, 30)}};
    v.follow_ups = {{.description = "Llamar", .due = Date(2026, 11, 25)},
                    {.description = "", .due = Date(2026, 11, 25)}};
    CHECK(capture<ValidationError>([&] { o.db.interactions().log(v); }).field() == "follow_ups.description");
    check_nothing();
    const auto elena = o.db.staff().add({.office_id = o.office(),
                                         .name = "Elena Muñoz",
                                         .role = StaffRole::TerritorialManager,
                                         .started = Date(2026, 11, 21)});
    v.follow_ups = {{.description = "Llamar", .due = Date(2026, 11, 25)}};
    v.commitments = {{.description = "Una buena", .due = Date(2026, 11, 30), .owner_id = elena.meta.id}};
    CHECK(capture<ValidationError>([&] { o.db.interactions().log(v); }).field() == "commitments.owner");
    check_nothing();

    // Fixed, it goes through with everything.
    v.commitments[0].owner_id = 0;
    o.db.interactions().log(v);
    CHECK(o.db.interactions().of_employer(o.gulmue.meta.id).size() == 1u);
    CHECK(o.db.commitments().open({.office_id = o.office()}).size() == 1u);
    CHECK(o.db.follow_ups().open({.office_id = o.office()}).size() == 1u);
}

TEST_CASE("Interactions: staff must work at the office that day, contacts must be the employer's", "[interactions]") {
    Setup o;
    // Bruno started on 2026-01-05.
    auto v = o.visit(o.gulmue.meta.id, Date(2026, 1, 4));
    auto e = capture<ValidationError>([&] { o.db.interactions().log(v); });
    CHECK(e.field() == "staff");
    CHECK(contains(e.reason(), "2026-01-04"));
    v.on = Date(2026, 1, 5);
    CHECK_NOTHROW(o.db.interactions().log(v));

    // Ana leaves on 2026-11-01: her last day is 10-31.
    o.db.staff().leave(o.ana(), Date(2026, 11, 1));
    v.staff_id = o.ana();
    v.on = Date(2026, 11, 1);
    CHECK(capture<ValidationError>([&] { o.db.interactions().log(v); }).field() == "staff");
    v.on = Date(2026, 10, 31);
    CHECK_NOTHROW(o.db.interactions().log(v));

    // Someone of another office.
    const auto vina = o.db.offices().add({.name = "OMIL Quintero", .commune = "Quintero"});
    const auto other = o.db.staff().add({.office_id = vina.meta.id,
                                         .name = "Carla Vega",
                                         .role = StaffRole::TerritorialManager,
                                         .started = Date(2026, 1, 1)});
    v.staff_id = other.meta.id;
    v.on = Date(2026, 11, 20);
    CHECK(capture<ValidationError>([&] { o.db.interactions().log(v); }).field() == "staff");

    // Pedro works for the refinery, not for Gulmué.
    v.staff_id = o.bruno();
    v.contacts = {o.maria.meta.id, o.pedro.meta.id};
    e = capture<ValidationError>([&] { o.db.interactions().log(v); });
    CHECK(e.field() == "contacts");
    CHECK(e.value() == std::to_string(o.pedro.meta.id));
    CHECK(o.db.interactions().of_employer(o.gulmue.meta.id).size() == 2u);  // the two accepted ones

    // A cluster meeting is not logged through log().
    v.contacts.clear();
    v.kind = InteractionKind::ClusterMeeting;
    CHECK(capture<ValidationError>([&] { o.db.interactions().log(v); }).field() == "kind");
}

TEST_CASE("Interactions: a cluster meeting records attendance for every member on that day", "[interactions]") {
    Setup o;
    const auto quintero = o.db.employers().add(o.c.employer(Rut::from_body(96790240).str(), "Oxiquim Quintero"));
    const auto left_early = o.db.employers().add(o.c.employer(Rut::from_body(77261280).str(), "Transportes Ruta 60"));
    const auto joined_late = o.db.employers().add(o.c.employer(Rut::from_body(78885550).str(), "Maestranza Concón"));
    auto& cl = o.db.clusters();
    const auto park =
        cl.add({.office_id = o.office(), .name = "Parque Industrial Gulmué", .kind = ClusterKind::IndustrialPark});
    const Id p = park.meta.id;
    cl.add_member(p, o.gulmue.meta.id, Date(2026, 1, 1));
    cl.add_member(p, o.enap.meta.id, Date(2026, 1, 1));
    cl.add_member(p, quintero.meta.id, Date(2026, 1, 1));
    cl.add_member(p, left_early.meta.id, Date(2026, 1, 1));
    cl.remove_member(p, left_early.meta.id, Date(2026, 11, 1));  // out before the meeting
    cl.add_member(p, joined_late.meta.id, Date(2026, 11, 11));   // in after the meeting

    // A company that is not a member that day cannot be marked present.
    CHECK(capture<ValidationError>([&] {
              o.db.interactions().log_cluster_meeting(
                  {.cluster_id = p, .on = Date(2026, 11, 10), .staff_id = o.bruno(), .attended = {left_early.meta.id}});
          }).field() == "attended");
    // Staff who did not work there that day are refused.
    CHECK(capture<ValidationError>([&] {
              o.db.interactions().log_cluster_meeting(
                  {.cluster_id = p, .on = Date(2025, 12, 10), .staff_id = o.bruno(), .attended = {}});
          }).field() == "staff");

    const auto m = o.db.interactions().log_cluster_meeting(
        {.cluster_id = p,
         .on = Date(2026, 11, 10),
         .at_minute = 9 * 60,
         .staff_id = o.bruno(),
         .attended = {quintero.meta.id, o.gulmue.meta.id},
         .contacts = {o.maria.meta.id},
         .summary = "Reunión mensual",
         .follow_ups = {{.description = "Enviar acta", .due = Date(2026, 11, 12)}}});
    CHECK(m.kind == InteractionKind::ClusterMeeting);
    CHECK(m.cluster_id == std::optional<Id>(p));
    CHECK_FALSE(m.employer_id.has_value());
    const auto got = o.db.interactions().get(m.meta.id);
    // Members on 11-10: Gulmué, the refinery, Oxiquim. Ruta 60 left on 11-01, Maestranza joined
    // on 11-11: neither is listed at all.
    CHECK(got.attended == std::vector<Id>{o.gulmue.meta.id, quintero.meta.id});
    CHECK(got.absent == std::vector<Id>{o.enap.meta.id});
    CHECK(got.contacts == std::vector<Id>{o.maria.meta.id});
    const auto fu = o.db.follow_ups().open({.office_id = o.office()});
    REQUIRE(fu.size() == 1u);
    CHECK_FALSE(fu[0].employer_id.has_value());
    CHECK(fu[0].interaction_id == std::optional<Id>(m.meta.id));
    CHECK(fu[0].owner_id == o.bruno());

    // It is in the history of the attendees only.
    CHECK(ids_of(o.db.interactions().of_employer(o.gulmue.meta.id)) == std::vector<Id>{m.meta.id});
    CHECK(ids_of(o.db.interactions().of_employer(quintero.meta.id)) == std::vector<Id>{m.meta.id});
    CHECK(o.db.interactions().of_employer(o.enap.meta.id).empty());
    CHECK(o.db.interactions().of_employer(left_early.meta.id).empty());

    // Cadence on 11-23 (30 days, everyone added 11-23): attendees last contacted 11-10, due
    // 12-10, 17 days left; the absent refinery was never contacted: due 11-23, 0 days.
    auto d = o.db.cadence().due(o.office(), Date(2026, 11, 23));
    std::vector<Id> due_ids;
    for (const auto& x : d) due_ids.push_back(x.employer_id);
    // Never contacted, all 0 days overdue, by id: refinery, Ruta 60, Maestranza.
    CHECK(due_ids == std::vector<Id>{o.enap.meta.id, left_early.meta.id, joined_late.meta.id});
    const auto* g = o.due_item(o.gulmue.meta.id, Date(2026, 11, 23), 17);
    REQUIRE(g != nullptr);
    REQUIRE(g->last_contact.has_value());
    CHECK(*g->last_contact == Date(2026, 11, 10));
    CHECK(g->due == Date(2026, 12, 10));
    CHECK(g->days_overdue == -17);
    CHECK(o.due_item(o.gulmue.meta.id, Date(2026, 11, 23), 16) == nullptr);
    const auto* r = o.due_item(o.enap.meta.id, Date(2026, 11, 23));
    REQUIRE(r != nullptr);
    CHECK_FALSE(r->last_contact.has_value());

    // The attendance table: one row per member recorded, by name.
    const auto t = o.db.clusters().attendance(p);
    REQUIRE(t.rows() == 3u);
    CHECK(t.column("employer").texts ==
          std::vector<std::string>{"Logística Gulmué SpA", "Oxiquim Quintero", "Refinería Concón"});
    CHECK(t.column("attended").ints == std::vector<std::int64_t>{1, 1, 0});
    CHECK(t.column("interaction_id").ints == std::vector<std::int64_t>(3, std::int64_t(m.meta.id)));
    CHECK(t.column("date").text_at(0) == "2026-11-10");

    // The interaction table: one row per member of the meeting (attended or not), plus a visit.
    o.db.interactions().log(o.visit(o.enap.meta.id, Date(2026, 11, 12)));
    const auto it = o.db.interactions().table(o.office());
    REQUIRE(it.rows() == 4u);
    // By date, then id, then employer id: the meeting's three rows, then the visit.
    CHECK(it.column("employer_id").ints ==
          std::vector<std::int64_t>{std::int64_t(o.gulmue.meta.id), std::int64_t(o.enap.meta.id),
                                    std::int64_t(quintero.meta.id), std::int64_t(o.enap.meta.id)});
    CHECK(it.column("attended").ints == std::vector<std::int64_t>{1, 0, 1, 1});
    CHECK(it.column("kind").texts ==
          std::vector<std::string>{"cluster_meeting", "cluster_meeting", "cluster_meeting", "visit"});
    CHECK(it.column("cluster").text_at(0) == "Parque Industrial Gulmué");
    CHECK(it.column("cluster").text_at(3) == "");
    CHECK(it.column("time").text_at(0) == "09:00");
    CHECK(it.column("staff").text_at(0) == "Bruno Soto");
    // Only the 11-12 visit between 11-11 and 11-30.
    CHECK(o.db.interactions().table(o.office(), Date(2026, 11, 11), Date(2026, 11, 30)).rows() == 1u);
    CHECK(o.db.interactions().table(o.office(), Date(2026, 11, 10), Date(2026, 11, 10)).rows() == 3u);
}

TEST_CASE("Interactions: the table lists by day, time (none first), interaction and member, however they were logged",
          "[interactions]") {
    Setup o;
    const Id g = o.gulmue.meta.id, e = o.enap.meta.id;  // g < e
    const auto park = o.db.clusters().add(
        {.office_id = o.office(), .name = "Parque Industrial Gulmué", .kind = ClusterKind::IndustrialPark});
    o.db.clusters().add_member(park.meta.id, g, Date(2026, 1, 1));
    o.db.clusters().add_member(park.meta.id, e, Date(2026, 1, 1));
    auto at = [&](Id employer, Date on, std::optional<int> minute) {
        auto v = o.visit(employer, on);
        v.at_minute = minute;
        return o.db.interactions().log(v).meta.id;
    };
    auto meeting = [&](Date on, std::optional<int> minute) {
        return o.db.interactions()
            .log_cluster_meeting(
                {.cluster_id = park.meta.id, .on = on, .at_minute = minute, .staff_id = o.bruno(), .attended = {g}})
            .meta.id;
    };
    // Logged out of order, as an office catches up on its notes.
    const Id afternoon = at(g, Date(2026, 11, 10), 15 * 60);
    const Id untimed = at(e, Date(2026, 11, 10), std::nullopt);
    const Id morning_meeting = meeting(Date(2026, 11, 10), 9 * 60);
    const Id day_before = at(e, Date(2026, 11, 9), 16 * 60);
    const Id morning = at(g, Date(2026, 11, 10), 9 * 60);
    const Id afternoon_too = at(e, Date(2026, 11, 10), 15 * 60);
    const Id removed = at(g, Date(2026, 11, 10), 10 * 60);
    const Id next_meeting = meeting(Date(2026, 11, 11), std::nullopt);
    const Id next_day = at(g, Date(2026, 11, 11), 8 * 60);
    o.db.interactions().remove(removed, "Registrada dos veces");

    auto ids = [](const Table& t) { return t.column("id").ints; };
    auto employers = [](const Table& t) { return t.column("employer_id").ints; };
    using V = std::vector<std::int64_t>;
    const auto t = o.db.interactions().table(o.office());
    CHECK(ids(t) == V{day_before, untimed, morning_meeting, morning_meeting, morning, afternoon, afternoon_too,
                      next_meeting, next_meeting, next_day});
    CHECK(employers(t) == V{e, e, g, e, g, g, e, g, e, g});
    CHECK(t.column("attended").ints == V{1, 1, 1, 0, 1, 1, 1, 1, 0, 1});
    CHECK(t.column("time").text_at(1) == "");
    CHECK_FALSE(t.column("time").valid[1]);
    CHECK(t.column("time").text_at(2) == "09:00");
    CHECK(t.column("kind").texts[2] == "cluster_meeting");
    CHECK(t.column("cluster").texts[3] == "Parque Industrial Gulmué");
    CHECK(t.column("employer").texts[3] == "Refinería Concón");

    // A period keeps the order; a corrected time moves the row with it.
    const auto day = o.db.interactions().table(o.office(), Date(2026, 11, 10), Date(2026, 11, 10));
    CHECK(ids(day) == V{untimed, morning_meeting, morning_meeting, morning, afternoon, afternoon_too});
    o.db.interactions().correct(afternoon, {.at_minute = std::optional<int>(8 * 60), .reason = "Fue en la mañana"});
    o.db.interactions().correct(next_day, {.at_minute = std::optional<int>(), .reason = "Hora desconocida"});
    const auto after = o.db.interactions().table(o.office());
    CHECK(ids(after) == V{day_before, untimed, afternoon, morning_meeting, morning_meeting, morning, afternoon_too,
                          next_meeting, next_meeting, next_day});
    CHECK(employers(after) == V{e, e, g, g, e, g, e, g, e, g});
    // A time-less row and a time-less meeting on the same day: by interaction.
    CHECK_FALSE(after.column("time").valid[9]);
}

TEST_CASE("Interactions: the due list counts the latest meeting each member attended, however they were logged",
          "[interactions][cadence]") {
    Setup o;
    const Id g = o.gulmue.meta.id, e = o.enap.meta.id;
    const auto park = o.db.clusters().add(
        {.office_id = o.office(), .name = "Parque Industrial Gulmué", .kind = ClusterKind::IndustrialPark});
    o.db.clusters().add_member(park.meta.id, g, Date(2026, 1, 1));
    o.db.clusters().add_member(park.meta.id, e, Date(2026, 1, 1));
    auto meeting = [&](Date on, std::vector<Id> attended) {
        return o.db.interactions()
            .log_cluster_meeting({.cluster_id = park.meta.id, .on = on, .staff_id = o.bruno(), .attended = attended})
            .meta.id;
    };
    meeting(Date(2026, 11, 10), {g});
    meeting(Date(2026, 10, 1), {g, e});  // logged late
    meeting(Date(2026, 11, 15), {});     // nobody came
    const Id twice = meeting(Date(2026, 11, 20), {g, e});
    o.db.interactions().remove(twice, "Registrada dos veces");

    // 30 days from the last meeting attended on or before the day.
    const auto* dg = o.due_item(g, Date(2026, 11, 23));
    REQUIRE(dg != nullptr);
    CHECK(dg->last_contact == std::optional<Date>(Date(2026, 11, 10)));
    const auto* de = o.due_item(e, Date(2026, 11, 23));
    REQUIRE(de != nullptr);
    CHECK(de->last_contact == std::optional<Date>(Date(2026, 10, 1)));
    CHECK(de->days_overdue == 23);
}

TEST_CASE("Interactions: correct keeps the previous version and bumps the revision", "[interactions]") {
    Setup o;
    auto v = o.visit(o.gulmue.meta.id, Date(2026, 11, 10));
    v.at_minute = 600;
    v.summary = "Visita a planta";
    const auto i = o.db.interactions().log(v);
    CHECK(o.db.interactions().revisions(i.meta.id).empty());

    const auto c1 = o.db.interactions().correct(i.meta.id, {.kind = InteractionKind::PhoneCall,
                                                            .on = Date(2026, 11, 12),
                                                            .summary = "Llamada, no visita",
                                                            .reason = "mal registrada"});
    CHECK(c1.revision == 2);
    CHECK(c1.kind == InteractionKind::PhoneCall);
    CHECK(c1.on == Date(2026, 11, 12));
    CHECK(c1.summary == "Llamada, no visita");
    CHECK(c1.at_minute == std::optional<int>(600));  // unset fields stay
    auto revs = o.db.interactions().revisions(i.meta.id);
    REQUIRE(revs.size() == 1u);
    CHECK(revs[0].interaction_id == i.meta.id);
    CHECK(revs[0].revision == 1);
    CHECK(revs[0].kind == InteractionKind::Visit);
    CHECK(revs[0].on == Date(2026, 11, 10));
    CHECK(revs[0].summary == "Visita a planta");
    CHECK(revs[0].reason == "mal registrada");

    // Clear the time, give it to Ana.
    const auto c2 = o.db.interactions().correct(
        i.meta.id, {.at_minute = std::optional<int>{}, .staff_id = o.ana(), .reason = "fue Ana"});
    CHECK(c2.revision == 3);
    CHECK_FALSE(c2.at_minute.has_value());
    CHECK(c2.staff_id == o.ana());
    revs = o.db.interactions().revisions(i.meta.id);
    REQUIRE(revs.size() == 2u);
    CHECK(revs[1].revision == 2);
    CHECK(revs[1].kind == InteractionKind::PhoneCall);
    CHECK(revs[1].at_minute == std::optional<int>(600));
    CHECK(revs[1].staff_id == o.bruno());
    CHECK(revs[1].reason == "fue Ana");

    // A correction to a day the staff member did not work is refused, and changes nothing.
    CHECK(capture<ValidationError>([&] {
              o.db.interactions().correct(i.meta.id, {.on = Date(2025, 12, 1), .reason = "x"});
          }).field() == "staff");
    CHECK(capture<ValidationError>([&] {
              o.db.interactions().correct(i.meta.id, {.kind = InteractionKind::ClusterMeeting});
          }).field() == "kind");
    CHECK(o.db.interactions().get(i.meta.id).revision == 3);
    CHECK(o.db.interactions().revisions(i.meta.id).size() == 2u);

    // The table shows the current version.
    const auto t = o.db.interactions().table(o.office());
    REQUIRE(t.rows() == 1u);
    CHECK(t.column("kind").text_at(0) == "phone_call");
    CHECK(t.column("revision").ints[0] == 3);
    // The cadence follows the corrected date: last contact 11-12.
    const auto* d = o.due_item(o.gulmue.meta.id, Date(2026, 11, 23));
    REQUIRE(d != nullptr);
    CHECK(d->last_contact == std::optional<Date>(Date(2026, 11, 12)));
}

TEST_CASE("Interactions: remove hides from lists and cadence but keeps the record and its history", "[interactions]") {
    Setup o;
    const auto i = o.db.interactions().log(o.visit(o.gulmue.meta.id, Date(2026, 11, 20)));
    const auto* d = o.due_item(o.gulmue.meta.id, Date(2026, 11, 23));
    REQUIRE(d != nullptr);
    CHECK(d->last_contact == std::optional<Date>(Date(2026, 11, 20)));

    const auto r = o.db.interactions().remove(i.meta.id, "duplicada");
    CHECK(r.deleted);
    CHECK(r.revision == 2);
    CHECK(o.db.interactions().of_employer(o.gulmue.meta.id).empty());
    CHECK(o.db.interactions().table(o.office()).rows() == 0u);
    CHECK(o.db.interactions().contact_events(o.office()).empty());
    // Back to never contacted: due the day it was added (11-23), 0 days overdue.
    d = o.due_item(o.gulmue.meta.id, Date(2026, 11, 23), 0);
    REQUIRE(d != nullptr);
    CHECK_FALSE(d->last_contact.has_value());
    CHECK(d->days_overdue == 0);

    const auto got = o.db.interactions().get(i.meta.id);
    CHECK(got.deleted);
    CHECK(got.summary == "Visita");
    CHECK(got.on == Date(2026, 11, 20));
    const auto revs = o.db.interactions().revisions(i.meta.id);
    REQUIRE(revs.size() == 1u);
    CHECK(revs[0].revision == 1);
    CHECK(revs[0].summary == "Visita");
    CHECK(contains(revs[0].reason, "duplicada"));
    // A removed interaction cannot be corrected; removing again changes nothing.
    capture<Conflict>([&] { o.db.interactions().correct(i.meta.id, {.summary = "x"}); });
    CHECK(o.db.interactions().remove(i.meta.id, "otra vez").revision == 2);
    CHECK(o.db.interactions().revisions(i.meta.id).size() == 1u);

    // A removed cluster meeting disappears from attendance and from the attendees' cadence.
    const auto park = o.db.clusters().add({.office_id = o.office(), .name = "Parque"});
    o.db.clusters().add_member(park.meta.id, o.enap.meta.id, Date(2026, 1, 1));
    const auto m = o.db.interactions().log_cluster_meeting(
        {.cluster_id = park.meta.id, .on = Date(2026, 11, 18), .staff_id = o.bruno(), .attended = {o.enap.meta.id}});
    CHECK(o.db.clusters().attendance(park.meta.id).rows() == 1u);
    CHECK(o.due_item(o.enap.meta.id, Date(2026, 11, 23))->last_contact == std::optional<Date>(Date(2026, 11, 18)));
    o.db.interactions().remove(m.meta.id, "no se hizo");
    CHECK(o.db.clusters().attendance(park.meta.id).rows() == 0u);
    CHECK(o.db.interactions().of_employer(o.enap.meta.id).empty());
    CHECK_FALSE(o.due_item(o.enap.meta.id, Date(2026, 11, 23))->last_contact.has_value());
    CHECK(o.db.interactions().get(m.meta.id).attended == std::vector<Id>{o.enap.meta.id});
}

TEST_CASE("Interactions: upcoming cluster meetings of the office, by date then cluster", "[interactions]") {
    Setup o;
    auto& cl = o.db.clusters();
    // 2026-11-23 is a Monday; 2026-12-01 a Tuesday, so the first Thursday of December is 12-03
    // (November's, 11-05, is past).
    const Id a = cl.add({.office_id = o.office(), .name = "A", .meets = Recurrence::monthly(1, Weekday::Thu)}).meta.id;
    const Id b = cl.add({.office_id = o.office(), .name = "B", .meets = Recurrence::weekly(Weekday::Mon)}).meta.id;
    cl.add({.office_id = o.office(), .name = "Sin ritmo"});
    const Id d = cl.add({.office_id = o.office(), .name = "D", .meets = Recurrence::weekly(Weekday::Thu)}).meta.id;
    const auto other = o.db.offices().add({.name = "OMIL Quintero", .commune = "Quintero"});
    cl.add({.office_id = other.meta.id, .name = "Otro", .meets = Recurrence::weekly(Weekday::Mon)});

    using P = std::pair<Id, Date>;
    // From 11-23 for 14 days: through 12-07 (like within_days, the end day is included).
    CHECK(cl.upcoming(o.office(), Date(2026, 11, 23), 14) == std::vector<P>{{b, Date(2026, 11, 23)},
                                                                            {d, Date(2026, 11, 26)},
                                                                            {b, Date(2026, 11, 30)},
                                                                            {a, Date(2026, 12, 3)},
                                                                            {d, Date(2026, 12, 3)},
                                                                            {b, Date(2026, 12, 7)}});
    CHECK(cl.upcoming(o.office(), Date(2026, 11, 23), 13).size() == 5u);
    CHECK(cl.upcoming(o.office(), Date(2026, 11, 24), 1).empty());
    CHECK(cl.meetings(a, Date(2026, 11, 1), Date(2026, 12, 31)) ==
          std::vector<Date>{Date(2026, 11, 5), Date(2026, 12, 3)});
}

TEST_CASE("Interactions: day and minute counts of the due list, meetings and visit plans are not negative",
          "[interactions][cadence][planner]") {
    Setup o;
    auto field = [](auto f) { return capture<ValidationError>(f).field(); };
    CHECK(field([&] { o.db.cadence().due(o.office(), omt::test_day(), {.within_days = -5}); }) == "within_days");
    CHECK(field([&] { o.db.cadence().due_table(o.office(), omt::test_day(), {.within_days = -1}); }) == "within_days");
    CHECK(field([&] { o.db.clusters().upcoming(o.office(), omt::test_day(), -7); }) == "days");
    DayPlanRequest r{.staff_id = o.bruno(), .day = omt::test_day(), .start = planner::GeoPoint{-32.93, -71.52}};
    r.within_days = -3;
    CHECK(field([&] { o.db.planner().plan_day(r); }) == "within_days");
    r.within_days = 7;
    // No employer has coordinates, so no candidate reaches the planner's own check.
    r.visit_minutes = -45;
    const auto e = capture<ValidationError>([&] { o.db.planner().plan_day(r); });
    CHECK(e.field() == "visit_minutes");
    CHECK(e.value() == "-45");
    r.visit_minutes = 0;
    CHECK(field([&] { o.db.planner().plan_day(r); }) == "visit_minutes");
    r.visit_minutes = 45;
    CHECK(o.db.planner().plan_day(r).stops.empty());
}

// ---- log_many: the bulk path for loading history -------------------------------------------

namespace {

/// A month of history: visits with contacts, commitments (one for another owner) and follow-ups,
/// an inbound call, an e-mail.
std::vector<NewInteraction> history(const Setup& o) {
    auto a = o.visit(o.gulmue.meta.id, Date(2026, 11, 2));
    a.at_minute = 9 * 60;
    a.contacts = {o.maria.meta.id, o.jose.meta.id};
    a.summary = "  Reunión con RRHH  ";
    a.commitments = {{"Enviar 3 CVs", Date(2026, 11, 10), 0}, {"Charla de apresto", Date(2026, 11, 20), o.ana()}};
    a.follow_ups = {{"Llamar a María", Date(2026, 11, 5), 0}};
    NewInteraction b;
    b.kind = InteractionKind::PhoneCall;
    b.on = Date(2026, 11, 10);
    b.staff_id = o.ana();
    b.employer_id = o.enap.meta.id;
    b.direction = Direction::Inbound;
    b.contacts = {o.pedro.meta.id};
    b.outcome = "pide operarios";
    b.next_step = "visitar";
    auto c = o.visit(o.enap.meta.id, Date(2026, 11, 23));
    c.follow_ups = {{"Enviar propuesta", Date(2026, 11, 30), o.ana()}};
    NewInteraction d;
    d.kind = InteractionKind::Email;
    d.on = Date(2026, 11, 20);
    d.staff_id = o.bruno();
    d.employer_id = o.gulmue.meta.id;
    d.summary = "Envío de CVs";
    return {a, b, c, d};
}

std::vector<std::tuple<Id, Date, InteractionKind>> events_of(const std::vector<cadence::ContactEvent>& v) {
    std::vector<std::tuple<Id, Date, InteractionKind>> out;
    for (const auto& e : v) out.emplace_back(e.employer_id, e.on, e.kind);
    return out;
}

std::vector<std::tuple<Id, std::optional<Id>, std::optional<Id>, Id, std::string, Date>> follow_ups_of(
    const std::vector<FollowUp>& v) {
    std::vector<std::tuple<Id, std::optional<Id>, std::optional<Id>, Id, std::string, Date>> out;
    for (const auto& f : v)
        out.emplace_back(f.meta.id, f.employer_id, f.interaction_id, f.owner_id, f.description, f.due);
    return out;
}

/// Nothing of a refused batch is in the file.
void check_nothing_logged(Setup& o) {
    CHECK(o.db.interactions().table(o.office()).rows() == 0u);
    CHECK(o.db.commitments().open({.office_id = o.office()}).empty());
    CHECK(o.db.follow_ups().open({.office_id = o.office()}).empty());
}

}  // namespace

TEST_CASE("Interactions: log_many stores exactly what log stores row by row", "[interactions][bulk]") {
    Setup one, bulk;
    std::vector<Id> ids;
    for (const auto& row : history(one)) ids.push_back(one.db.interactions().log(row).meta.id);
    CHECK(bulk.db.interactions().log_many(history(bulk)) == ids);

    CHECK(omt::csv_without_uuid(bulk.db.interactions().table(bulk.office())) ==
          omt::csv_without_uuid(one.db.interactions().table(one.office())));
    CHECK(bulk.db.interactions().table(bulk.office()).rows() == 4u);
    const TaskFilter all{.office_id = one.office()};
    CHECK(omt::csv_without_uuid(bulk.db.commitments().table(all)) ==
          omt::csv_without_uuid(one.db.commitments().table(all)));
    CHECK(bulk.db.commitments().table(all).column("owner_id").ints ==
          std::vector<std::int64_t>{static_cast<std::int64_t>(one.bruno()), static_cast<std::int64_t>(one.ana())});
    CHECK(follow_ups_of(bulk.db.follow_ups().open(all)) == follow_ups_of(one.db.follow_ups().open(all)));
    CHECK(bulk.db.follow_ups().open(all).size() == 2u);
    CHECK(events_of(bulk.db.interactions().contact_events(bulk.office())) ==
          events_of(one.db.interactions().contact_events(one.office())));
    for (Id id : ids) {
        const Interaction a = one.db.interactions().get(id), b = bulk.db.interactions().get(id);
        CHECK(b.contacts == a.contacts);
        CHECK(b.summary == a.summary);
        CHECK(b.at_minute == a.at_minute);
        CHECK(b.direction == a.direction);
    }
    CHECK(bulk.db.interactions().get(ids[0]).summary == "Reunión con RRHH");
    // The cadence reads the same history: Gulmué last contacted on 11-20, ENAP on 11-23.
    CHECK(bulk.due_item(bulk.gulmue.meta.id, Date(2026, 12, 31))->last_contact ==
          std::optional<Date>(Date(2026, 11, 20)));
    CHECK(bulk.due_item(bulk.enap.meta.id, Date(2026, 12, 31))->last_contact ==
          std::optional<Date>(Date(2026, 11, 23)));
}

TEST_CASE("Interactions: log_many with a bad row logs nothing and names the row and field", "[interactions][bulk]") {
    Setup o;
    auto rows = history(o);

    SECTION("a contact of another employer") {
        rows[1].employer_id = o.gulmue.meta.id;  // Pedro works for ENAP
        const auto e = capture<ValidationError>([&] { o.db.interactions().log_many(rows); });
        CHECK(e.field() == "rows[1].contacts");
        CHECK(e.value() == std::to_string(o.pedro.meta.id));
        CHECK(contains(e.what(), "rows[1].contacts"));
    }
    SECTION("a day in the future") {
        rows[2].on = Date(2026, 11, 24);
        const auto e = capture<ValidationError>([&] { o.db.interactions().log_many(rows); });
        CHECK(e.field() == "rows[2].on");
        CHECK(e.value() == "2026-11-24");
    }
    SECTION("staff not yet at the office that day") {
        const Id carla =
            o.db.staff().add({.office_id = o.office(), .name = "Carla Díaz", .started = Date(2026, 11, 15)}).meta.id;
        rows[1].staff_id = carla;  // the call was on 11-10
        const auto e = capture<ValidationError>([&] { o.db.interactions().log_many(rows); });
        CHECK(e.field() == "rows[1].staff");
        CHECK(e.value() == std::to_string(carla));
    }
    SECTION("a staff member of another office owns a commitment") {
        const auto other = o.db.offices().add({.name = "OMIL Quintero", .commune = "Quintero"});
        const Id x =
            o.db.staff().add({.office_id = other.meta.id, .name = "Xavier", .started = Date(2026, 1, 5)}).meta.id;
        rows[0].commitments[1].owner_id = x;
        const auto e = capture<ValidationError>([&] { o.db.interactions().log_many(rows); });
        CHECK(e.field() == "rows[0].commitments.owner");
    }
    SECTION("a cluster meeting") {
        rows[3].kind = InteractionKind::ClusterMeeting;
        CHECK(capture<ValidationError>([&] { o.db.interactions().log_many(rows); }).field() == "rows[3].kind");
    }
    SECTION("an employer that does not exist") {
        rows[3].employer_id = 999;
        const auto e = capture<ValidationError>([&] { o.db.interactions().log_many(rows); });
        CHECK(e.field() == "rows[3].employer");
        CHECK(e.value() == "999");
    }
    SECTION("a follow-up without a description") {
        rows[2].follow_ups[0].description = "  ";
        CHECK(capture<ValidationError>([&] { o.db.interactions().log_many(rows); }).field() ==
              "rows[2].follow_ups.description");
    }
    check_nothing_logged(o);
}

TEST_CASE("Interactions: log_many of nothing writes nothing and joins a caller's transaction", "[interactions][bulk]") {
    Setup o;
    CHECK(o.db.interactions().log_many({}).empty());
    check_nothing_logged(o);
    {
        auto tx = o.db.transaction();
        CHECK(o.db.interactions().log_many(history(o)).size() == 4u);
    }  // not committed: rolled back
    check_nothing_logged(o);
    {
        auto tx = o.db.transaction();
        o.db.interactions().log(o.visit(o.gulmue.meta.id, Date(2026, 11, 3)));
        auto bad = history(o);
        bad[3].on = Date(2027, 1, 1);
        CHECK_THROWS_AS(o.db.interactions().log_many(bad), ValidationError);
        tx.commit();  // the refused batch left nothing; the visit before it stays
    }
    CHECK(o.db.interactions().table(o.office()).rows() == 1u);
    CHECK(o.db.commitments().open({.office_id = o.office()}).empty());
}

TEST_CASE(
    "Interactions: the stored due list equals the cadence engine's over every contact, whatever the "
    "policies count",
    "[interactions][cadence]") {
    // A seeded office: employers taken on through the year, in and out of two clusters, with
    // contacts of every kind (some removed, some moved), cluster meetings, and policies of every
    // scope, some counting every kind and some only a few. The due list read from the file
    // (latest contacts only, grouped by what each employer's policy counts) must be the engine's
    // answer over the whole log, on any day and track.
    Setup o;
    std::uint64_t seed = 20261123;
    auto rnd = [&](int n) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<int>((seed >> 33) % static_cast<std::uint64_t>(n));
    };
    const Date first(2026, 1, 5), today = omt::test_day();
    auto day_between = [&](Date a, Date b) { return a.add_days(rnd(b - a + 1)); };
    const std::vector<std::string> segments{"", "key_account", "pyme"};
    auto& cl = o.db.clusters();
    const Id park =
        cl.add({.office_id = o.office(), .name = "Parque Gulmué", .kind = ClusterKind::IndustrialPark}).meta.id;
    const Id guild =
        cl.add({.office_id = o.office(), .name = "Cámara de Comercio", .kind = ClusterKind::TradeAssociation}).meta.id;

    std::vector<cadence::EmployerFacts> facts;
    for (int i = 0; i < 40; ++i) {
        auto n = o.c.employer(Rut::from_body(70000000 + i * 7919).str(), "Empresa " + std::to_string(i));
        n.since = day_between(first, today);
        n.segment = segments[static_cast<std::size_t>(rnd(3))];
        const Employer e = o.db.employers().add(n);
        cadence::EmployerFacts f{
            .employer_id = e.meta.id, .owner_id = e.owner_id, .segment = e.segment, .added = *n.since};
        for (Id c : {park, guild}) {
            if (rnd(2)) continue;
            auto m = cl.add_member(c, e.meta.id, day_between(*n.since, today));
            if (!rnd(3) && m.joined < today)
                m = cl.remove_member(c, e.meta.id, day_between(m.joined.add_days(1), today));
            f.memberships.push_back(m);
        }
        facts.push_back(f);
    }
    const std::vector<InteractionKind> kinds{
        InteractionKind::Visit,   InteractionKind::PhoneCall, InteractionKind::Email, InteractionKind::Message,
        InteractionKind::Meeting, InteractionKind::Event,     InteractionKind::Other};
    std::vector<Id> logged;
    for (const auto& f : facts)
        for (int k = rnd(9); k > 0; --k) {
            NewInteraction v = o.visit(f.employer_id, day_between(f.added, today));
            v.kind = kinds[static_cast<std::size_t>(rnd(static_cast<int>(kinds.size())))];
            if (rnd(2)) v.at_minute = 8 * 60 + rnd(600);
            logged.push_back(o.db.interactions().log(v).meta.id);
        }
    for (int k = 0; k < 12; ++k) {
        const Id c = rnd(2) ? park : guild;
        const Date on = day_between(first, today);
        std::vector<Id> present;
        for (const auto& f : facts)
            for (const auto& m : f.memberships)
                if (m.cluster_id == c && m.member_on(on) && rnd(3)) present.push_back(f.employer_id);
        logged.push_back(
            o.db.interactions()
                .log_cluster_meeting({.cluster_id = c, .on = on, .staff_id = o.bruno(), .attended = present})
                .meta.id);
    }
    for (std::size_t k = 0; k < logged.size(); ++k) {
        if (rnd(10) == 0) o.db.interactions().remove(logged[k], "Registrada por error");
        else if (rnd(10) == 0 && o.db.interactions().get(logged[k]).employer_id) {
            const Date on = o.db.interactions().get(logged[k]).on;
            o.db.interactions().correct(logged[k], {.on = on.add_days(-rnd(5)), .reason = "Fecha corregida"});
        }
    }

    using K = InteractionKind;
    auto add = [&](PolicyScope scope, Id scope_id, std::string segment, int days, std::vector<K> counted,
                   std::string track = "contact") {
        o.db.cadence().add_policy({.office_id = o.office(),
                                   .track = std::move(track),
                                   .scope = scope,
                                   .scope_id = scope_id,
                                   .segment = std::move(segment),
                                   .interval_days = days,
                                   .kinds = std::move(counted)});
    };
    add(PolicyScope::Segment, 0, "key_account", 21, {K::Visit, K::PhoneCall, K::Meeting});
    add(PolicyScope::Cluster, park, "", 30, {K::Visit, K::Meeting, K::ClusterMeeting});
    add(PolicyScope::Cluster, guild, "", 45, {});
    add(PolicyScope::Employer, facts[3].employer_id, "", 14, {});
    add(PolicyScope::Employer, facts[5].employer_id, "", 10, {K::Email});
    add(PolicyScope::Office, 0, "", 90, {K::Visit}, "visit");
    add(PolicyScope::Cluster, guild, "", 60, {K::Visit, K::ClusterMeeting}, "visit");

    // The two employers of the fixture, never contacted, taken on today.
    for (const Employer* e : {&o.gulmue, &o.enap})
        facts.push_back({.employer_id = e->meta.id, .owner_id = e->owner_id, .segment = e->segment, .added = today});
    const auto every_contact = o.db.interactions().contact_events(o.office());
    std::size_t compared = 0;
    for (const std::string track : {"contact", "visit"}) {
        std::vector<CadencePolicy> policies;
        for (const auto& p : o.db.cadence().policies(o.office()))
            if (p.track == track) policies.push_back(p);
        for (const Date day : {Date(2026, 2, 1), Date(2026, 5, 15), Date(2026, 8, 31), Date(2026, 10, 20), today}) {
            const auto expected = cadence::due_list(facts, every_contact, policies, track, day, 400);
            const auto got = o.db.cadence().due(o.office(), day, {.track = track, .within_days = 400});
            INFO(track << " on " << day.iso());
            REQUIRE(got.size() == expected.size());
            for (std::size_t i = 0; i < got.size(); ++i) {
                INFO("row " << i << ", employer " << expected[i].employer_id);
                CHECK(got[i].employer_id == expected[i].employer_id);
                CHECK(got[i].last_contact == expected[i].last_contact);
                CHECK(got[i].due == expected[i].due);
                CHECK(got[i].policy_id == expected[i].policy_id);
                ++compared;
            }
        }
    }
    CHECK(compared > 150);
}
