// The declared fields (RecordFields) of vacancies, seekers, referrals, placements, programmes and
// matching: every member is declared, under the names Python shows and takes, and the vacancies'
// and seekers' spreadsheet columns follow the declarations.
#include <algorithm>
#include <tuple>

#include "helpers.hpp"
#include "omilcrm/fields.hpp"

using namespace omt;

namespace {

// Converts to any member type, to count an aggregate's members.
struct AnyMember {
    template <class T>
    constexpr operator T() const {  // only the aggregate initialization is checked, never run
        return T{};
    }
};

// The number of members of aggregate T: the most AnyMember initializers T{...} accepts.
template <class T, class... A>
constexpr std::size_t member_count() {
    if constexpr (requires { T{A{}..., AnyMember{}}; }) return member_count<T, A..., AnyMember>();
    else return sizeof...(A);
}

// Every member of R has a declared field: adding a member without declaring it fails here.
template <class R>
constexpr bool declares_every_member() {
    return std::tuple_size_v<std::decay_t<decltype(RecordFields<R>::fields)>> == member_count<R>();
}

std::vector<std::string_view> names(std::initializer_list<std::string_view> n) { return n; }

std::vector<std::string> column_names(const std::vector<std::pair<std::string, std::vector<std::string>>>& fields) {
    std::vector<std::string> out;
    for (const auto& [name, headers] : fields) out.push_back(name);
    return out;
}

}  // namespace

TEST_CASE("every member of the labour records is declared", "[fields]") {
    static_assert(declares_every_member<Vacancy>());
    static_assert(declares_every_member<NewVacancy>());
    static_assert(declares_every_member<VacancyFilter>());
    static_assert(declares_every_member<JobSeeker>());
    static_assert(declares_every_member<NewJobSeeker>());
    static_assert(declares_every_member<SeekerUpdate>());
    static_assert(declares_every_member<WorkshopAttendance>());
    static_assert(declares_every_member<Referral>());
    static_assert(declares_every_member<ReferralEvent>());
    static_assert(declares_every_member<Placement>());
    static_assert(declares_every_member<NewPlacement>());
    static_assert(declares_every_member<PlacementCheck>());
    static_assert(declares_every_member<Programme>());
    static_assert(declares_every_member<ProgrammeOffer>());
    static_assert(declares_every_member<matching::Experience>());
    static_assert(declares_every_member<matching::Opening>());
    static_assert(declares_every_member<matching::Profile>());
    static_assert(declares_every_member<matching::Factor>());
    static_assert(declares_every_member<matching::Match>());
    // Weights has a member function too; its data members are the seven factors.
    CHECK(field_names<matching::Weights>() ==
          names({"occupation", "experience", "skills", "licences", "distance", "availability", "education"}));
}

TEST_CASE("input records are declared under the keywords Python takes", "[fields]") {
    CHECK(field_names<NewVacancy>() == names({"employer",     "title",
                                              "occupation",   "positions",
                                              "description",  "employment_type",
                                              "shift",        "schedule",
                                              "wage_min",     "wage_max",
                                              "commune",      "address",
                                              "education",    "experience_months",
                                              "licences",     "skills",
                                              "channel",      "interaction",
                                              "by",           "on",
                                              "valid_through"}));
    CHECK(field_names<VacancyFilter>() == names({"employer", "status", "open_only"}));
    CHECK(field_names<NewJobSeeker>() == names({"office", "rut", "name", "commune", "phone", "email", "address",
                                                "birth_date", "education", "experience", "skills", "licences", "shifts",
                                                "available_from", "registered_on", "consent_on", "consent_scope"}));
    CHECK(field_names<SeekerUpdate>() == names({"commune", "phone", "email", "address", "education", "experience",
                                                "skills", "licences", "shifts", "available_from"}));
    CHECK(field_names<NewPlacement>() ==
          names({"seeker", "vacancy", "start_on", "contract_type", "by", "recorded_on"}));
    CHECK(field_names<matching::Opening>() == names({"id", "occupation", "commune", "education", "experience_months",
                                                     "skills", "licences", "shift", "starts"}));
    CHECK(field_names<matching::Profile>() ==
          names({"id", "commune", "education", "experience", "skills", "licences", "shifts", "available_from"}));
    // Required: what capture() and add() cannot do without.
    std::vector<std::string_view> required;
    for_each_field<NewVacancy>([&](const auto& f) {
        if (f.is_required) required.push_back(f.name);
    });
    CHECK(required == names({"employer", "title", "occupation"}));
}

