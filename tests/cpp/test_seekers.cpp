// Job seekers over a database: consent, the change log, withdrawal and personal data.
#include <sstream>

#include "helpers.hpp"

using namespace omt;

TEST_CASE("a seeker needs consent, and bad rows change nothing", "[seekers]") {
    Jobs j;
    NewJobSeeker s = j.seeker("Pedro Pérez");
    s.experience = {{"9333", 24}, {"8322", 12}};
    s.skills = {"Grúa horquilla"};
    s.licences = {"b"};
    s.shifts = {Shift::Night, Shift::Day, Shift::Night};
    s.phone = "9 8765 4321";
    const JobSeeker p = j.db.seekers().add(s);
    CHECK(p.rut == s.rut);
    CHECK(p.phone == "+56987654321");
    CHECK(p.shifts == std::vector<Shift>{Shift::Day, Shift::Night});
    const JobSeeker back = j.db.seekers().get(p.meta.id);
    CHECK(back.experience.size() == 2);
    CHECK(back.experience[0].occupation == "9333");
    CHECK(back.experience[0].months == 24);
    CHECK(back.consent_scope == std::vector<std::string>{"intermediation", "programmes"});
    CHECK(back.rut.empty());  // get() is the profile: personal data only through personal()
    CHECK(j.db.seekers()
              .find_by_rut(j.office(), s.rut, "intermediation: registration desk", j.c.manager.meta.id)
              ->meta.id == p.meta.id);
    CHECK_THROWS_AS(j.db.seekers().add(s), Conflict);

    NewJobSeeker no_consent = j.seeker("Sin Consentimiento");
    no_consent.consent_on.reset();
    CHECK(capture<ValidationError>([&] { j.db.seekers().add(no_consent); }).field() == "consent_on");
    NewJobSeeker no_scope = j.seeker("Sin Alcance");
    no_scope.consent_scope = {};
    CHECK(capture<ValidationError>([&] { j.db.seekers().add(no_scope); }).field() == "consent_scope");
    NewJobSeeker bad_scope = j.seeker("Alcance Malo");
    bad_scope.consent_scope = {"marketing"};
    CHECK(capture<ValidationError>([&] { j.db.seekers().add(bad_scope); }).value() == "marketing");

    std::vector<NewJobSeeker> rows = {j.seeker("Uno"), j.seeker("Dos"), j.seeker("Tres")};
    rows[2].experience = {{"9333", -1}};
    auto e = capture<ValidationError>([&] { j.db.seekers().add_many(rows); });
    CHECK(e.field() == "rows[2].experience[0].months");
    CHECK(j.db.seekers().count(j.office()) == 1);
    rows[2].experience = {{"9333", 1}};
    CHECK(j.db.seekers().add_many(rows).size() == 3);
    CHECK(j.db.seekers().count(j.office()) == 4);
}

TEST_CASE("a seeker's consent is not dated after today", "[seekers]") {
    Jobs j;
    const Date tomorrow = test_day().add_days(1);
    NewJobSeeker s = j.seeker("Pedro Pérez");
    s.registered_on.reset();  // today
    s.consent_on = tomorrow;
    auto e = capture<ValidationError>([&] { j.db.seekers().add(s); });
    CHECK(e.field() == "consent_on");
    CHECK(e.value() == tomorrow.iso());
    CHECK(contains(e.what(), "in the future"));
    // Registering in the future does not make a future consent acceptable.
    s.registered_on = Date(2027, 3, 1);
    s.consent_on = Date(2027, 3, 1);
    CHECK(capture<ValidationError>([&] { j.db.seekers().add(s); }).field() == "registered_on");
    CHECK(capture<ValidationError>([&] {
              j.db.seekers().add_many({j.seeker("Ana"), s});
          }).field() == "rows[1].registered_on");
    CHECK(j.db.seekers().count(j.office()) == 0);

    const JobSeeker ana = j.db.seekers().add(j.seeker("Ana"));
    e = capture<ValidationError>([&] { j.db.seekers().renew_consent(ana.meta.id, tomorrow, {"intermediation"}); });
    CHECK(e.field() == "on");
    CHECK(e.value() == tomorrow.iso());
    CHECK(j.db.seekers().get(ana.meta.id).consent_on == Date(2026, 1, 10));  // unchanged
    CHECK(j.db.seekers().changes(ana.meta.id).rows() == 0);
    CHECK(j.db.seekers().renew_consent(ana.meta.id, test_day(), {"intermediation"}).consent_on == test_day());
}

