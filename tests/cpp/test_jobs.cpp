// Vacancies, job seekers, referrals, placements and programmes over a database.
#include <set>
#include <sstream>

#include "helpers.hpp"

using namespace omt;

namespace {

/// The Concón office with a psychologist, two employers (Acme in the park, Beta outside) and
/// seekers built on demand.
struct Jobs {
    Database db = fresh_db();
    Concon c{db};
    StaffMember psychologist;
    Cluster park;
    Employer acme, beta;
    int next_rut = 11111111;

    Jobs() {
        psychologist = db.staff().add({.office_id = c.office.meta.id, .name = "Carla Díaz",
                                       .role = StaffRole::LaborPsychologist, .started = Date(2026, 1, 5)});
        park = db.clusters().add({.office_id = c.office.meta.id, .name = "Parque Industrial Gulmué",
                                  .kind = ClusterKind::IndustrialPark});
        NewEmployer a = c.employer("76.086.428-5", "Acme SpA");
        a.address = "Camino Concón-Quintero km 3";
        a.cluster_id = park.meta.id;
        a.joined = Date(2026, 1, 1);
        a.since = Date(2026, 1, 1);
        acme = db.employers().add(a);
        NewEmployer b = c.employer("96.511.460-2", "Beta Ltda");
        b.commune = "Viña del Mar";
        b.since = Date(2026, 1, 1);
        beta = db.employers().add(b);
    }

    Id office() const { return c.office.meta.id; }

    NewJobSeeker seeker(std::string name, std::string commune = "05103") {
        NewJobSeeker s;
        s.office_id = office();
        s.rut = Rut::from_body(static_cast<std::uint32_t>(next_rut++)).str();
        s.name = std::move(name);
        s.commune = std::move(commune);
        s.registered_on = Date(2026, 1, 10);
        s.consent_on = Date(2026, 1, 10);
        s.consent_scope = {"intermediation", "programmes"};
        return s;
    }

    NewVacancy vacancy(const Employer& e, int positions, Date captured, CaptureChannel channel) const {
        NewVacancy v;
        v.employer_id = e.meta.id;
        v.title = "Operario de bodega";
        v.occupation = "9333";
        v.positions = positions;
        v.channel = channel;
        v.captured_on = captured;
        v.captured_by = c.manager.meta.id;
        return v;
    }
};

std::int64_t int_at(const Table& t, std::string_view col, std::size_t row) { return t.column(col).ints.at(row); }
double real_at(const Table& t, std::string_view col, std::size_t row) { return t.column(col).reals.at(row); }

}  // namespace

TEST_CASE("vacancy status follows from positions, placements, dates and cancellation", "[jobs]") {
    const Date valid(2026, 12, 31);
    CHECK(vacancy_status(3, 0, valid, {}, Date(2026, 12, 1)) == VacancyStatus::Open);
    CHECK(vacancy_status(3, 1, valid, {}, Date(2026, 12, 1)) == VacancyStatus::PartiallyFilled);
    CHECK(vacancy_status(3, 3, valid, {}, Date(2026, 12, 1)) == VacancyStatus::Filled);
    // The last valid day is still open; the day after it has expired.
    CHECK(vacancy_status(3, 0, valid, {}, valid) == VacancyStatus::Open);
    CHECK(vacancy_status(3, 1, valid, {}, Date(2027, 1, 1)) == VacancyStatus::Expired);
    // Filled stays filled after the date; cancellation wins from its day on.
    CHECK(vacancy_status(3, 3, valid, {}, Date(2027, 1, 1)) == VacancyStatus::Filled);
    CHECK(vacancy_status(3, 3, valid, Date(2026, 12, 5), Date(2026, 12, 5)) == VacancyStatus::Cancelled);
    CHECK(vacancy_status(3, 0, valid, Date(2026, 12, 5), Date(2026, 12, 4)) == VacancyStatus::Open);
}

TEST_CASE("a follow-up falls due 30 or 90 days after the start and is not made before", "[jobs]") {
    const Date start(2026, 10, 5), today(2026, 11, 23);
    CHECK(follow_up_due(start, 30) == Date(2026, 11, 4));
    CHECK(follow_up_due(start, 90) == Date(2027, 1, 3));
    CHECK(capture<ValidationError>([&] { follow_up_due(start, 45); }).field() == "day");
    CHECK_NOTHROW(check_follow_up(start, 30, Date(2026, 11, 4), today));
    CHECK_NOTHROW(check_follow_up(start, 30, today, today));
    // The 30-day check on day 3 of the job, or the 90-day one before day 90.
    auto e = capture<ValidationError>([&] { check_follow_up(start, 30, Date(2026, 10, 8), today); });
    CHECK(e.field() == "on");
    CHECK(e.value() == "2026-10-08");
    CHECK(contains(e.what(), "before day 30 of the placement (2026-11-04"));
    CHECK(capture<ValidationError>([&] { check_follow_up(start, 90, today, today); }).field() == "on");
    CHECK(capture<ValidationError>([&] { check_follow_up(start, 30, Date(2026, 11, 24), today); }).field() == "on");
}

TEST_CASE("referral stages move forward and closed ones stay closed", "[jobs]") {
    CHECK(can_move(ReferralStage::Referred, ReferralStage::Interview));
    CHECK(can_move(ReferralStage::Referred, ReferralStage::Hired));
    CHECK(can_move(ReferralStage::Evaluation, ReferralStage::Interview));
    CHECK(can_move(ReferralStage::Interview, ReferralStage::Withdrew));
    CHECK_FALSE(can_move(ReferralStage::Interview, ReferralStage::Referred));
    CHECK_FALSE(can_move(ReferralStage::Hired, ReferralStage::NotSelected));
    CHECK_FALSE(can_move(ReferralStage::NotSelected, ReferralStage::Interview));
    CHECK(parse_referral_stage("Not-Selected") == ReferralStage::NotSelected);
    auto e = capture<ValidationError>([] { parse_referral_stage("hired!"); });
    CHECK(e.field() == "stage");
}

