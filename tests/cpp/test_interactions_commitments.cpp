// Commitments to employers and the office's follow-ups: open and overdue lists, closing them,
// handing them over with a portfolio.
#include "helpers.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;

namespace {

template <class T>
std::vector<Id> ids_of(const std::vector<T>& v) {
    std::vector<Id> out;
    for (const auto& x : v) out.push_back(x.meta.id);
    return out;
}

/// Concón on 2026-11-23 with Gulmué (owned by Bruno) and the refinery (owned by Ana).
struct Setup {
    Database db = omt::fresh_db();
    omt::Concon c{db};
    Employer gulmue = db.employers().add(c.employer("76.086.428-5", "Logística Gulmué SpA"));
    Employer enap = [this] {
        auto e = c.employer("12.345.678-5", "Refinería Concón");
        e.owner_id = c.head.meta.id;
        return db.employers().add(e);
    }();

    Id office() const { return c.office.meta.id; }
    Id bruno() const { return c.manager.meta.id; }
    Id ana() const { return c.head.meta.id; }
};

}  // namespace

TEST_CASE("Commitments: open and overdue lists by office, staff and employer", "[commitments]") {
    Setup s;
    auto& cm = s.db.commitments();
    REQUIRE(s.gulmue.owner_id == s.bruno());
    // Owner 0 = the employer's owner.
    const auto c1 = cm.add(s.gulmue.meta.id, {.description = "Enviar CVs", .due = Date(2026, 11, 20)});
    const auto c2 = cm.add(s.gulmue.meta.id, {.description = "Curso SENCE", .due = Date(2026, 11, 23)});
    const auto c3 = cm.add(s.enap.meta.id, {.description = "Poda de árboles", .due = Date(2026, 11, 10)});
    const auto c4 =
        cm.add(s.enap.meta.id, {.description = "Feria laboral", .due = Date(2026, 12, 1), .owner_id = s.bruno()});
    const auto c5 = cm.add(s.gulmue.meta.id, {.description = "Ya cumplido", .due = Date(2026, 11, 1)});
    const auto c6 = cm.add(s.enap.meta.id, {.description = "Cancelado", .due = Date(2026, 11, 5)});
    CHECK(c1.owner_id == s.bruno());
    CHECK(c3.owner_id == s.ana());
    CHECK(c4.owner_id == s.bruno());
    CHECK(c1.status == CommitmentStatus::Open);
    CHECK_FALSE(c1.interaction_id.has_value());
    cm.keep(c5.meta.id, Date(2026, 11, 2));
    cm.cancel(c6.meta.id, Date(2026, 11, 3), "La empresa ya no lo necesita");

    const Id o = s.office();
    // Open, soonest due first: c3 (11-10), c1 (11-20), c2 (11-23), c4 (12-01). c5 and c6 are
    // closed although due earlier.
    CHECK(ids_of(cm.open({.office_id = o})) == std::vector<Id>{c3.meta.id, c1.meta.id, c2.meta.id, c4.meta.id});
    CHECK(ids_of(cm.open({.office_id = o, .staff_id = s.bruno()})) ==
          std::vector<Id>{c1.meta.id, c2.meta.id, c4.meta.id});
    CHECK(ids_of(cm.open({.office_id = o, .staff_id = s.ana()})) == std::vector<Id>{c3.meta.id});
    CHECK(ids_of(cm.open({.office_id = o, .employer_id = s.enap.meta.id})) == std::vector<Id>{c3.meta.id, c4.meta.id});
    CHECK(ids_of(cm.open({.office_id = o, .staff_id = s.bruno(), .employer_id = s.enap.meta.id})) ==
          std::vector<Id>{c4.meta.id});
    CHECK_THROWS_AS(cm.open({.office_id = o + 100}), NotFound);  // no such office

    // Overdue = open and due BEFORE the day: on 11-23, c3 and c1; c2 (due that day) is not yet.
    CHECK(ids_of(cm.overdue({.office_id = o}, Date(2026, 11, 23))) == std::vector<Id>{c3.meta.id, c1.meta.id});
    CHECK(ids_of(cm.overdue({.office_id = o}, Date(2026, 11, 24))) ==
          std::vector<Id>{c3.meta.id, c1.meta.id, c2.meta.id});
    CHECK(ids_of(cm.overdue({.office_id = o, .staff_id = s.bruno()}, Date(2026, 11, 23))) ==
          std::vector<Id>{c1.meta.id});
    CHECK(ids_of(cm.overdue({.office_id = o, .employer_id = s.enap.meta.id}, Date(2026, 11, 23))) ==
          std::vector<Id>{c3.meta.id});
    // On 11-10 nothing is overdue: c3 is due that day, c5 (11-01) and c6 (11-05) are closed.
    CHECK(cm.overdue({.office_id = o}, Date(2026, 11, 10)).empty());
    CHECK(ids_of(cm.overdue({.office_id = o}, Date(2026, 12, 2))) ==
          std::vector<Id>{c3.meta.id, c1.meta.id, c2.meta.id, c4.meta.id});

    CHECK(c1.overdue_on(Date(2026, 11, 21)));
    CHECK_FALSE(c1.overdue_on(Date(2026, 11, 20)));
    CHECK_FALSE(cm.get(c5.meta.id).overdue_on(Date(2026, 12, 1)));

    // The table lists every commitment, closed ones too.
    const auto t = cm.table({.office_id = o});
    REQUIRE(t.rows() == 6u);
    CHECK(t.column("status").texts == std::vector<std::string>{"kept", "cancelled", "open", "open", "open", "open"});
    CHECK(t.column("owner").text_at(2) == "Ana Rojas");
}