TEST_CASE("seeker changes are logged and withdrawal takes them off matching", "[seekers]") {
    Jobs j;
    const Id id = j.db.seekers().add(j.seeker("Pedro Pérez")).meta.id;
    SeekerUpdate u;
    u.skills = std::vector<std::string>{"soldadura"};
    u.available_from = std::optional<Date>(Date(2026, 12, 1));
    const JobSeeker s = j.db.seekers().update(id, u);
    CHECK(s.skills == std::vector<std::string>{"soldadura"});
    CHECK(s.available_from == Date(2026, 12, 1));
    CHECK(j.db.seekers().personal(id, "intermediation: check the update", j.c.manager.meta.id).name ==
          "Pedro Pérez");  // untouched
    CHECK_FALSE(j.db.seekers().withdraw(id).active);
    const Table log = j.db.seekers().changes(id);
    REQUIRE(log.rows() == 3);
    CHECK(log.column("field").texts == std::vector<std::string>{"skills", "available_from", "active"});
    CHECK(log.column("old_value").texts.at(1) == "");
    CHECK(log.column("new_value").texts.at(1) == "2026-12-01");
    CHECK_THROWS_AS(j.db.seekers().withdraw(id), Conflict);
    const Vacancy v = j.db.vacancies().capture(j.vacancy(j.acme, 1, Date(2026, 11, 20), CaptureChannel::Visit));
    CHECK(j.db.matching().seekers_for(v.meta.id).empty());
    CHECK_THROWS_AS(j.db.matching().vacancies_for(id), Conflict);
    CHECK_THROWS_AS(j.db.referrals().refer(id, v.meta.id), Conflict);
}

TEST_CASE("personal data stays out of listings and leaves only through an explicit export", "[seekers][privacy]") {
    Jobs j;
    NewJobSeeker a = j.seeker("Pedro Pérez");
    a.email = "pedro@example.cl";
    const JobSeeker pedro = j.db.seekers().add(a);
    NewJobSeeker b = j.seeker("María Soto");
    b.consent_scope = {"statistics"};
    j.db.seekers().add(b);
    const Vacancy v = j.db.vacancies().capture(j.vacancy(j.acme, 2, Date(2026, 11, 20), CaptureChannel::Visit));
    j.db.referrals().refer(pedro.meta.id, v.meta.id, j.c.manager.meta.id);
    j.db.placements().record({.seeker_id = pedro.meta.id, .vacancy_id = v.meta.id, .start_on = Date(2026, 11, 23)});

    // Every employer-side listing, report and export, as CSV: no name, RUT or email of a seeker.
    std::vector<Table> tables = {
        j.db.seekers().table(j.office()),
        j.db.vacancies().table(j.office()),
        j.db.referrals().table(j.office()),
        j.db.placements().table(j.office()),
        j.db.employers().table(j.office()),
        j.db.reports().funnel(j.office(), Date(2026, 1, 1), Date(2026, 12, 31)),
        j.db.reports().cluster_share(j.office(), Date(2026, 1, 1), Date(2026, 12, 31)),
        j.db.reports().placements_by_channel(j.office(), Date(2026, 1, 1), Date(2026, 12, 31)),
        j.db.reports().time_to_fill(j.office(), Date(2026, 1, 1), Date(2026, 12, 31)),
        j.db.reports().retention(j.office(), Date(2026, 1, 1), Date(2026, 12, 31), Date(2026, 11, 23)),
        Matching::table(j.db.matching().vacancies_for(pedro.meta.id)),
    };
    for (const auto& t : tables) {
        std::ostringstream csv;
        t.write_csv(csv);
        INFO(csv.str());
        CHECK_FALSE(contains(csv.str(), "Pedro"));
        CHECK_FALSE(contains(csv.str(), "María"));
        CHECK_FALSE(contains(csv.str(), pedro.rut));
        CHECK_FALSE(contains(csv.str(), "pedro@example.cl"));
    }
    CHECK_FALSE(contains(j.db.vacancies().job_posting(v.meta.id), "Pedro"));

    // The export names what it carries, asks why, logs it, and respects consent.
    CHECK(capture<ValidationError>([&] { j.db.seekers().export_personal(j.office(), {}, "intermediation"); }).field() ==
          "fields");
    CHECK(capture<ValidationError>([&] { j.db.seekers().export_personal(j.office(), {"name"}, " "); }).field() ==
          "purpose");
    CHECK(capture<ValidationError>([&] {
              j.db.seekers().export_personal(j.office(), {"salary"}, "intermediation");
          }).value() == "salary");
    CHECK(j.db.seekers().exports(j.office()).rows() == 0);
    NewJobSeeker gone = j.seeker("Juan Retirado");
    const Id gone_id = j.db.seekers().add(gone).meta.id;
    j.db.seekers().withdraw(gone_id);
    const Table t = j.db.seekers().export_personal(j.office(), {"name", "rut"}, "intermediation: Send CVs to Acme SpA",
                                                   j.c.manager.meta.id);
    CHECK(t.rows() == 1);  // María gave no consent for intermediation; Juan is off the register
    CHECK(t.column("name").texts.at(0) == "Pedro Pérez");
    CHECK(t.column("rut").texts.at(0) == pedro.rut);
    CHECK_THROWS_AS(t.column("email"), NotFound);
    CHECK(t.metadata().at("contains_personal_data") == "name,rut");
    CHECK(t.metadata().at("purpose") == "intermediation: Send CVs to Acme SpA");
    const Table log = j.db.seekers().exports(j.office());
    REQUIRE(log.rows() == 1);
    CHECK(log.column("fields").texts.at(0) == "name,rut");
    CHECK(log.column("rows").ints.at(0) == 1);
    CHECK(log.column("consent_scope").texts.at(0) == "intermediation");
}