TEST_CASE("a captured vacancy takes the employer's place and checks what it is given", "[jobs]") {
    Jobs j;
    NewVacancy in = j.vacancy(j.acme, 3, Date(2026, 11, 20), CaptureChannel::Visit);
    in.licences = {"clase b", "a-2"};
    in.skills = {"Grúa  Horquilla", "grua horquilla", "Inventario"};
    in.wage_min = 550000;
    in.wage_max = 650000;
    const Vacancy v = j.db.vacancies().capture(in);
    CHECK(v.commune == "05103");
    CHECK(v.address == "Camino Concón-Quintero km 3");
    CHECK(v.licences == std::vector<std::string>{"A2", "B"});
    CHECK(v.skills == std::vector<std::string>{"grua horquilla", "inventario"});
    CHECK(v.valid_through == Date(2026, 12, 20));
    CHECK(v.status == VacancyStatus::Open);
    CHECK(v.office_id == j.office());

    auto bad = [&](auto change, const char* field, const char* value) {
        NewVacancy x = j.vacancy(j.acme, 1, Date(2026, 11, 20), CaptureChannel::Visit);
        change(x);
        auto e = capture<ValidationError>([&] { j.db.vacancies().capture(x); });
        CHECK(e.field() == field);
        CHECK(e.value() == value);
    };
    bad([](NewVacancy& x) { x.occupation = "99999"; }, "occupation", "99999");
    bad([](NewVacancy& x) { x.occupation = "933"; }, "occupation", "933");  // a unit group is needed
    bad([](NewVacancy& x) { x.positions = 0; }, "positions", "0");
    bad([](NewVacancy& x) { x.title = "  "; }, "title", "  ");
    bad([](NewVacancy& x) { x.wage_min = 700000; x.wage_max = 600000; }, "wage_max", "600000");
    bad([](NewVacancy& x) { x.licences = {"Z9"}; }, "licences", "Z9");
    bad([](NewVacancy& x) { x.valid_through = Date(2026, 11, 1); }, "valid_through", "2026-11-01");
    CHECK(j.db.vacancies().list(j.office()).size() == 1);  // none of the bad ones was written
}

TEST_CASE("a vacancy cannot be captured on a day that has not come", "[jobs]") {
    Jobs j;
    // Tomorrow, and a date so far ahead that the default valid-through would leave the calendar.
    for (const Date on : {test_day().add_days(1), Date(9999, 12, 15)}) {
        const auto e = capture<ValidationError>(
            [&] { j.db.vacancies().capture(j.vacancy(j.acme, 1, on, CaptureChannel::Visit)); });
        CHECK(e.field() == "captured_on");
        CHECK(e.value() == on.iso());
        CHECK(contains(e.what(), "in the future"));
    }
    // In a batch the row is named, and nothing of the batch is captured.
    std::vector<NewVacancy> rows{j.vacancy(j.acme, 1, test_day(), CaptureChannel::Visit),
                                 j.vacancy(j.beta, 1, test_day().add_days(3), CaptureChannel::Visit)};
    CHECK(capture<ValidationError>([&] { j.db.vacancies().capture_many(rows); }).field() == "rows[1].captured_on");
    CHECK(j.db.vacancies().list(j.office()).empty());
    // Today is fine.
    CHECK(j.db.vacancies().capture(rows[0]).captured_on == test_day());
}

TEST_CASE("a vacancy captured at a visit takes its channel from the interaction", "[jobs]") {
    Jobs j;
    NewInteraction it;
    it.employer_id = j.acme.meta.id;
    it.kind = InteractionKind::Visit;
    it.on = Date(2026, 11, 18);
    it.staff_id = j.c.manager.meta.id;
    it.summary = "Needs warehouse operators";
    const Interaction visit = j.db.interactions().log(it);
    NewVacancy in = j.vacancy(j.acme, 1, Date(2026, 11, 18), CaptureChannel::Other);
    in.channel.reset();
    in.interaction_id = visit.meta.id;
    CHECK(j.db.vacancies().capture(in).channel == CaptureChannel::Visit);
    NewVacancy other = j.vacancy(j.beta, 1, Date(2026, 11, 18), CaptureChannel::Other);
    other.interaction_id = visit.meta.id;
    auto e = capture<ValidationError>([&] { j.db.vacancies().capture(other); });
    CHECK(e.field() == "interaction");
    // At a cluster meeting: vacancies of the park's members only.
    const Interaction meeting = j.db.interactions().log_cluster_meeting(
        {.cluster_id = j.park.meta.id, .on = Date(2026, 11, 5), .staff_id = j.c.manager.meta.id, .summary = "Reunión mensual"});
    NewVacancy at_meeting = j.vacancy(j.acme, 1, Date(2026, 11, 5), CaptureChannel::Other);
    at_meeting.channel.reset();
    at_meeting.interaction_id = meeting.meta.id;
    CHECK(j.db.vacancies().capture(at_meeting).channel == CaptureChannel::ClusterMeeting);
    NewVacancy outsider = j.vacancy(j.beta, 1, Date(2026, 11, 5), CaptureChannel::Other);
    outsider.interaction_id = meeting.meta.id;
    CHECK(capture<ValidationError>([&] { j.db.vacancies().capture(outsider); }).field() == "interaction");
}

