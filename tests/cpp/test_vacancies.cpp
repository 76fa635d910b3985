// Vacancies over a database: capture (one by one and in bulk), status, JobPosting.
#include <sstream>

#include "helpers.hpp"

using namespace omt;

TEST_CASE("a captured vacancy takes the employer's place and checks what it is given", "[vacancies]") {
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
    bad(
        [](NewVacancy& x) {
            x.wage_min = 700000;
            x.wage_max = 600000;
        },
        "wage_max", "600000");
    bad([](NewVacancy& x) { x.licences = {"Z9"}; }, "licences", "Z9");
    bad([](NewVacancy& x) { x.valid_through = Date(2026, 11, 1); }, "valid_through", "2026-11-01");
    CHECK(j.db.vacancies().list(j.office()).size() == 1);  // none of the bad ones was written
}

TEST_CASE("a vacancy cannot be captured on a day that has not come", "[vacancies]") {
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

TEST_CASE("a vacancy captured at a visit takes its channel from the interaction", "[vacancies]") {
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
    const Interaction meeting = j.db.interactions().log_cluster_meeting({.cluster_id = j.park.meta.id,
                                                                         .on = Date(2026, 11, 5),
                                                                         .staff_id = j.c.manager.meta.id,
                                                                         .summary = "Reunión mensual"});
    NewVacancy at_meeting = j.vacancy(j.acme, 1, Date(2026, 11, 5), CaptureChannel::Other);
    at_meeting.channel.reset();
    at_meeting.interaction_id = meeting.meta.id;
    CHECK(j.db.vacancies().capture(at_meeting).channel == CaptureChannel::ClusterMeeting);
    NewVacancy outsider = j.vacancy(j.beta, 1, Date(2026, 11, 5), CaptureChannel::Other);
    outsider.interaction_id = meeting.meta.id;
    CHECK(capture<ValidationError>([&] { j.db.vacancies().capture(outsider); }).field() == "interaction");
}

TEST_CASE("vacancy status comes from placements, expiry and cancellation", "[vacancies]") {
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
    CHECK_THROWS_AS(
        j.db.placements().record({.seeker_id = s3, .vacancy_id = old.meta.id, .start_on = Date(2026, 11, 23)}),
        Conflict);
    CHECK(j.db.vacancies().list(j.office(), {.open_only = true}).empty());
    CHECK(j.db.vacancies().list(j.office(), {.status = VacancyStatus::Filled}).size() == 1);
}

TEST_CASE("a vacancy exports as schema.org JobPosting without seeker data", "[vacancies]") {
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
    CHECK(contains(json, "\"validThrough\": \"2026-12-20T23:59:59-03:00\""));
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
    CHECK_FALSE(
        contains(json, j.db.seekers().personal(s, "intermediation: test of the posting", j.c.manager.meta.id).rut));
}

// ---- capture_many: the bulk path ---------------------------------------------------------------

namespace {

/// A visit to Acme and a meeting of the park, the same in every database they are logged in.
std::pair<Id, Id> contacts_made(Jobs& j) {
    const Id visit = j.db.interactions()
                         .log({.kind = InteractionKind::Visit,
                               .on = Date(2026, 11, 18),
                               .staff_id = j.c.manager.meta.id,
                               .employer_id = j.acme.meta.id})
                         .meta.id;
    const Id meeting = j.db.interactions()
                           .log_cluster_meeting({.cluster_id = j.park.meta.id,
                                                 .on = Date(2026, 11, 5),
                                                 .staff_id = j.c.manager.meta.id,
                                                 .attended = {j.acme.meta.id}})
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
        << v.occupation << '|' << v.positions << '|' << to_string(v.employment_type) << '|' << to_string(v.shift) << '|'
        << v.schedule << '|' << v.wage_min.value_or(-1) << '|' << v.wage_max.value_or(-1) << '|' << v.commune << '|'
        << v.address << '|' << to_string(v.education) << '|' << v.experience_months << '|';
    list(v.licences);
    list(v.skills);
    out << to_string(v.channel) << '|' << v.interaction_id.value_or(0) << '|' << v.captured_by.value_or(0) << '|'
        << v.captured_on.iso() << '|' << v.valid_through.iso() << '|' << to_string(v.status);
    return out.str();
}

}  // namespace

TEST_CASE("capture_many stores exactly what capture stores row by row", "[vacancies][bulk]") {
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

TEST_CASE("capture_many with a bad row captures nothing and names the row and field", "[vacancies][bulk]") {
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