TEST_CASE("Commitments: keep and cancel close a commitment once", "[commitments]") {
    Setup s;
    auto& cm = s.db.commitments();
    const auto a = cm.add(s.gulmue.meta.id, {.description = "Enviar CVs", .due = Date(2026, 11, 30)});
    const auto b = cm.add(s.gulmue.meta.id, {.description = "Curso", .due = Date(2026, 11, 30)});

    const auto kept = cm.keep(a.meta.id, Date(2026, 11, 23));
    CHECK(kept.status == CommitmentStatus::Kept);
    CHECK(kept.closed_on == std::optional<Date>(Date(2026, 11, 23)));
    CHECK(kept.reason.empty());
    capture<Conflict>([&] { cm.keep(a.meta.id, Date(2026, 11, 24)); });
    capture<Conflict>([&] { cm.cancel(a.meta.id, Date(2026, 11, 24), "no"); });
    CHECK(cm.get(a.meta.id).closed_on == std::optional<Date>(Date(2026, 11, 23)));

    // Cancelling needs a reason.
    CHECK(capture<ValidationError>([&] { cm.cancel(b.meta.id, Date(2026, 11, 23), ""); }).field() == "reason");
    CHECK(capture<ValidationError>([&] { cm.cancel(b.meta.id, Date(2026, 11, 23), "   "); }).field() == "reason");
    CHECK(cm.get(b.meta.id).status == CommitmentStatus::Open);
    const auto cancelled = cm.cancel(b.meta.id, Date(2026, 11, 24), "  Fuera de nuestro alcance ");
    CHECK(cancelled.status == CommitmentStatus::Cancelled);
    CHECK(cancelled.reason == "Fuera de nuestro alcance");
    CHECK(cancelled.closed_on == std::optional<Date>(Date(2026, 11, 24)));
    capture<Conflict>([&] { cm.cancel(b.meta.id, Date(2026, 11, 25), "otra vez"); });
    capture<Conflict>([&] { cm.keep(b.meta.id, Date(2026, 11, 25)); });
    CHECK(cm.open({.office_id = s.office()}).empty());

    capture<NotFound>([&] { cm.keep(9999, Date(2026, 11, 23)); });
    // Empty description refused.
    CHECK(capture<ValidationError>([&] {
              cm.add(s.gulmue.meta.id, {.description = " ", .due = Date(2026, 11, 30)});
          }).field() == "description");
}