TEST_CASE("vacancy status comes from placements, expiry and cancellation", "[jobs]") {
    Jobs j;
    const Vacancy v = j.db.vacancies().capture(j.vacancy(j.acme, 2, Date(2026, 11, 10), CaptureChannel::Visit));
    const Id s1 = j.db.seekers().add(j.seeker("Pedro Pérez")).meta.id;
    const Id s2 = j.db.seekers().add(j.seeker("María Soto")).meta.id;
    const Id s3 = j.db.seekers().add(j.seeker("Juan Vera")).meta.id;
    j.db.placements().record({.seeker_id = s1, .vacancy_id = v.meta.id, .start_on = Date(2026, 11, 16)});
    CHECK(j.db.vacancies().get(v.meta.id).status == VacancyStatus::PartiallyFilled);
    j.db.placements().record({.seeker_id = s2, .vacancy_id = v.meta.id, .start_on = Date(2026, 11, 20)});
    const Vacancy filled = j.db.vacancies().get(v.meta.id);
    CHECK(filled.status == VacancyStatus::Filled);
    CHECK(filled.placed == 2);
    CHECK(filled.filled_on == Date(2026, 11, 20));
    auto over = capture<Conflict>(
        [&] { j.db.placements().record({.seeker_id = s3, .vacancy_id = v.meta.id, .start_on = Date(2026, 11, 21)}); });
    CHECK(contains(over.what(), "positions filled"));

    const Vacancy old = j.db.vacancies().capture(j.vacancy(j.beta, 1, Date(2026, 9, 1), CaptureChannel::Email));
    CHECK(old.status == VacancyStatus::Expired);  // valid through 2026-10-01
    CHECK(j.db.vacancies().extend(old.meta.id, Date(2026, 12, 31)).status == VacancyStatus::Open);
    auto no_reason = capture<ValidationError>([&] { j.db.vacancies().cancel(old.meta.id, " "); });
    CHECK(no_reason.field() == "reason");
    const Vacancy cancelled = j.db.vacancies().cancel(old.meta.id, "the company froze hiring");
    CHECK(cancelled.status == VacancyStatus::Cancelled);
    CHECK(cancelled.cancel_reason == "the company froze hiring");
    CHECK_THROWS_AS(j.db.placements().record({.seeker_id = s3, .vacancy_id = old.meta.id, .start_on = Date(2026, 11, 23)}),
                    Conflict);
    CHECK(j.db.vacancies().list(j.office(), {.open_only = true}).empty());
    CHECK(j.db.vacancies().list(j.office(), {.status = VacancyStatus::Filled}).size() == 1);
}

TEST_CASE("a vacancy exports as schema.org JobPosting without seeker data", "[jobs]") {
    Jobs j;
    NewVacancy in = j.vacancy(j.acme, 3, Date(2026, 11, 20), CaptureChannel::Visit);
    in.description = "Carga y descarga de camiones \"rampa 2\"";
    in.wage_min = 550000;
    in.wage_max = 650000;
    in.schedule = "lun-vie 08:00-17:30";
    in.experience_months = 6;
    in.education = EducationLevel::Secondary;
    in.licences = {"B"};
    const Vacancy v = j.db.vacancies().capture(in);
    const Id s = j.db.seekers().add(j.seeker("Pedro Pérez")).meta.id;
    j.db.placements().record({.seeker_id = s, .vacancy_id = v.meta.id, .start_on = Date(2026, 11, 23)});
    const std::string json = j.db.vacancies().job_posting(v.meta.id);
    CHECK(contains(json, "\"@context\": \"https://schema.org/\""));
    CHECK(contains(json, "\"@type\": \"JobPosting\""));
    CHECK(contains(json, "\"title\": \"Operario de bodega\""));
    CHECK(contains(json, "\"description\": \"Carga y descarga de camiones \\\"rampa 2\\\"\""));
    CHECK(contains(json, "\"datePosted\": \"2026-11-20\""));
    CHECK(contains(json, "\"validThrough\": \"2026-12-20\""));
    CHECK(contains(json, "\"employmentType\": \"FULL_TIME\""));
    CHECK(contains(json, "\"taxID\": \"76.086.428-5\""));
    CHECK(contains(json, "\"addressLocality\": \"Concón\""));
    CHECK(contains(json, "\"addressCountry\": \"CL\""));
    CHECK(contains(json, "\"currency\": \"CLP\""));
    CHECK(contains(json, "\"minValue\": 550000"));
    CHECK(contains(json, "\"maxValue\": 650000"));
    CHECK(contains(json, "\"codeValue\": \"9333\""));
    CHECK(contains(json, "\"inCodeSet\": \"ISCO-08\""));
    CHECK(contains(json, "\"totalJobOpenings\": 2"));  // 3 positions, 1 filled
    CHECK(contains(json, "\"monthsOfExperience\": 6"));
    CHECK(contains(json, "\"credentialCategory\": \"high school\""));
    CHECK_FALSE(contains(json, "Pedro"));
    CHECK_FALSE(contains(json, j.db.seekers().personal(s, "test of the posting", j.c.manager.meta.id).rut));
}

