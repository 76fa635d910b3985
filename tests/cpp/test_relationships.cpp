// The gradual approach and reciprocity over the stored history: each employer's stage with the
// day of each step, the funnel by cluster, and what employers received beside what they gave.
#include <algorithm>

#include "helpers.hpp"

using namespace omt;

namespace {
// Acme (Parque Industrial Gulmué since 2026-01-01): visited 02-01, a request received 02-02 and
// resolved 02-10, a vacancy 03-10, a person hired 03-20.
// Beta (no cluster): a phone call 02-05, a request received 03-02 and resolved 03-05.
// Gamma (the park, since 2026-01-01): never contacted.
struct Approach : Jobs {
    Employer gamma;
    Id vacancy = 0;
    Approach() {
        NewEmployer g = c.employer("77.777.777-7", "Gamma Ltda");
        g.cluster_id = park.meta.id;
        g.joined = Date(2026, 1, 1);
        gamma = db.employers().add(g);
        contact(acme, InteractionKind::Visit, Date(2026, 2, 1));
        contact(beta, InteractionKind::PhoneCall, Date(2026, 2, 5));
        serve(acme, Date(2026, 2, 2), Date(2026, 2, 10));
        serve(beta, Date(2026, 3, 2), Date(2026, 3, 5));
        vacancy =
            db.vacancies().capture(this->Jobs::vacancy(acme, 2, Date(2026, 3, 10), CaptureChannel::Visit)).meta.id;
        const Id s = db.seekers().add(seeker("Persona Uno")).meta.id;
        db.placements().record(
            {.seeker_id = s, .vacancy_id = vacancy, .start_on = Date(2026, 3, 20), .recorded_on = Date(2026, 3, 20)});
    }
    void contact(const Employer& e, InteractionKind kind, Date on) {
        db.interactions().log({.kind = kind, .on = on, .staff_id = c.manager.meta.id, .employer_id = e.meta.id});
    }
    Id serve(const Employer& e, Date received, Date resolved) {
        NewServiceRequest n;
        n.employer_id = e.meta.id;
        n.category = "street_lights";
        n.address = "Camino Concón-Quintero km 3";
        n.received_on = received;
        n.staff_id = c.manager.meta.id;
        const Id id = db.requests().open(n).meta.id;
        db.requests().transition(id, RequestStatus::Resolved, c.manager.meta.id, "", false, resolved);
        return id;
    }
    std::size_t row_of(const Table& t, Id employer) const {
        const auto& ids = t.column("employer_id").ints;
        return std::size_t(std::find(ids.begin(), ids.end(), std::int64_t(employer)) - ids.begin());
    }
};

bool is_null(const Table& t, std::string_view col, std::size_t row) { return t.column(col).valid.at(row) == 0; }
bool has_text(const Table& t, std::string_view col, std::string_view value) {
    for (std::size_t i = 0; i < t.rows(); ++i)
        if (t.column(col).text_at(i) == value) return true;
    return false;
}
}  // namespace

TEST_CASE("each employer's stage follows its history, with the day of every step", "[relationships]") {
    Approach a;
    const EmployerStage acme = a.db.relationships().stage(a.acme.meta.id, Date(2026, 6, 1));
    CHECK(acme.stage == RelationshipStage::Hiring);
    CHECK(acme.since == Date(2026, 3, 20));
    CHECK(acme.first_contact == Date(2026, 2, 1));
    CHECK(acme.first_served == Date(2026, 2, 10));
    CHECK(acme.first_vacancy == Date(2026, 3, 10));
    // The same employer earlier in the year.
    CHECK(a.db.relationships().stage(a.acme.meta.id, Date(2026, 2, 9)).stage == RelationshipStage::Contacted);
    CHECK(a.db.relationships().stage(a.acme.meta.id, Date(2026, 2, 10)).stage == RelationshipStage::Served);
    CHECK(a.db.relationships().stage(a.gamma.meta.id).stage == RelationshipStage::Prospect);

    const Table t = a.db.relationships().stages(a.office(), Date(2026, 6, 1));
    REQUIRE(t.rows() == 3);
    CHECK(t.column("employer").text_at(0) == "Acme SpA");  // by name
    const std::size_t beta = a.row_of(t, a.beta.meta.id);
    CHECK(t.column("stage").text_at(beta) == "served");
    CHECK(Date::from_days(int_at(t, "since", beta)) == Date(2026, 3, 5));
    CHECK(Date::from_days(int_at(t, "first_contact", beta)) == Date(2026, 2, 5));
    CHECK(is_null(t, "first_vacancy", beta));
    const std::size_t gamma = a.row_of(t, a.gamma.meta.id);
    CHECK(t.column("stage").text_at(gamma) == "prospect");
    CHECK(is_null(t, "since", gamma));
    CHECK(t.metadata().at("as_of") == "2026-06-01");
}