TEST_CASE("Commitments: follow-ups open, overdue and done", "[commitments]") {
    Setup s;
    auto& fu = s.db.follow_ups();
    const Id o = s.office();
    const auto f1 =
        fu.add(o, {.description = "Llamar", .due = Date(2026, 11, 20), .owner_id = s.bruno()}, s.gulmue.meta.id);
    const auto f2 = fu.add(o, {.description = "Enviar acta", .due = Date(2026, 11, 23), .owner_id = s.bruno()});
    const auto f3 =
        fu.add(o, {.description = "Ya hecho", .due = Date(2026, 11, 1), .owner_id = s.ana()}, s.enap.meta.id);
    const auto f4 = fu.add(o, {.description = "Revisar", .due = Date(2026, 11, 15), .owner_id = s.ana()});
    CHECK(capture<ValidationError>([&] { fu.add(o, {.description = "x", .due = Date(2026, 11, 20)}); }).field() ==
          "owner");

    const auto d3 = fu.done(f3.meta.id, Date(2026, 11, 2));
    CHECK(d3.done_on == std::optional<Date>(Date(2026, 11, 2)));
    capture<Conflict>([&] { fu.done(f3.meta.id, Date(2026, 11, 3)); });

    // Open by due: f4 (11-15), f1 (11-20), f2 (11-23).
    CHECK(ids_of(fu.open({.office_id = o})) == std::vector<Id>{f4.meta.id, f1.meta.id, f2.meta.id});
    CHECK(ids_of(fu.open({.office_id = o, .staff_id = s.bruno()})) == std::vector<Id>{f1.meta.id, f2.meta.id});
    CHECK(ids_of(fu.open({.office_id = o, .employer_id = s.gulmue.meta.id})) == std::vector<Id>{f1.meta.id});
    CHECK(fu.open({.office_id = o, .employer_id = s.enap.meta.id}).empty());  // f3 is done
    // Overdue on 11-23: f4 and f1 (f2 is due that day; f3 done).
    CHECK(ids_of(fu.overdue({.office_id = o}, Date(2026, 11, 23))) == std::vector<Id>{f4.meta.id, f1.meta.id});
    CHECK(ids_of(fu.overdue({.office_id = o, .staff_id = s.ana()}, Date(2026, 11, 23))) == std::vector<Id>{f4.meta.id});
    fu.done(f1.meta.id, Date(2026, 11, 23));
    CHECK(ids_of(fu.overdue({.office_id = o}, Date(2026, 11, 24))) == std::vector<Id>{f4.meta.id, f2.meta.id});
    CHECK(ids_of(fu.open({.office_id = o, .staff_id = s.bruno()})) == std::vector<Id>{f2.meta.id});
}

