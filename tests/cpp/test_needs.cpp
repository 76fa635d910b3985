// Needs as neighbours over the stored data: a diagnosis, the requests that answer it, dropping
// a need, the report, and every refusal leaving nothing behind.
#include "helpers.hpp"

using namespace omt;

namespace {
struct Diagnosis : Jobs {
    Id visit = 0;
    Diagnosis() {
        visit = db.interactions()
                    .log({.kind = InteractionKind::Visit,
                          .on = Date(2026, 3, 2),
                          .staff_id = c.manager.meta.id,
                          .employer_id = acme.meta.id})
                    .meta.id;
    }
    Id request(const Employer& e, const char* category, Date on) {
        NewServiceRequest n;
        n.employer_id = e.meta.id;
        n.category = category;
        n.description = "Solicitud";
        n.address = "Camino Concón-Quintero km 3";
        n.received_on = on;
        n.staff_id = c.manager.meta.id;
        return db.requests().open(n).meta.id;
    }
};
}  // namespace

TEST_CASE("a diagnosis records needs that requests then answer", "[needs]") {
    Diagnosis d;
    const auto needs = d.db.needs().diagnose({
        {.employer_id = d.acme.meta.id, .category = "street_lights", .on = Date(2026, 3, 2), .interaction_id = d.visit},
        {.employer_id = d.acme.meta.id,
         .category = "tree_pruning",
         .description = "Álamos sobre el cierre",
         .on = Date(2026, 3, 2),
         .interaction_id = d.visit},
        {.employer_id = d.acme.meta.id, .description = "Paradero de micros frente al acceso", .on = Date(2026, 3, 2)},
    });
    REQUIRE(needs.size() == 3);
    CHECK(needs[0].status == NeedStatus::Open);
    CHECK(needs[0].office_id == d.office());
    CHECK(needs[1].description == "Álamos sobre el cierre");

    const Id lights = d.request(d.acme, "street_lights", Date(2026, 3, 3));
    EmployerNeed answered = d.db.needs().answer(needs[0].meta.id, lights);
    CHECK(answered.status == NeedStatus::Answered);
    CHECK(answered.request_id == lights);
    d.db.requests().transition(lights, RequestStatus::Resolved, d.c.manager.meta.id, "", false, Date(2026, 3, 6));
    CHECK(d.db.needs().get(needs[0].meta.id).status == NeedStatus::Served);
    const EmployerNeed dropped = d.db.needs().drop(needs[2].meta.id, Date(2026, 3, 10), "Es de la empresa de buses");
    CHECK(dropped.status == NeedStatus::Dropped);
    CHECK(dropped.drop_reason == "Es de la empresa de buses");

    CHECK(d.db.needs().of(d.acme.meta.id).size() == 3);
    const auto pending = d.db.needs().list(d.office(), true);
    REQUIRE(pending.size() == 1);
    CHECK(pending[0].category == "tree_pruning");

    const Table r = d.db.needs().report(d.office(), Date(2026, 1, 1), Date(2026, 12, 31));
    const std::size_t total = r.rows() - 1;
    CHECK(r.column("name").text_at(total) == "(all)");
    CHECK(int_at(r, "raised", total) == 3);
    CHECK(int_at(r, "served", total) == 1);
    CHECK(int_at(r, "dropped", total) == 1);
    CHECK(int_at(r, "open", total) == 1);
    CHECK(r.column("name").text_at(total - 1) == "(other)");
    const Table t = d.db.needs().table(d.office());
    REQUIRE(t.rows() == 3);
    CHECK(t.column("status").text_at(0) == "served");
    CHECK(t.column("request_status").text_at(0) == "resolved");
    CHECK(t.column("employer").text_at(0) == "Acme SpA");
}

TEST_CASE("a refused need or diagnosis writes nothing", "[needs]") {
    Diagnosis d;
    const auto field_of = [&](const NewNeed& n) {
        return capture<ValidationError>([&] { d.db.needs().add(n); }).field();
    };
    CHECK(field_of({.employer_id = d.acme.meta.id, .category = "fireworks"}) == "category");
    CHECK(field_of({.employer_id = d.acme.meta.id, .description = "  "}) == "description");
    CHECK(field_of({.employer_id = d.acme.meta.id, .category = "garbage_removal", .on = Date(2027, 1, 1)}) == "on");
    const Id other_visit = d.db.interactions()
                               .log({.kind = InteractionKind::Visit,
                                     .on = Date(2026, 3, 2),
                                     .staff_id = d.c.manager.meta.id,
                                     .employer_id = d.beta.meta.id})
                               .meta.id;
    CHECK(field_of({.employer_id = d.acme.meta.id, .category = "garbage_removal", .interaction_id = other_visit}) ==
          "interaction");
    CHECK_THROWS_AS(d.db.needs().add({.employer_id = 9999, .category = "garbage_removal"}), NotFound);
    // A diagnosis with one bad need adds none.
    CHECK_THROWS_AS(d.db.needs().diagnose({{.employer_id = d.acme.meta.id, .category = "garbage_removal"},
                                           {.employer_id = d.acme.meta.id, .category = "fireworks"}}),
                    ValidationError);
    CHECK(d.db.needs().list(d.office()).empty());

    const EmployerNeed n = d.db.needs().add({.employer_id = d.acme.meta.id, .category = "garbage_removal"});
    const Id betas = d.request(d.beta, "street_lights", Date(2026, 3, 3));
    CHECK(capture<ValidationError>([&] { d.db.needs().answer(n.meta.id, betas); }).field() == "request");
    CHECK(capture<ValidationError>([&] { d.db.needs().drop(n.meta.id, Date(2026, 11, 23), " "); }).field() == "reason");
    const Id acmes = d.request(d.acme, "street_lights", Date(2026, 3, 3));
    d.db.needs().answer(n.meta.id, acmes);
    CHECK_THROWS_AS(d.db.needs().answer(n.meta.id, acmes), Conflict);
    d.db.needs().drop(n.meta.id, Date(2026, 11, 23), "Ya no lo necesitan");
    CHECK_THROWS_AS(d.db.needs().drop(n.meta.id, Date(2026, 11, 23), "otra vez"), Conflict);
    CHECK(d.db.needs().get(n.meta.id).status == NeedStatus::Dropped);
}
