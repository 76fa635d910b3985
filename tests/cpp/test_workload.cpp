// Staff workload and promises kept over the stored data (today = 2026-11-23 by the fixed clock).
#include "helpers.hpp"

using namespace omt;

namespace {
// Bruno (territorial manager) owns Acme and Beta; Ana (head) owns nothing. Acme is under a
// 30-day contact policy and was last visited on 2026-10-01 (overdue on 11-23); Beta was visited
// 11-20 (not due). Bruno has a commitment due 11-10 (open: overdue), one due 11-30 (open) and one
// due 11-05 kept on 11-04; Ana one due 11-12 kept on 11-16 (late). Acme has an open request.
struct Desk : Jobs {
    Id ana = c.head.meta.id, bruno = c.manager.meta.id;
    Desk() {
        db.portfolio().assign(acme.meta.id, bruno, Date(2026, 1, 5));
        db.portfolio().assign(beta.meta.id, bruno, Date(2026, 1, 5));
        db.cadence().add_policy({.office_id = office(), .interval_days = 30});
        visit(acme, Date(2026, 10, 1));
        visit(beta, Date(2026, 11, 20));
        const auto promise = [&](Id owner, Date due) {
            return db.commitments().add(acme.meta.id,
                                        {.description = "enviar cotización", .due = due, .owner_id = owner});
        };
        promise(bruno, Date(2026, 11, 10));
        promise(bruno, Date(2026, 11, 30));
        db.commitments().keep(promise(bruno, Date(2026, 11, 5)).meta.id, Date(2026, 11, 4));
        db.commitments().keep(promise(ana, Date(2026, 11, 12)).meta.id, Date(2026, 11, 16));
        NewServiceRequest n;
        n.employer_id = acme.meta.id;
        n.category = "street_lights";
        n.received_on = Date(2026, 11, 2);
        n.staff_id = bruno;
        db.requests().open(n);
    }
    void visit(const Employer& e, Date on) {
        db.interactions().log(
            {.kind = InteractionKind::Visit, .on = on, .staff_id = c.manager.meta.id, .employer_id = e.meta.id});
    }
    std::size_t row_of(const Table& t, Id staff) const {
        const auto& ids = t.column("staff_id").ints;
        for (std::size_t i = 0; i < ids.size(); ++i)
            if (t.column("staff_id").valid[i] && ids[i] == std::int64_t(staff)) return i;
        FAIL("no row for staff " << staff);
        return 0;
    }
};
}  // namespace

TEST_CASE("each staff member's workload, for the coordinator to balance", "[workload]") {
    Desk d;
    const Table t = d.db.workload().staff(d.office());
    const std::size_t b = d.row_of(t, d.bruno);
    CHECK(t.column("staff").text_at(b) == "Bruno Soto");
    CHECK(int_at(t, "employers", b) == 2);
    CHECK(int_at(t, "due_contacts", b) == 1);
    CHECK(int_at(t, "overdue_contacts", b) == 1);
    CHECK(int_at(t, "open_commitments", b) == 2);
    CHECK(int_at(t, "overdue_commitments", b) == 1);
    CHECK(int_at(t, "open_requests", b) == 1);
    const std::size_t a = d.row_of(t, d.ana);
    CHECK(int_at(t, "employers", a) == 0);
    CHECK(int_at(t, "open_commitments", a) == 0);
    CHECK(t.metadata().at("day") == "2026-11-23");
    // A hand-over moves the load with the portfolio.
    d.db.portfolio().hand_over(d.bruno, d.ana, Date(2026, 11, 23));
    const Table after = d.db.workload().staff(d.office());
    CHECK(int_at(after, "employers", d.row_of(after, d.ana)) == 2);
    CHECK(int_at(after, "open_commitments", d.row_of(after, d.ana)) == 2);
    CHECK(int_at(after, "employers", d.row_of(after, d.bruno)) == 0);
}

TEST_CASE("promises kept per staff member and for the office", "[workload]") {
    Desk d;
    const Table p = d.db.workload().promises(d.office(), Date(2026, 11, 1), Date(2026, 11, 30));
    REQUIRE(p.rows() == 3);  // Ana, Bruno, the office
    const std::size_t b = d.row_of(p, d.bruno);
    CHECK(int_at(p, "due", b) == 3);
    CHECK(int_at(p, "kept_on_time", b) == 1);
    CHECK(int_at(p, "open_overdue", b) == 1);
    CHECK(int_at(p, "open", b) == 1);  // due 11-30, after today
    CHECK(real_at(p, "kept_on_time_share", b) == Approx(0.5));
    const std::size_t a = d.row_of(p, d.ana);
    CHECK(int_at(p, "kept_late", a) == 1);
    CHECK(real_at(p, "kept_on_time_share", a) == Approx(0.0));
    CHECK(p.column("staff").text_at(2) == "(office)");
    CHECK(int_at(p, "due", 2) == 4);
    CHECK(real_at(p, "kept_on_time_share", 2) == Approx(1.0 / 3.0));
    CHECK(p.metadata().at("judged_to") == "2026-11-23");
    CHECK(capture<ValidationError>([&] {
              d.db.workload().promises(d.office(), Date(2026, 12, 1), Date(2026, 11, 1));
          }).field() == "end");
}