TEST_CASE("Commitments: hand_over moves open commitments and follow-ups to the successor", "[commitments]") {
    Setup s;
    auto& cm = s.db.commitments();
    auto& fu = s.db.follow_ups();
    const Id o = s.office();
    const auto elena = s.db.staff().add(
        {.office_id = o, .name = "Elena Muñoz", .role = StaffRole::TerritorialManager, .started = Date(2026, 11, 23)});
    const Id el = elena.meta.id;
    // Bruno's: open a1 and a2 (a2 to Ana's employer), kept a3, cancelled a4; Ana's open a5.
    const auto a1 = cm.add(s.gulmue.meta.id, {.description = "a1", .due = Date(2026, 11, 30)});
    const auto a2 = cm.add(s.enap.meta.id, {.description = "a2", .due = Date(2026, 12, 5), .owner_id = s.bruno()});
    const auto a3 = cm.add(s.gulmue.meta.id, {.description = "a3", .due = Date(2026, 11, 10)});
    const auto a4 = cm.add(s.gulmue.meta.id, {.description = "a4", .due = Date(2026, 11, 11)});
    const auto a5 = cm.add(s.enap.meta.id, {.description = "a5", .due = Date(2026, 11, 12)});
    cm.keep(a3.meta.id, Date(2026, 11, 10));
    cm.cancel(a4.meta.id, Date(2026, 11, 11), "no aplica");
    // Follow-ups: Bruno open f1, done f2; Ana open f3.
    const auto f1 = fu.add(o, {.description = "f1", .due = Date(2026, 11, 25), .owner_id = s.bruno()});
    const auto f2 = fu.add(o, {.description = "f2", .due = Date(2026, 11, 20), .owner_id = s.bruno()});
    const auto f3 = fu.add(o, {.description = "f3", .due = Date(2026, 11, 26), .owner_id = s.ana()});
    fu.done(f2.meta.id, Date(2026, 11, 21));
    // A third employer given to Bruno from 12-10 on: a hand-over dated 12-01 cannot close that
    // ownership period (it began later), so the whole hand-over must fail with nothing moved.
    auto late = s.c.employer(Rut::from_body(77261280).str(), "Transportes Ruta 60");
    late.owner_id = s.ana();
    const auto ruta = s.db.employers().add(late);
    s.db.portfolio().assign(ruta.meta.id, s.bruno(), Date(2026, 12, 10), "reparto");

    CHECK(capture<ValidationError>([&] {
              s.db.portfolio().hand_over(s.bruno(), el, Date(2026, 12, 1), "renuncia");
          }).field() == "on");
    CHECK(s.db.portfolio().employers_of(s.bruno()) == std::vector<Id>{s.gulmue.meta.id, ruta.meta.id});
    CHECK(s.db.portfolio().employers_of(el).empty());
    CHECK(s.db.portfolio().history(s.gulmue.meta.id).size() == 1u);
    CHECK(ids_of(cm.open({.office_id = o, .staff_id = s.bruno()})) == std::vector<Id>{a1.meta.id, a2.meta.id});
    CHECK(cm.open({.office_id = o, .staff_id = el}).empty());
    CHECK(ids_of(fu.open({.office_id = o, .staff_id = s.bruno()})) == std::vector<Id>{f1.meta.id});

    // Dated 12-10 it goes through: two employers, the open commitments and follow-up with them.
    CHECK(s.db.portfolio().hand_over(s.bruno(), el, Date(2026, 12, 10), "renuncia") == 2u);
    CHECK(s.db.portfolio().employers_of(el) == std::vector<Id>{s.gulmue.meta.id, ruta.meta.id});
    CHECK(cm.open({.office_id = o, .staff_id = s.bruno()}).empty());
    CHECK(ids_of(cm.open({.office_id = o, .staff_id = el})) == std::vector<Id>{a1.meta.id, a2.meta.id});
    CHECK(cm.get(a2.meta.id).owner_id == el);         // even on an employer Bruno did not own
    CHECK(cm.get(a3.meta.id).owner_id == s.bruno());  // kept: stays with who kept it
    CHECK(cm.get(a4.meta.id).owner_id == s.bruno());  // cancelled: too
    CHECK(cm.get(a5.meta.id).owner_id == s.ana());    // someone else's: untouched
    CHECK(fu.get(f1.meta.id).owner_id == el);
    CHECK(fu.get(f2.meta.id).owner_id == s.bruno());  // done
    CHECK(fu.get(f3.meta.id).owner_id == s.ana());
    CHECK(fu.open({.office_id = o, .staff_id = s.bruno()}).empty());
    CHECK(ids_of(fu.open({.office_id = o, .staff_id = el})) == std::vector<Id>{f1.meta.id});
}

TEST_CASE("Commitments: hand_over inside a rolled-back transaction moves nothing", "[commitments]") {
    Setup s;
    const Id o = s.office();
    const auto elena = s.db.staff().add(
        {.office_id = o, .name = "Elena Muñoz", .role = StaffRole::TerritorialManager, .started = Date(2026, 11, 23)});
    const auto a1 = s.db.commitments().add(s.gulmue.meta.id, {.description = "a1", .due = Date(2026, 11, 30)});
    const auto f1 = s.db.follow_ups().add(o, {.description = "f1", .due = Date(2026, 11, 25), .owner_id = s.bruno()});
    {
        auto tx = s.db.transaction();
        CHECK(s.db.portfolio().hand_over(s.bruno(), elena.meta.id, Date(2026, 12, 1)) == 1u);
        CHECK(s.db.commitments().get(a1.meta.id).owner_id == elena.meta.id);
        // tx goes out of scope without commit: rolled back.
    }
    CHECK(s.db.commitments().get(a1.meta.id).owner_id == s.bruno());
    CHECK(s.db.follow_ups().get(f1.meta.id).owner_id == s.bruno());
    CHECK(s.db.employers().get(s.gulmue.meta.id).owner_id == s.bruno());
}
