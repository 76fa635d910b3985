// Vacancies captured from employers, their derived status and their JobPosting export.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <unordered_map>

#include "omilcrm/database.hpp"
#include "omilcrm/ciiu.hpp"
#include "omilcrm/error.hpp"
#include "omilcrm/isco.hpp"
#include "omilcrm/json.hpp"
#include "omilcrm/territory.hpp"
#include "omilcrm/time_zone.hpp"
#include "bulk.hpp"
#include "checks.hpp"
#include "references.hpp"
#include "store/referrals.hpp"
#include "store/vacancies.hpp"
#include "text.hpp"
#include "html.hpp"

namespace omilcrm {

namespace {

// The vacancy as read on `today`: filled_on and its status follow from its placements.
Vacancy with_status(store::VacancyRow row, Date today) {
    Vacancy v = std::move(row.vacancy);
    if (v.placed >= v.positions) v.filled_on = row.last_start;
    v.status = vacancy_status(v.positions, v.placed, v.valid_through, v.cancelled_on, today);
    return v;
}

CaptureChannel channel_of(InteractionKind k) {
    switch (k) {
        case InteractionKind::Visit:
            return CaptureChannel::Visit;
        case InteractionKind::ClusterMeeting:
            return CaptureChannel::ClusterMeeting;
        case InteractionKind::Email:
            return CaptureChannel::Email;
        case InteractionKind::Event:
            return CaptureChannel::Event;
        default:
            return CaptureChannel::Other;
    }
}

bool matches(const Vacancy& v, const VacancyFilter& f) {
    if (f.status && v.status != *f.status) return false;
    if (f.open_only && v.status != VacancyStatus::Open && v.status != VacancyStatus::PartiallyFilled) return false;
    return true;
}

const char* credential_of(EducationLevel e) {
    switch (e) {
        case EducationLevel::Secondary:
        case EducationLevel::TechnicalSecondary:
            return "high school";
        case EducationLevel::Technical:
            return "associate degree";
        case EducationLevel::University:
            return "bachelor degree";
        case EducationLevel::Postgraduate:
            return "postgraduate degree";
        default:
            return nullptr;
    }
}

// JSON that can go inside an HTML <script type="application/ld+json"> as it is: <, > and & (which
// only occur inside strings) written as \u escapes, so a "</script>" or "<!--" in a title cannot end
// or change the element; U+2028 and U+2029 too, for scripts that eval it.
std::string script_safe(const std::string& json) {
    std::string out;
    out.reserve(json.size());
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (c == '<') out += "\\u003c";
        else if (c == '>') out += "\\u003e";
        else if (c == '&') out += "\\u0026";
        else if (c == '\xE2' && i + 2 < json.size() && json[i + 1] == '\x80' &&
                 (json[i + 2] == '\xA8' || json[i + 2] == '\xA9')) {
            out += json[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
            i += 2;
        } else out += c;
    }
    return out;
}

}  // namespace

namespace {

// Every check of capture(), against the records `refs` looks up: the vacancy as it will be
// stored (no id yet); writes nothing.
Vacancy prepare_vacancy(const NewVacancy& in, detail::References& refs, Date today) {
    const Employer& employer = refs.employer(in.employer_id);
    Vacancy v;
    v.office_id = employer.office_id;
    v.employer_id = employer.meta.id;
    v.title = std::string(detail::trim(in.title));
    if (v.title.empty()) throw ValidationError("title", in.title, "is required");
    v.occupation = isco::occupation(in.occupation, "occupation", true).code;
    if (in.positions < 1) throw ValidationError("positions", std::to_string(in.positions), "must be at least 1");
    if (in.wage_min && *in.wage_min < 0)
        throw ValidationError("wage_min", std::to_string(*in.wage_min), "must not be negative");
    if (in.wage_max && *in.wage_max < 0)
        throw ValidationError("wage_max", std::to_string(*in.wage_max), "must not be negative");
    if (in.wage_min && in.wage_max && *in.wage_max < *in.wage_min)
        throw ValidationError("wage_max", std::to_string(*in.wage_max),
                              "is below wage_min (" + std::to_string(*in.wage_min) + ")");
    if (in.experience_months < 0)
        throw ValidationError("experience_months", std::to_string(in.experience_months), "must not be negative");
    v.commune = in.commune.empty() ? employer.commune_code : territory::commune(in.commune).code;
    v.address = in.address.empty() ? employer.address : std::string(detail::trim(in.address));
    v.licences = normalize_licences(in.licences);
    v.skills = normalize_skills(in.skills);
    v.channel = in.channel.value_or(CaptureChannel::Other);
    if (in.interaction_id) {
        const Interaction& it = refs.interaction(*in.interaction_id);
        bool with_employer =
            it.office_id == employer.office_id && (!it.employer_id || *it.employer_id == employer.meta.id);
        if (with_employer && !it.employer_id && it.cluster_id) {  // a cluster meeting: members only
            const auto& members = refs.members(*it.cluster_id, it.on);
            with_employer = std::find(members.begin(), members.end(), employer.meta.id) != members.end();
        }
        if (!with_employer)
            throw ValidationError("interaction", std::to_string(*in.interaction_id),
                                  "is not an interaction with employer " + std::to_string(employer.meta.id));
        if (!in.channel) v.channel = channel_of(it.kind);
        v.interaction_id = in.interaction_id;
    }
    if (in.captured_by) {
        if (refs.staff(*in.captured_by, "captured_by").office_id != employer.office_id)
            throw ValidationError("captured_by", std::to_string(*in.captured_by), "works at another office");
        v.captured_by = in.captured_by;
    }
    v.captured_on = in.captured_on.value_or(today);
    detail::check_not_future("captured_on", v.captured_on, today);
    v.valid_through = in.valid_through.value_or(v.captured_on.add_days(30));
    if (v.valid_through < v.captured_on)
        throw ValidationError("valid_through", v.valid_through.iso(),
                              "is before the capture date (" + v.captured_on.iso() + ")");
    v.description = std::string(detail::trim(in.description));
    v.positions = in.positions;
    v.employment_type = in.employment_type;
    v.shift = in.shift;
    v.schedule = std::string(detail::trim(in.schedule));
    v.wage_min = in.wage_min;
    v.wage_max = in.wage_max;
    v.education = in.education;
    v.experience_months = in.experience_months;
    return v;
}

}  // namespace

Vacancy Vacancies::capture(const NewVacancy& in) {
    detail::WriteScope write(*db_);
    detail::References refs(*db_, false);
    Vacancy v = prepare_vacancy(in, refs, today());
    v.meta = detail::new_meta(*db_);
    const Id id = store::insert_vacancy(*db_, v);
    return get(id);
}

std::vector<Id> Vacancies::capture_many(const std::vector<NewVacancy>& rows, const Progress& progress) {
    detail::WriteScope write(*db_);
    detail::References refs(*db_, true);
    std::vector<Id> interactions;
    for (const auto& row : rows)
        if (row.interaction_id) interactions.push_back(*row.interaction_id);
    refs.prefetch_interactions(interactions);
    const Date day = today();
    return detail::insert_rows(
        *db_, rows, progress, [&](const NewVacancy& in) { return prepare_vacancy(in, refs, day); },
        [&](Vacancy& v) {
            v.meta = detail::new_meta(*db_);
            return store::insert_vacancy(*db_, v);
        });
}

Vacancy Vacancies::get(Id id) const {
    auto row = store::find_vacancy(*db_, id);
    if (!row) throw NotFound("vacancy", std::to_string(id));
    return with_status(std::move(*row), today());
}

std::vector<Vacancy> Vacancies::list(Id office_id, const VacancyFilter& f) const {
    detail::check_office(*db_, office_id);
    const Date day = today();
    std::vector<Vacancy> out;
    for (auto& row : store::list_vacancies(*db_, office_id, f.employer_id)) {
        Vacancy v = with_status(std::move(row), day);
        if (matches(v, f)) out.push_back(std::move(v));
    }
    return out;
}

Vacancy Vacancies::cancel(Id id, const std::string& reason, std::optional<Date> on) {
    detail::WriteScope write(*db_);
    const Vacancy v = get(id);
    const std::string why(detail::trim(reason));
    if (why.empty()) throw ValidationError("reason", reason, "is required to cancel a vacancy");
    if (v.cancelled_on)
        throw Conflict("vacancy " + std::to_string(id) + " was already cancelled on " + v.cancelled_on->iso());
    const Date day = on.value_or(today());
    if (day < v.captured_on)
        throw ValidationError("on", day.iso(), "is before the capture date (" + v.captured_on.iso() + ")");
    store::set_vacancy_cancelled(*db_, id, day, why);
    return get(id);
}

Vacancy Vacancies::extend(Id id, Date valid_through) {
    detail::WriteScope write(*db_);
    const Vacancy v = get(id);
    if (valid_through < v.captured_on)
        throw ValidationError("valid_through", valid_through.iso(),
                              "is before the capture date (" + v.captured_on.iso() + ")");
    store::set_vacancy_valid_through(*db_, id, valid_through);
    return get(id);
}

namespace {
// The vacancy is open to the end of its last day where the job is (its commune's zone, else the
// office's): "2026-12-20T23:59:59-03:00".
std::string valid_through_at(detail::DbImpl& db, const Vacancy& v) {
    const Commune* at = territory::find_commune(v.commune);
    const std::string_view zone = at ? territory::time_zone(*at) : Offices(db).get(v.office_id).time_zone();
    return zones::local_datetime(zone, zones::end_of_day(zone, v.valid_through));
}
}  // namespace

std::string Vacancies::job_posting(Id id) const {
    const Vacancy v = get(id);
    const Employer e = Employers(*db_).get(v.employer_id);
    const Occupation* occupation = isco::find(v.occupation);
    const Commune* commune = territory::find_commune(v.commune);
    const Region* region = commune ? territory::find_region(commune->region_code) : nullptr;

    namespace json = boost::json;
    json::object j;
    j.emplace("@context", "https://schema.org/");
    j.emplace("@type", "JobPosting");
    j.emplace("identifier", json::object{{"@type", "PropertyValue"}, {"name", "omilcrm"}, {"value", v.meta.uuid}});
    j.emplace("title", v.title);
    // Job boards want the full description as HTML; without one, the title and the employer.
    j.emplace("description", v.description.empty()
                                 ? detail::html_paragraphs(v.title + "\n\n" + e.display_name() +
                                                           (commune ? ", " + commune->name : std::string()))
                                 : detail::html_paragraphs(v.description));
    j.emplace("datePosted", v.captured_on.iso());
    j.emplace("validThrough", valid_through_at(*db_, v));
    j.emplace("directApply", false);  // applications go through the office, not the posting
    j.emplace("employmentType", schema_org_name(v.employment_type));
    j.emplace("hiringOrganization", json::object{{"@type", "Organization"},
                                                 {"name", e.display_name()},
                                                 {"legalName", e.legal_name},
                                                 {"taxID", e.rut.str()}});
    json::object address{{"@type", "PostalAddress"}};
    if (!v.address.empty()) address.emplace("streetAddress", v.address);
    if (commune) address.emplace("addressLocality", commune->name);
    if (region) address.emplace("addressRegion", region->name);
    address.emplace("addressCountry", "CL");
    j.emplace("jobLocation", json::object{{"@type", "Place"}, {"address", std::move(address)}});
    if (v.wage_min || v.wage_max) {
        json::object value{{"@type", "QuantitativeValue"}};
        if (v.wage_min && v.wage_max && *v.wage_min == *v.wage_max) {
            value.emplace("value", *v.wage_min);
        } else {
            if (v.wage_min) value.emplace("minValue", *v.wage_min);
            if (v.wage_max) value.emplace("maxValue", *v.wage_max);
        }
        value.emplace("unitText", "MONTH");
        j.emplace("baseSalary",
                  json::object{{"@type", "MonetaryAmount"}, {"currency", "CLP"}, {"value", std::move(value)}});
    }
    json::object category{{"@type", "CategoryCode"}, {"codeValue", v.occupation}, {"inCodeSet", "ISCO-08"}};
    if (occupation) category.emplace("name", occupation->label_es);  // the posting is in Spanish: CIUO-08
    j.emplace("occupationalCategory", std::move(category));
    if (const Activity* industry = e.activity.empty() ? nullptr : ciiu::find(e.activity))
        j.emplace("industry", industry->label);  // the employer's CIIU4.CL activity
    j.emplace("totalJobOpenings", v.positions > v.placed ? v.positions - v.placed : 0);
    if (!v.schedule.empty()) j.emplace("workHours", v.schedule);
    if (v.experience_months > 0)
        j.emplace("experienceRequirements", json::object{{"@type", "OccupationalExperienceRequirements"},
                                                         {"monthsOfExperience", v.experience_months}});
    if (const char* credential = credential_of(v.education))
        j.emplace("educationRequirements",
                  json::object{{"@type", "EducationalOccupationalCredential"}, {"credentialCategory", credential}});
    if (!v.skills.empty()) j.emplace("skills", detail::join_list(v.skills, ';'));
    if (!v.licences.empty()) {
        std::string q;
        for (const auto& l : v.licences) q += (q.empty() ? "" : "; ") + std::string("Licencia de conducir clase ") + l;
        j.emplace("qualifications", q);
    }
    return script_safe(json_pretty(j));
}

Table Vacancies::table(Id office_id, const VacancyFilter& f) const {
    detail::check_office(*db_, office_id);
    const auto vacancies = list(office_id, f);
    std::unordered_map<Id, std::string> employers;
    for (const auto& e : Employers(*db_).list(office_id)) employers[e.meta.id] = e.display_name();
    std::unordered_map<Id, std::int64_t> referrals = store::count_referrals_by_vacancy(*db_, office_id);
    Table t;
    auto& id = t.add_column("id", ColumnType::Int);
    auto& uuid = t.add_column("uuid", ColumnType::Text);
    auto& employer_id = t.add_column("employer_id", ColumnType::Int);
    auto& employer = t.add_column("employer", ColumnType::Text);
    auto& title = t.add_column("title", ColumnType::Text);
    auto& occupation = t.add_column("occupation", ColumnType::Text);
    auto& occupation_label = t.add_column("occupation_label", ColumnType::Text);
    auto& positions = t.add_column("positions", ColumnType::Int);
    auto& placed = t.add_column("placed", ColumnType::Int);
    auto& referred = t.add_column("referrals", ColumnType::Int);
    auto& status = t.add_column("status", ColumnType::Text);
    auto& type = t.add_column("employment_type", ColumnType::Text);
    auto& shift = t.add_column("shift", ColumnType::Text);
    auto& wage_min = t.add_column("wage_min", ColumnType::Int);
    auto& wage_max = t.add_column("wage_max", ColumnType::Int);
    auto& commune = t.add_column("commune", ColumnType::Text);
    auto& channel = t.add_column("channel", ColumnType::Text);
    auto& captured_by = t.add_column("captured_by", ColumnType::Int);
    auto& captured_on = t.add_column("captured_on", ColumnType::Date);
    auto& valid_through = t.add_column("valid_through", ColumnType::Date);
    auto& filled_on = t.add_column("filled_on", ColumnType::Date);
    for (const auto& v : vacancies) {
        id.push_int(v.meta.id);
        uuid.push_text(v.meta.uuid);
        employer_id.push_int(v.employer_id);
        employer.push_text(employers[v.employer_id]);
        title.push_text(v.title);
        occupation.push_text(v.occupation);
        const Occupation* o = isco::find(v.occupation);
        occupation_label.push_text(o ? o->label : std::string());
        positions.push_int(v.positions);
        placed.push_int(v.placed);
        referred.push_int(referrals[v.meta.id]);
        status.push_text(std::string(to_string(v.status)));
        type.push_text(std::string(to_string(v.employment_type)));
        shift.push_text(std::string(to_string(v.shift)));
        if (v.wage_min) wage_min.push_int(*v.wage_min);
        else wage_min.push_null();
        if (v.wage_max) wage_max.push_int(*v.wage_max);
        else wage_max.push_null();
        commune.push_text(v.commune);
        channel.push_text(std::string(to_string(v.channel)));
        if (v.captured_by) captured_by.push_int(*v.captured_by);
        else captured_by.push_null();
        captured_on.push_int(v.captured_on.days());
        valid_through.push_int(v.valid_through.days());
        if (v.filled_on) filled_on.push_int(v.filled_on->days());
        else filled_on.push_null();
    }
    return t;
}

}  // namespace omilcrm