TEST_CASE("a deleted interaction is no contact, an attended cluster meeting is", "[relationships]") {
    Approach a;
    const Interaction i = a.db.interactions().log({.kind = InteractionKind::Visit,
                                                   .on = Date(2026, 1, 20),
                                                   .staff_id = a.c.manager.meta.id,
                                                   .employer_id = a.gamma.meta.id});
    CHECK(a.db.relationships().stage(a.gamma.meta.id).first_contact == Date(2026, 1, 20));
    a.db.interactions().remove(i.meta.id, "registrada por error");
    CHECK(a.db.relationships().stage(a.gamma.meta.id).stage == RelationshipStage::Prospect);
}

TEST_CASE("the funnel shows employers by stage per cluster and for the office", "[relationships]") {
    Approach a;
    const Table f = a.db.relationships().funnel(a.office(), Date(2026, 6, 1));
    REQUIRE(f.rows() == 3);
    CHECK(f.column("cluster").text_at(0) == "Parque Industrial Gulmué");
    CHECK(int_at(f, "cluster_id", 0) == std::int64_t(a.park.meta.id));
    CHECK(int_at(f, "employers", 0) == 2);
    CHECK(int_at(f, "hiring", 0) == 1);
    CHECK(int_at(f, "prospect", 0) == 1);
    CHECK(f.column("cluster").text_at(1) == "(no cluster)");
    CHECK(int_at(f, "served", 1) == 1);
    CHECK(f.column("cluster").text_at(2) == "(office)");
    CHECK(is_null(f, "cluster_id", 2));
    CHECK(int_at(f, "employers", 2) == 3);
    // As of a day before anything happened, every employer is a prospect.
    const Table before = a.db.relationships().funnel(a.office(), Date(2026, 1, 15));
    CHECK(int_at(before, "prospect", 2) == 3);
}

TEST_CASE("reciprocity shows who was served and who gave back", "[relationships]") {
    Approach a;
    const Table r = a.db.relationships().reciprocity(a.office(), Date(2026, 1, 1), Date(2026, 12, 31));
    REQUIRE(r.rows() == 2);  // Gamma had nothing
    const std::size_t acme = a.row_of(r, a.acme.meta.id);
    CHECK(int_at(r, "requests", acme) == 1);
    CHECK(int_at(r, "resolved", acme) == 1);
    CHECK(int_at(r, "resolved_on_time", acme) == 0);  // due 02-09 (five business days), resolved 02-10
    CHECK(int_at(r, "vacancies", acme) == 1);
    CHECK(int_at(r, "positions", acme) == 2);
    CHECK(int_at(r, "hires", acme) == 1);
    CHECK(int_at(r, "served_only", acme) == 0);
    const std::size_t beta = a.row_of(r, a.beta.meta.id);
    CHECK(int_at(r, "resolved", beta) == 1);
    CHECK(int_at(r, "resolved_on_time", beta) == 1);  // due 03-09, resolved 03-05
    CHECK(int_at(r, "served_only", beta) == 1);

    const Table c = a.db.relationships().cluster_reciprocity(a.office(), Date(2026, 2, 1), Date(2026, 3, 31));
    REQUIRE(c.rows() == 2);                // February and March, one cluster
    CHECK(int_at(c, "resolved", 0) == 1);  // Acme's, in February
    CHECK(int_at(c, "vacancies", 1) == 1);
    CHECK(int_at(c, "hires", 1) == 1);
    CHECK(int_at(c, "resolved", 1) == 0);  // Beta is in no cluster

    CHECK(capture<ValidationError>([&] {
              a.db.relationships().reciprocity(a.office(), Date(2026, 4, 1), Date(2026, 3, 1));
          }).field() == "end");
    CHECK(capture<NotFound>([&] { a.db.relationships().funnel(999); }).what() != std::string());
    CHECK(capture<NotFound>([&] { a.db.relationships().stage(999); }).what() != std::string());
}