TEST_CASE("a seeker needs consent, and bad rows change nothing", "[jobs]") {
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
    CHECK(j.db.seekers().find_by_rut(j.office(), s.rut, "registration desk", j.c.manager.meta.id)->meta.id == p.meta.id);
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

TEST_CASE("a seeker's consent is not dated after today", "[jobs]") {
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
    CHECK(capture<ValidationError>([&] { j.db.seekers().add_many({j.seeker("Ana"), s}); }).field() ==
          "rows[1].registered_on");
    CHECK(j.db.seekers().count(j.office()) == 0);

    const JobSeeker ana = j.db.seekers().add(j.seeker("Ana"));
    e = capture<ValidationError>([&] { j.db.seekers().renew_consent(ana.meta.id, tomorrow, {"intermediation"}); });
    CHECK(e.field() == "on");
    CHECK(e.value() == tomorrow.iso());
    CHECK(j.db.seekers().get(ana.meta.id).consent_on == Date(2026, 1, 10));  // unchanged
    CHECK(j.db.seekers().changes(ana.meta.id).rows() == 0);
    CHECK(j.db.seekers().renew_consent(ana.meta.id, test_day(), {"intermediation"}).consent_on == test_day());
}

TEST_CASE("seeker changes are logged and withdrawal takes them off matching", "[jobs]") {
    Jobs j;
    const Id id = j.db.seekers().add(j.seeker("Pedro Pérez")).meta.id;
    SeekerUpdate u;
    u.skills = std::vector<std::string>{"soldadura"};
    u.available_from = std::optional<Date>(Date(2026, 12, 1));
    const JobSeeker s = j.db.seekers().update(id, u);
    CHECK(s.skills == std::vector<std::string>{"soldadura"});
    CHECK(s.available_from == Date(2026, 12, 1));
    CHECK(j.db.seekers().personal(id, "check the update", j.c.manager.meta.id).name == "Pedro Pérez");  // untouched
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

TEST_CASE("personal data stays out of listings and leaves only through an explicit export", "[jobs][privacy]") {
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
    CHECK(capture<ValidationError>([&] { j.db.seekers().export_personal(j.office(), {}, "x"); }).field() == "fields");
    CHECK(capture<ValidationError>([&] { j.db.seekers().export_personal(j.office(), {"name"}, " "); }).field() ==
          "purpose");
    CHECK(capture<ValidationError>([&] { j.db.seekers().export_personal(j.office(), {"salary"}, "x"); }).value() ==
          "salary");
    CHECK(j.db.seekers().exports(j.office()).rows() == 0);
    NewJobSeeker gone = j.seeker("Juan Retirado");
    const Id gone_id = j.db.seekers().add(gone).meta.id;
    j.db.seekers().withdraw(gone_id);
    const Table t = j.db.seekers().export_personal(j.office(), {"name", "rut"}, "Send CVs to Acme SpA",
                                                   j.c.manager.meta.id);
    CHECK(t.rows() == 1);  // María gave no consent for intermediation; Juan is off the register
    CHECK(t.column("name").texts.at(0) == "Pedro Pérez");
    CHECK(t.column("rut").texts.at(0) == pedro.rut);
    CHECK_THROWS_AS(t.column("email"), NotFound);
    CHECK(t.metadata().at("contains_personal_data") == "name,rut");
    CHECK(t.metadata().at("purpose") == "Send CVs to Acme SpA");
    const Table log = j.db.seekers().exports(j.office());
    REQUIRE(log.rows() == 1);
    CHECK(log.column("fields").texts.at(0) == "name,rut");
    CHECK(log.column("rows").ints.at(0) == 1);
    CHECK(log.column("consent_scope").texts.at(0) == "intermediation");
}

TEST_CASE("reading personal data takes a purpose and a staff member of the office, and is logged", "[jobs][privacy]") {
    Jobs j;
    NewJobSeeker a = j.seeker("Pedro Pérez");
    a.phone = "9 8765 4321";
    const Id pedro = j.db.seekers().add(a).meta.id;
    const Id manager = j.c.manager.meta.id;
    // Staff of another office read nothing, and nothing is logged under them.
    auto& db = j.db;
    const Office other = db.offices().add({.name = "OMIL Quintero", .commune = "quintero"});
    const Id stranger = db.staff().add({.office_id = other.meta.id, .name = "Otra Persona",
                                        .role = StaffRole::Administrative}).meta.id;
    CHECK(capture<ValidationError>([&] { db.seekers().export_personal(j.office(), {"name"}, "x", stranger); })
              .field() == "staff");
    CHECK(capture<ValidationError>([&] { db.seekers().personal(pedro, "x", stranger); }).field() == "staff");
    CHECK(capture<ValidationError>([&] { db.seekers().export_personal(j.office(), {"name"}, "x"); }).field() ==
          "staff");
    CHECK(capture<ValidationError>([&] { db.seekers().find_by_rut(j.office(), a.rut, "", manager); }).field() ==
          "purpose");
    CHECK(db.seekers().exports(j.office()).rows() == 0);
    // Inside a transaction that could roll back the log: refused, nothing handed out.
    {
        auto tx = db.transaction();
        CHECK_THROWS_AS(db.seekers().export_personal(j.office(), {"name"}, "x", manager), Conflict);
        CHECK_THROWS_AS(db.seekers().personal(pedro, "x", manager), Conflict);
        tx.rollback();
    }
    // get() is the profile; personal() and find_by_rut() read the person, each logged.
    CHECK(db.seekers().get(pedro).name.empty());
    CHECK(db.seekers().get(pedro).rut.empty());
    CHECK(db.seekers().personal(pedro, "call for an interview", manager).phone == "+56987654321");
    CHECK(db.seekers().find_by_rut(j.office(), a.rut, "front desk", manager)->meta.id == pedro);
    CHECK_FALSE(db.seekers().find_by_rut(j.office(), Rut::from_body(98765432).str(), "front desk", manager).has_value());
    const Table log = db.seekers().exports(j.office());
    REQUIRE(log.rows() == 3);
    CHECK(log.column("purpose").texts == std::vector<std::string>{"call for an interview", "front desk", "front desk"});
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
    const Table reg = db.seekers().export_register(j.office(), "traspaso", manager);
    CHECK(reg.column("name").texts == std::vector<std::string>{"Pedro Pérez"});
}

TEST_CASE("a referral goes through interview and evaluation to a placement", "[jobs]") {
    Jobs j;
    const Vacancy v = j.db.vacancies().capture(j.vacancy(j.acme, 1, Date(2026, 11, 2), CaptureChannel::Visit));
    const Id s = j.db.seekers().add(j.seeker("Pedro Pérez")).meta.id;
    const Referral r = j.db.referrals().refer(s, v.meta.id, j.c.manager.meta.id, Date(2026, 11, 3));
    CHECK(r.stage == ReferralStage::Referred);
    CHECK(r.employer_id == j.acme.meta.id);
    CHECK_THROWS_AS(j.db.referrals().refer(s, v.meta.id), Conflict);
    j.db.referrals().advance(r.meta.id, ReferralStage::Interview, j.c.manager.meta.id, Date(2026, 11, 5));
    auto not_psy = capture<ValidationError>(
        [&] { j.db.referrals().evaluate(r.meta.id, EvaluationResult::Suitable, j.c.manager.meta.id); });
    CHECK(not_psy.field() == "by");
    const Referral ev = j.db.referrals().evaluate(r.meta.id, EvaluationResult::SuitableWithObservations,
                                                  j.psychologist.meta.id, Date(2026, 11, 6), "good references");
    CHECK(ev.stage == ReferralStage::Evaluation);
    CHECK(ev.evaluation == EvaluationResult::SuitableWithObservations);
    CHECK(capture<ValidationError>([&] { j.db.referrals().advance(r.meta.id, ReferralStage::Hired); }).field() == "stage");
    const Placement p = j.db.placements().record({.seeker_id = s, .vacancy_id = v.meta.id,
                                                  .start_on = Date(2026, 11, 10), .recorded_on = Date(2026, 11, 9)});
    CHECK(p.referral_id == r.meta.id);
    CHECK(p.contract_type == EmploymentType::FullTime);
    const Referral hired = j.db.referrals().get(r.meta.id);
    CHECK(hired.stage == ReferralStage::Hired);
    CHECK(hired.closed_on == Date(2026, 11, 9));
    const auto h = j.db.referrals().history(r.meta.id);
    REQUIRE(h.size() == 4);
    CHECK(h[0].to_stage == ReferralStage::Referred);
    CHECK(h[1].to_stage == ReferralStage::Interview);
    CHECK(h[2].result == EvaluationResult::SuitableWithObservations);
    CHECK(h[2].note == "good references");
    CHECK(h[3].from_stage == ReferralStage::Evaluation);
    CHECK(h[3].to_stage == ReferralStage::Hired);
    CHECK_THROWS_AS(j.db.referrals().advance(r.meta.id, ReferralStage::Withdrew), Conflict);

    // Referring to a vacancy that is filled is refused; back-dated to before the hire started,
    // the vacancy was still open.
    const Id other = j.db.seekers().add(j.seeker("María Soto")).meta.id;
    CHECK_THROWS_AS(j.db.referrals().refer(other, v.meta.id), Conflict);
    CHECK(j.db.referrals().refer(other, v.meta.id, {}, Date(2026, 11, 4)).stage == ReferralStage::Referred);
    CHECK_THROWS_AS(j.db.matching().seekers_for(v.meta.id), Conflict);  // filled: nothing to match
    // A seeker who did not consent to intermediation cannot be sent to an employer.
    NewJobSeeker quiet = j.seeker("Juan Vera");
    quiet.consent_scope = {"statistics"};
    const Id q = j.db.seekers().add(quiet).meta.id;
    const Vacancy v2 = j.db.vacancies().capture(j.vacancy(j.beta, 1, Date(2026, 11, 2), CaptureChannel::Email));
    CHECK_THROWS_AS(j.db.referrals().refer(q, v2.meta.id), Conflict);
}

TEST_CASE("placements are followed up at 30 and 90 days", "[jobs]") {
    Jobs j;
    const Vacancy v = j.db.vacancies().capture(j.vacancy(j.acme, 3, Date(2026, 7, 1), CaptureChannel::Visit));
    const Id a = j.db.seekers().add(j.seeker("Uno")).meta.id;
    const Id b = j.db.seekers().add(j.seeker("Dos")).meta.id;
    const Placement pa = j.db.placements().record({.seeker_id = a, .vacancy_id = v.meta.id, .start_on = Date(2026, 8, 3)});
    const Placement pb = j.db.placements().record({.seeker_id = b, .vacancy_id = v.meta.id, .start_on = Date(2026, 10, 5)});
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

TEST_CASE("programmes are offered to their audience and their outcomes are kept", "[jobs]") {
    Jobs j;
    const auto programmes = j.db.programmes().list(j.office());
    REQUIRE(programmes.size() == 5);
    CHECK(programmes[1].code == "subsidio_empleo_joven");
    const Id s = j.db.seekers().add(j.seeker("Pedro Pérez")).meta.id;
    auto e = capture<ValidationError>(
        [&] { j.db.programmes().offer(j.office(), "impulsa_personas", std::nullopt, s); });
    CHECK(e.field() == "seeker");
    CHECK(capture<ValidationError>([&] {
              j.db.programmes().offer(j.office(), "capacitacion", j.acme.meta.id, s);
          }).field() == "seeker");
    CHECK_THROWS_AS(j.db.programmes().offer(j.office(), "no_such", j.acme.meta.id, std::nullopt), NotFound);
    const ProgrammeOffer o = j.db.programmes().offer(j.office(), "impulsa_personas", j.acme.meta.id, std::nullopt,
                                                     j.c.manager.meta.id, Date(2026, 10, 1));
    j.db.programmes().record_outcome(o.meta.id, OfferOutcome::Accepted, Date(2026, 10, 8));
    const ProgrammeOffer enrolled = j.db.programmes().record_outcome(o.meta.id, OfferOutcome::Enrolled, Date(2026, 10, 20));
    CHECK(enrolled.outcome == OfferOutcome::Enrolled);
    CHECK(enrolled.outcome_on == Date(2026, 10, 20));
    CHECK_THROWS_AS(j.db.programmes().record_outcome(o.meta.id, OfferOutcome::Declined), Conflict);
    const Table history = j.db.programmes().offer_history(o.meta.id);
    CHECK(history.column("outcome").texts == std::vector<std::string>{"offered", "accepted", "enrolled"});
    CHECK(history.column("on").ints.at(2) == Date(2026, 10, 20).days());
    const ProgrammeOffer so = j.db.programmes().offer(j.office(), "subsidio_empleo_joven", std::nullopt, s);
    j.db.programmes().record_outcome(so.meta.id, OfferOutcome::Declined);
    j.db.programmes().add(j.office(), "taller_cv", "Taller de CV municipal", "training", ProgrammeAudience::Seekers);
    CHECK_THROWS_AS(
        j.db.programmes().add(j.office(), "taller_cv", "Otro", "training", ProgrammeAudience::Seekers), Conflict);
    const Table t = j.db.programmes().table(j.office());
    REQUIRE(t.rows() == 2);
    CHECK(t.column("programme").texts.at(0) == "subsidio_empleo_joven");
    CHECK(int_at(t, "declined", 0) == 1);
    CHECK(t.column("programme").texts.at(1) == "impulsa_personas");
    CHECK(int_at(t, "enrolled", 1) == 1);
}

// The hand-computed scenario behind the report tests:
//   v1 Acme (park member since 2026-01-01), captured 2026-03-10 by visit, 2 positions
//   v2 Beta (no cluster), captured 2026-03-20 by email, 1 position
//   v3 Acme, captured 2026-04-02 at a cluster meeting, 1 position
//   referrals: s1->v1 03-11, s2->v1 03-12, s3->v2 03-21, s4->v3 04-03; s1 interviewed 03-15
//   placements: s1->v1 03-20, s3->v2 03-25, s2->v1 04-01, s4->v3 04-10
//   follow-ups: p1 30 yes (04-19), 90 yes (06-18); p3 30 no (04-24); p2 90 no (06-30)
namespace {
struct Scenario : Jobs {
    Id v1, v2, v3;
    Scenario() {
        v1 = db.vacancies().capture(vacancy(acme, 2, Date(2026, 3, 10), CaptureChannel::Visit)).meta.id;
        v2 = db.vacancies().capture(vacancy(beta, 1, Date(2026, 3, 20), CaptureChannel::Email)).meta.id;
        v3 = db.vacancies().capture(vacancy(acme, 1, Date(2026, 4, 2), CaptureChannel::ClusterMeeting)).meta.id;
        Id s[4];
        for (int i = 0; i < 4; ++i) s[i] = db.seekers().add(seeker("Persona " + std::to_string(i + 1))).meta.id;
        const Id r1 = db.referrals().refer(s[0], v1, {}, Date(2026, 3, 11)).meta.id;
        db.referrals().refer(s[1], v1, {}, Date(2026, 3, 12));
        db.referrals().refer(s[2], v2, {}, Date(2026, 3, 21));
        db.referrals().refer(s[3], v3, {}, Date(2026, 4, 3));
        db.referrals().advance(r1, ReferralStage::Interview, {}, Date(2026, 3, 15));
        auto place = [&](Id seeker, Id v, Date start) {
            return db.placements().record({.seeker_id = seeker, .vacancy_id = v, .start_on = start, .recorded_on = start}).meta.id;
        };
        const Id p1 = place(s[0], v1, Date(2026, 3, 20));
        const Id p3 = place(s[2], v2, Date(2026, 3, 25));
        const Id p2 = place(s[1], v1, Date(2026, 4, 1));
        place(s[3], v3, Date(2026, 4, 10));
        db.placements().follow_up(p1, 30, true, Date(2026, 4, 19));
        db.placements().follow_up(p1, 90, true, Date(2026, 6, 18));
        db.placements().follow_up(p3, 30, false, Date(2026, 4, 24));
        db.placements().follow_up(p2, 90, false, Date(2026, 6, 30));
    }
};
}  // namespace

TEST_CASE("the capture funnel counts each month by hand", "[jobs][reports]") {
    Scenario s;
    const Table f = s.db.reports().funnel(s.office(), Date(2026, 3, 1), Date(2026, 4, 30));
    REQUIRE(f.rows() == 2);
    CHECK(Date::from_days(int_at(f, "month", 0)) == Date(2026, 3, 1));
    CHECK(int_at(f, "vacancies", 0) == 2);
    CHECK(int_at(f, "positions", 0) == 3);
    CHECK(int_at(f, "referrals", 0) == 3);
    CHECK(int_at(f, "interviews", 0) == 1);
    CHECK(int_at(f, "hires", 0) == 2);
    CHECK(int_at(f, "hires_from_referrals", 0) == 2);
    CHECK(real_at(f, "hires_per_referral", 0) == Approx(2.0 / 3.0));
    CHECK(int_at(f, "vacancies", 1) == 1);
    CHECK(int_at(f, "referrals", 1) == 1);
    CHECK(int_at(f, "hires", 1) == 2);
    CHECK(real_at(f, "hires_per_referral", 1) == Approx(2.0));
    // A period cut inside a month counts only its days.
    const Table part = s.db.reports().funnel(s.office(), Date(2026, 3, 15), Date(2026, 3, 31));
    CHECK(int_at(part, "vacancies", 0) == 1);
    CHECK(int_at(part, "referrals", 0) == 1);
    CHECK(capture<ValidationError>([&] { s.db.reports().funnel(s.office(), Date(2026, 4, 1), Date(2026, 3, 1)); })
              .field() == "end");
}

TEST_CASE("time to fill, channels and the park's share of placements", "[jobs][reports]") {
    Scenario s;
    const Table t = s.db.reports().time_to_fill(s.office(), Date(2026, 1, 1), Date(2026, 12, 31));
    REQUIRE(t.rows() == 3);
    CHECK(int_at(t, "vacancy_id", 0) == std::int64_t(s.v1));
    CHECK(int_at(t, "days_to_fill", 0) == 22);  // 03-10 -> 04-01, the second position
    CHECK(int_at(t, "days_to_fill", 1) == 5);   // 03-20 -> 03-25
    CHECK(int_at(t, "days_to_fill", 2) == 8);   // 04-02 -> 04-10

    const Table c = s.db.reports().placements_by_channel(s.office(), Date(2026, 1, 1), Date(2026, 12, 31));
    REQUIRE(c.rows() == 5);
    CHECK(c.column("channel").texts.at(0) == "visit");
    CHECK(int_at(c, "placements", 0) == 2);
    CHECK(real_at(c, "share", 0) == Approx(0.5));
    CHECK(int_at(c, "placements", 1) == 1);  // cluster_meeting
    CHECK(int_at(c, "placements", 2) == 1);  // email
    CHECK(int_at(c, "placements", 3) == 0);  // event

    const Table share = s.db.reports().cluster_share(s.office(), Date(2026, 1, 1), Date(2026, 12, 31));
    REQUIRE(share.rows() == 2);
    CHECK(share.column("cluster").texts.at(0) == "Parque Industrial Gulmué");
    CHECK(int_at(share, "placements", 0) == 3);
    CHECK(real_at(share, "share", 0) == Approx(0.75));
    CHECK(share.column("cluster").texts.at(1) == "(no cluster)");
    CHECK(int_at(share, "placements", 1) == 1);
    CHECK(real_at(share, "share", 1) == Approx(0.25));
    // Membership counts on the start date: had Acme left the park on 2026-04-05, v3's hire on
    // 04-10 would not count for it.
    s.db.clusters().remove_member(s.park.meta.id, s.acme.meta.id, Date(2026, 4, 5));
    const Table after = s.db.reports().cluster_share(s.office(), Date(2026, 1, 1), Date(2026, 12, 31));
    CHECK(int_at(after, "placements", 0) == 2);
    CHECK(int_at(after, "placements", 1) == 2);
}

TEST_CASE("90-day retention counts checks made by the as-of date", "[jobs][reports]") {
    Scenario s;
    const Table r = s.db.reports().retention(s.office(), Date(2026, 3, 1), Date(2026, 4, 30), Date(2026, 7, 15));
    REQUIRE(r.rows() == 2);
    // March: p1 (kept at 90) and p3 (gone by 30): 1 of 2.
    CHECK(int_at(r, "placements", 0) == 2);
    CHECK(int_at(r, "due_90", 0) == 2);
    CHECK(int_at(r, "checked_90", 0) == 2);
    CHECK(int_at(r, "employed_90", 0) == 1);
    CHECK(real_at(r, "retention_90", 0) == Approx(0.5));
    CHECK(int_at(r, "checked_30", 0) == 2);
    CHECK(int_at(r, "employed_30", 0) == 1);
    // April: p2 gone at 90, p4 never checked: 0 of 1.
    CHECK(int_at(r, "due_90", 1) == 2);
    CHECK(int_at(r, "checked_90", 1) == 1);
    CHECK(real_at(r, "retention_90", 1) == Approx(0.0));
    // Earlier, nothing had reached day 90 yet.
    const Table early = s.db.reports().retention(s.office(), Date(2026, 3, 1), Date(2026, 4, 30), Date(2026, 5, 1));
    CHECK(int_at(early, "due_90", 0) == 0);
    CHECK(early.column("retention_90").valid.at(0) == 0);
}

TEST_CASE("matching ranks the office's seekers and explains each score", "[jobs][matching]") {
    Jobs j;
    NewVacancy in = j.vacancy(j.acme, 1, Date(2026, 11, 20), CaptureChannel::Visit);
    in.skills = {"grua horquilla"};
    const Vacancy v = j.db.vacancies().capture(in);
    NewJobSeeker x = j.seeker("Exacto");
    x.experience = {{"9333", 24}};
    x.skills = {"Grúa horquilla"};
    const Id xid = j.db.seekers().add(x).meta.id;
    NewJobSeeker y = j.seeker("Cercano", "Viña del Mar");
    y.experience = {{"9334", 6}};
    const Id yid = j.db.seekers().add(y).meta.id;

    auto m = j.db.matching().seekers_for(v.meta.id);
    REQUIRE(m.size() == 2);
    CHECK(m[0].seeker_id == xid);
    CHECK(m[0].score == Approx(1.0));
    // Y: occupation 0.75 (same minor group 933), experience 1 (none asked), skills 0, licences 1,
    // distance 0.6 (same province), availability 1, education 1, with the default weights:
    // 0.35*0.75 + 0.10 + 0 + 0.10 + 0.15*0.6 + 0.10 + 0.05 = 0.7025
    CHECK(m[1].seeker_id == yid);
    CHECK(m[1].score == Approx(0.7025));
    CHECK(m[1].factors.size() == 7);

    // A seeker referred to the vacancy is no longer proposed for it.
    j.db.referrals().refer(xid, v.meta.id);
    m = j.db.matching().seekers_for(v.meta.id);
    REQUIRE(m.size() == 1);
    CHECK(m[0].seeker_id == yid);
    // A seeker added later is seen (the prepared pool is refreshed), a rolled-back one is not.
    NewJobSeeker z = j.seeker("Nuevo");
    z.experience = {{"9333", 1}};
    const Id zid = j.db.seekers().add(z).meta.id;
    CHECK(j.db.matching().seekers_for(v.meta.id).front().seeker_id == zid);
    {
        auto tx = j.db.transaction();
        NewJobSeeker w = j.seeker("Fantasma");
        w.experience = {{"9333", 50}};
        w.skills = {"grua horquilla"};
        j.db.seekers().add(w);
        CHECK(j.db.matching().seekers_for(v.meta.id).size() == 3);
    }  // rolled back
    CHECK(j.db.matching().seekers_for(v.meta.id).size() == 2);

    // The reverse direction: open vacancies for a seeker, minus those already referred to.
    const Vacancy other = j.db.vacancies().capture(j.vacancy(j.beta, 1, Date(2026, 11, 21), CaptureChannel::Email));
    auto vs = j.db.matching().vacancies_for(xid);
    REQUIRE(vs.size() == 1);
    CHECK(vs[0].vacancy_id == other.meta.id);
    m = j.db.matching().seekers_for(v.meta.id);
    const Table t = Matching::table(m);
    REQUIRE(t.rows() == 2);
    CHECK(t.column("rank").ints == std::vector<std::int64_t>{1, 2});
    CHECK(t.column("score").reals.at(1) == Approx(m[1].score));
    CHECK(t.column("distance_why").texts.at(1) == m[1].factors[4].explanation);
    CHECK_THROWS_AS(j.db.matching().seekers_for(v.meta.id, 20, matching::Weights{.occupation = -1}), ValidationError);
}

// ---- capture_many: the bulk path ---------------------------------------------------------------

namespace {

/// A visit to Acme and a meeting of the park, the same in every database they are logged in.
std::pair<Id, Id> contacts_made(Jobs& j) {
    const Id visit = j.db.interactions()
                         .log({.kind = InteractionKind::Visit, .on = Date(2026, 11, 18),
                               .staff_id = j.c.manager.meta.id, .employer_id = j.acme.meta.id})
                         .meta.id;
    const Id meeting = j.db.interactions()
                           .log_cluster_meeting({.cluster_id = j.park.meta.id, .on = Date(2026, 11, 5),
                                                 .staff_id = j.c.manager.meta.id, .attended = {j.acme.meta.id}})
                           .meta.id;
    return {visit, meeting};
}

/// Vacancies with every default and every derived field: the employer's place, a channel from a
/// visit and from a cluster meeting, normalised licences and skills, valid-through dates.
std::vector<NewVacancy> captured(const Jobs& j, std::pair<Id, Id> contacts) {
    NewVacancy a = j.vacancy(j.acme, 3, Date(2026, 11, 20), CaptureChannel::Visit);
    a.licences = {"clase b", "a-2"};
    a.skills = {"Grúa  Horquilla", "grua horquilla", "Inventario"};
    a.wage_min = 550000;
    a.wage_max = 650000;
    a.description = "  Turno de día  ";
    NewVacancy b = j.vacancy(j.beta, 1, Date(2026, 11, 2), CaptureChannel::Email);
    b.channel.reset();
    b.captured_by.reset();
    b.employment_type = EmploymentType::PartTime;
    b.shift = Shift::Night;
    NewVacancy c = j.vacancy(j.acme, 2, Date(2026, 11, 18), CaptureChannel::Other);
    c.channel.reset();
    c.interaction_id = contacts.first;
    NewVacancy d = j.vacancy(j.acme, 1, Date(2026, 11, 5), CaptureChannel::Other);
    d.channel.reset();
    d.interaction_id = contacts.second;
    d.education = EducationLevel::Secondary;
    d.experience_months = 12;
    NewVacancy e = j.vacancy(j.beta, 4, Date(2026, 10, 1), CaptureChannel::Event);
    e.captured_on.reset();  // today
    e.commune = "Quintero";
    e.address = " Av. Normandie 1916 ";
    e.valid_through = Date(2027, 1, 31);
    e.schedule = " lunes a viernes ";
    return {a, b, c, d, e};
}

std::string describe(const Vacancy& v) {
    std::ostringstream out;
    auto list = [&](const std::vector<std::string>& xs) {
        for (const auto& x : xs) out << x << ',';
        out << '|';
    };
    out << v.meta.id << '|' << v.office_id << '|' << v.employer_id << '|' << v.title << '|' << v.description << '|'
        << v.occupation << '|' << v.positions << '|' << to_string(v.employment_type) << '|' << to_string(v.shift)
        << '|' << v.schedule << '|' << v.wage_min.value_or(-1) << '|' << v.wage_max.value_or(-1) << '|' << v.commune
        << '|' << v.address << '|' << to_string(v.education) << '|' << v.experience_months << '|';
    list(v.licences);
    list(v.skills);
    out << to_string(v.channel) << '|' << v.interaction_id.value_or(0) << '|' << v.captured_by.value_or(0) << '|'
        << v.captured_on.iso() << '|' << v.valid_through.iso() << '|' << to_string(v.status);
    return out.str();
}

}  // namespace

TEST_CASE("capture_many stores exactly what capture stores row by row", "[jobs][bulk]") {
    Jobs one, bulk;
    const auto contacts = contacts_made(one);
    REQUIRE(contacts_made(bulk) == contacts);
    std::vector<Id> ids;
    for (const auto& row : captured(one, contacts)) ids.push_back(one.db.vacancies().capture(row).meta.id);
    CHECK(bulk.db.vacancies().capture_many(captured(bulk, contacts)) == ids);

    CHECK(omt::csv_without_uuid(bulk.db.vacancies().table(bulk.office())) ==
          omt::csv_without_uuid(one.db.vacancies().table(one.office())));
    for (Id id : ids) CHECK(describe(bulk.db.vacancies().get(id)) == describe(one.db.vacancies().get(id)));
    const auto v = [&](std::size_t i) { return bulk.db.vacancies().get(ids[i]); };
    CHECK(v(0).licences == std::vector<std::string>{"A2", "B"});
    CHECK(v(0).address == "Camino Concón-Quintero km 3");
    CHECK(v(1).commune == bulk.beta.commune_code);
    CHECK(v(1).channel == CaptureChannel::Other);
    CHECK(v(2).channel == CaptureChannel::Visit);
    CHECK(v(3).channel == CaptureChannel::ClusterMeeting);
    CHECK(v(4).captured_on == test_day());
    CHECK(v(4).address == "Av. Normandie 1916");
    // What matching sees of the new vacancies is the same too.
    const auto s = bulk.db.seekers().add(bulk.seeker("Pedro Pérez"));
    one.db.seekers().add(one.seeker("Pedro Pérez"));
    CHECK(bulk.db.matching().vacancies_for(s.meta.id).size() == one.db.matching().vacancies_for(s.meta.id).size());
}

TEST_CASE("capture_many with a bad row captures nothing and names the row and field", "[jobs][bulk]") {
    Jobs j;
    const auto contacts = contacts_made(j);
    auto rows = captured(j, contacts);
    SECTION("an occupation that is not an ISCO-08 unit group") {
        rows[1].occupation = "933";
        const auto e = capture<ValidationError>([&] { j.db.vacancies().capture_many(rows); });
        CHECK(e.field() == "rows[1].occupation");
        CHECK(e.value() == "933");
    }
    SECTION("wages upside down") {
        rows[0].wage_max = 500000;
        const auto e = capture<ValidationError>([&] { j.db.vacancies().capture_many(rows); });
        CHECK(e.field() == "rows[0].wage_max");
        CHECK(e.value() == "500000");
    }
    SECTION("an interaction with another employer") {
        rows[2].employer_id = j.beta.meta.id;  // the visit was to Acme
        CHECK(capture<ValidationError>([&] { j.db.vacancies().capture_many(rows); }).field() == "rows[2].interaction");
        rows[2].employer_id = j.acme.meta.id;
        rows[3].employer_id = j.beta.meta.id;  // not a member of the park
        CHECK(capture<ValidationError>([&] { j.db.vacancies().capture_many(rows); }).field() == "rows[3].interaction");
    }
    SECTION("records that do not exist") {
        rows[4].interaction_id = 999;
        auto e = capture<ValidationError>([&] { j.db.vacancies().capture_many(rows); });
        CHECK(e.field() == "rows[4].interaction");
        CHECK(e.value() == "999");
        rows[4].interaction_id.reset();
        rows[4].captured_by = 999;
        CHECK(capture<ValidationError>([&] { j.db.vacancies().capture_many(rows); }).field() == "rows[4].captured_by");
        rows[4].captured_by.reset();
        rows[4].employer_id = 999;
        CHECK(capture<ValidationError>([&] { j.db.vacancies().capture_many(rows); }).field() == "rows[4].employer");
    }
    CHECK(j.db.vacancies().list(j.office()).empty());
    CHECK(j.db.vacancies().capture_many({}).empty());
    CHECK(j.db.vacancies().list(j.office()).empty());
}