TEST_CASE("stored records are declared under their attributes' names", "[fields]") {
    CHECK(field_names<Vacancy>() == names({"id",
                                           "uuid",
                                           "created_at",
                                           "updated_at",
                                           "office_id",
                                           "employer_id",
                                           "title",
                                           "occupation",
                                           "positions",
                                           "description",
                                           "employment_type",
                                           "shift",
                                           "schedule",
                                           "wage_min",
                                           "wage_max",
                                           "commune",
                                           "address",
                                           "education",
                                           "experience_months",
                                           "licences",
                                           "skills",
                                           "channel",
                                           "interaction_id",
                                           "captured_by",
                                           "captured_on",
                                           "valid_through",
                                           "cancel_reason",
                                           "cancelled_on",
                                           "placed",
                                           "status",
                                           "filled_on"}));
    CHECK(field_names<JobSeeker>() ==
          names({"id",      "uuid",     "created_at", "updated_at",     "office_id",     "rut",        "name",
                 "commune", "phone",    "email",      "address",        "birth_date",    "education",  "experience",
                 "skills",  "licences", "shifts",     "available_from", "registered_on", "consent_on", "consent_scope",
                 "active"}));
    CHECK(field_names<Referral>() ==
          names({"id", "uuid", "created_at", "updated_at", "office_id", "seeker_id", "vacancy_id", "employer_id",
                 "stage", "referred_on", "referred_by", "evaluation", "closed_on"}));
    CHECK(field_names<Placement>() == names({"id", "uuid", "created_at", "updated_at", "office_id", "seeker_id",
                                             "vacancy_id", "employer_id", "referral_id", "start_on", "contract_type",
                                             "recorded_by", "employed_30", "checked_30", "employed_90", "checked_90"}));
    CHECK(field_names<Programme>() ==
          names({"id", "uuid", "created_at", "updated_at", "office_id", "code", "name", "kind", "audience", "active"}));
    CHECK(field_names<ProgrammeOffer>() ==
          names({"id", "uuid", "created_at", "updated_at", "office_id", "programme_id", "employer_id", "seeker_id",
                 "offered_on", "offered_by", "outcome", "outcome_on", "note"}));
}

TEST_CASE("the vacancies' and seekers' spreadsheet columns are the records' declared fields", "[fields][import]") {
    // The vacancy's own fields, less the references (ids), the meta and what is derived when read;
    // the employer comes first, by RUT.
    std::vector<std::string> expected{"rut"};
    for_each_field<Vacancy>([&](const auto& f) {
        using F = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<typename F::refers_to, NoRecord> &&
                      !std::is_same_v<typename F::value_type, RecordMeta>)
            if (f.name != "placed" && f.name != "status" && f.name != "filled_on") expected.emplace_back(f.name);
    });
    CHECK(column_names(Imports::fields("vacancies")) == expected);
    CHECK(expected == std::vector<std::string>{"rut",           "title",
                                               "occupation",    "positions",
                                               "description",   "employment_type",
                                               "shift",         "schedule",
                                               "wage_min",      "wage_max",
                                               "commune",       "address",
                                               "education",     "experience_months",
                                               "licences",      "skills",
                                               "channel",       "captured_on",
                                               "valid_through", "cancel_reason",
                                               "cancelled_on"});
    const auto seekers = column_names(Imports::fields("seekers"));
    CHECK(seekers == std::vector<std::string>{"rut", "name", "commune", "phone", "email", "address", "birth_date",
                                              "education", "experience", "skills", "licences", "shifts",
                                              "available_from", "registered_on", "consent_on", "consent_scope",
                                              "active"});
    // Each column is fed by its own name (folded) and the Spanish headers declared for it.
    for (const auto& [name, headers] : Imports::fields("vacancies")) {
        std::string folded;
        for (char c : name)
            if (c != '_') folded += c;
        CHECK(std::find(headers.begin(), headers.end(), folded) != headers.end());
    }
}

TEST_CASE("a vacancies' sheet reads every declared field through its type's helper", "[fields][import]") {
    Database db = fresh_db();
    const Concon c(db);
    const Id office = c.office.meta.id;
    db.employers().add(c.employer("76.086.428-5", "Logística Gulmué SpA"));
    const auto doc = csv::parse(
        "RUT empresa;Cargo;Ocupación;Vacantes;Jornada;Turno;Renta mínima;Escolaridad;Experiencia;Licencias;"
        "Competencias;Canal;Fecha captación;Vigencia\n"
        "76.086.428-5;Operario;9333;2;media jornada;nocturno;$650.000;media completa;6;b;grúa horquilla;feria;"
        "05-11-2026;30/11/2026\n");
    const auto report = db.imports().vacancies(doc, {.office_id = office});
    REQUIRE(report.problems.empty());
    const Vacancy v = db.vacancies().list(office).at(0);
    CHECK(v.positions == 2);
    CHECK(v.employment_type == EmploymentType::PartTime);
    CHECK(v.shift == Shift::Night);
    CHECK(v.wage_min == 650000);
    CHECK(v.education == EducationLevel::Secondary);
    CHECK(v.experience_months == 6);
    CHECK(v.licences == std::vector<std::string>{"B"});
    CHECK(v.channel == CaptureChannel::Event);
    CHECK(v.captured_on == Date(2026, 11, 5));
    CHECK(v.valid_through == Date(2026, 11, 30));
    // A wrong word names its column and the cell, and lists the valid names.
    const auto bad = csv::parse("rut;title;occupation;shift\n76.086.428-5;Operario;9333;madrugada\n");
    const auto refused = db.imports().vacancies(bad, {.office_id = office, .dry_run = true});
    REQUIRE(refused.problems.size() == 1);
    CHECK(refused.problems[0].column == "shift");
    CHECK(refused.problems[0].value == "madrugada");
    CHECK_THAT(refused.problems[0].why, Catch::Contains("day, afternoon, night"));
}