TEST_CASE("a merged duplicate's history counts for the employer it was merged into", "[relationships]") {
    Approach a;
    a.db.duplicates().merge(a.gamma.meta.id, a.beta.meta.id, a.c.head.meta.id);
    const Table t = a.db.relationships().stages(a.office(), Date(2026, 6, 1));
    REQUIRE(t.rows() == 2);
    const std::size_t gamma = a.row_of(t, a.gamma.meta.id);
    CHECK(t.column("stage").text_at(gamma) == "served");
    CHECK(capture<NotFound>([&] { a.db.relationships().stage(a.beta.meta.id); }).what() != std::string());
}

TEST_CASE("the report back to whoever referred employers", "[relationships]") {
    Approach a;
    // The mayor asked the office to visit Acme; Beta walked in; Gamma's source is not known.
    a.db.employers().update(a.acme.meta.id,
                            {.lead_source = LeadSource::MayorsOffice, .lead_detail = "Gabinete del alcalde"});
    a.db.employers().update(a.beta.meta.id, {.lead_source = LeadSource::WalkIn});
    const Table mayor = a.db.relationships().leads(a.office(), LeadSource::MayorsOffice, Date(2026, 6, 1));
    REQUIRE(mayor.rows() == 1);
    CHECK(int_at(mayor, "employer_id", 0) == std::int64_t(a.acme.meta.id));
    CHECK(mayor.column("lead_detail").text_at(0) == "Gabinete del alcalde");
    CHECK(mayor.column("stage").text_at(0) == "hiring");
    CHECK(Date::from_days(int_at(mayor, "first_contact", 0)) == Date(2026, 2, 1));
    CHECK(int_at(mayor, "resolved", 0) == 1);
    CHECK(int_at(mayor, "positions", 0) == 2);
    CHECK(int_at(mayor, "hires", 0) == 1);
    // Up to a day: what came later is not counted.
    const Table early = a.db.relationships().leads(a.office(), LeadSource::MayorsOffice, Date(2026, 3, 1));
    CHECK(int_at(early, "hires", 0) == 0);
    CHECK(early.column("stage").text_at(0) == "served");
    // Every employer with a known source, by name.
    const Table known = a.db.relationships().leads(a.office());
    REQUIRE(known.rows() == 2);
    CHECK(known.column("lead_source").text_at(1) == "walk_in");
    // The change is in the employer's log.
    const Table log = a.db.employers().changes(a.acme.meta.id);
    CHECK(has_text(log, "field", "lead_source"));
    // The employers table shows it.
    const Table list = a.db.employers().table(a.office());
    CHECK(has_text(list, "lead_source", "mayors_office"));
}

TEST_CASE("an employer is added with where it came from", "[relationships]") {
    Jobs j;
    NewEmployer e = j.c.employer("77.261.280-K", "Nueva SpA");
    e.lead_source = LeadSource::EmployerReferral;
    e.lead_detail = "  Recomendada por Acme SpA  ";
    const Employer added = j.db.employers().add(e);
    CHECK(added.lead_source == LeadSource::EmployerReferral);
    CHECK(added.lead_detail == "Recomendada por Acme SpA");
    CHECK(j.db.employers().get(added.meta.id).lead_detail == "Recomendada por Acme SpA");
    CHECK(capture<ValidationError>([] { parse_enum<LeadSource>("rumour"); }).field() == "lead_source");
}