TEST_CASE("reading personal data takes a purpose and a staff member of the office, and is logged",
          "[seekers][privacy]") {
    Jobs j;
    NewJobSeeker a = j.seeker("Pedro Pérez");
    a.phone = "9 8765 4321";
    const Id pedro = j.db.seekers().add(a).meta.id;
    const Id manager = j.c.manager.meta.id;
    // Staff of another office read nothing, and nothing is logged under them.
    auto& db = j.db;
    const Office other = db.offices().add({.name = "OMIL Quintero", .commune = "quintero"});
    const Id stranger =
        db.staff().add({.office_id = other.meta.id, .name = "Otra Persona", .role = StaffRole::Administrative}).meta.id;
    CHECK(capture<ValidationError>([&] {
              db.seekers().export_personal(j.office(), {"name"}, "intermediation", stranger);
          }).field() == "staff");
    CHECK(capture<ValidationError>([&] { db.seekers().personal(pedro, "contact", stranger); }).field() == "staff");
    CHECK(capture<ValidationError>([&] {
              db.seekers().export_personal(j.office(), {"name"}, "intermediation");
          }).field() == "staff");
    CHECK(capture<ValidationError>([&] { db.seekers().find_by_rut(j.office(), a.rut, "", manager); }).field() ==
          "purpose");
    CHECK(db.seekers().exports(j.office()).rows() == 0);
    // Inside a transaction that could roll back the log: refused, nothing handed out.
    {
        auto tx = db.transaction();
        CHECK_THROWS_AS(db.seekers().export_personal(j.office(), {"name"}, "intermediation", manager), Conflict);
        CHECK_THROWS_AS(db.seekers().personal(pedro, "intermediation", manager), Conflict);
        tx.rollback();
    }
    // get() is the profile; personal() and find_by_rut() read the person, each logged.
    CHECK(db.seekers().get(pedro).name.empty());
    CHECK(db.seekers().get(pedro).rut.empty());
    CHECK(db.seekers().personal(pedro, "intermediation: call for an interview", manager).phone == "+56987654321");
    CHECK(db.seekers().find_by_rut(j.office(), a.rut, "intermediation: front desk", manager)->meta.id == pedro);
    CHECK_FALSE(db.seekers()
                    .find_by_rut(j.office(), Rut::from_body(98765432).str(), "intermediation: front desk", manager)
                    .has_value());
    const Table log = db.seekers().exports(j.office());
    REQUIRE(log.rows() == 3);
    CHECK(log.column("purpose").texts == std::vector<std::string>{"intermediation: call for an interview",
                                                                  "intermediation: front desk",
                                                                  "intermediation: front desk"});
    CHECK(log.column("refused").texts == std::vector<std::string>{"", "", ""});
    CHECK(log.column("staff_id").ints == std::vector<std::int64_t>{manager, manager, manager});
    CHECK(log.column("rows").ints == std::vector<std::int64_t>{1, 1, 0});
    // The change log hides contact data; errors name the field, not the value.
    db.seekers().update(pedro, {.phone = std::string("9 1111 2222")});
    const Table changes = db.seekers().changes(pedro);
    CHECK(changes.column("field").texts.at(0) == "phone");
    CHECK(changes.column("old_value").texts.at(0) == "(personal data)");
    CHECK(changes.column("new_value").texts.at(0) == "(personal data)");
    NewJobSeeker typo = j.seeker("Ana Typo");
    typo.rut = "12.345.678-9";
    const auto e = capture<ValidationError>([&] { db.seekers().add(typo); });
    CHECK(e.field() == "rut");
    CHECK(e.value().empty());
    CHECK_FALSE(contains(e.what(), "12.345.678"));
    const auto dup = capture<Conflict>([&] { db.seekers().add(a); });
    CHECK_FALSE(contains(dup.what(), a.rut));
    // The register export leaves out the withdrawn and the statistics-only.
    NewJobSeeker stats = j.seeker("Solo Estadística");
    stats.consent_scope = {"statistics"};
    db.seekers().add(stats);
    db.seekers().withdraw(db.seekers().add(j.seeker("Juan Retirado")).meta.id);
    const Table reg = db.seekers().export_register(j.office(), "register_transfer: traspaso", manager);
    CHECK(reg.column("name").texts == std::vector<std::string>{"Pedro Pérez"});
}
