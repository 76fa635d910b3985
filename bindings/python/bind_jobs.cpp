// Vacancies, job seekers, referrals, placements, programmes, matching and their reports.
#include <pybind11/stl.h>

#include <array>

#include <omilcrm/database.hpp>
#include <omilcrm/isco.hpp>

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {


std::vector<Shift> shifts_of(const py::object& items) {
    std::vector<Shift> out;
    for (const auto& s : strings_of(items)) out.push_back(parse_shift(s, "shifts"));
    return out;
}

std::vector<std::string> shift_names(const std::vector<Shift>& shifts) {
    std::vector<std::string> out;
    for (auto s : shifts) out.emplace_back(to_string(s));
    return out;
}

// {"9333": 24} or [("9333", 24), ...]
std::vector<matching::Experience> experience_of(const py::object& v) {
    std::vector<matching::Experience> out;
    if (v.is_none()) return out;
    if (py::isinstance<py::dict>(v)) {
        for (auto [k, m] : py::reinterpret_borrow<py::dict>(v))
            out.push_back({py::str(k).cast<std::string>(), value_of<int>("experience", m, "a whole number of months")});
        return out;
    }
    for (auto item : v) {
        auto pair = py::reinterpret_borrow<py::sequence>(item);
        if (pair.size() != 2)
            throw ValidationError("experience", py::repr(item).cast<std::string>(), "expected (occupation, months)");
        out.push_back({py::str(pair[0]).cast<std::string>(),
                       value_of<int>("experience", pair[1], "a whole number of months")});
    }
    return out;
}

py::list experience_list(const std::vector<matching::Experience>& ex) {
    py::list out;
    for (const auto& e : ex) out.append(py::make_tuple(e.occupation, e.months));
    return out;
}

matching::Weights weights_of(const std::optional<std::map<std::string, double>>& w) {
    matching::Weights out;
    if (!w) return out;
    for (const auto& [k, v] : *w) {
        if (k == "occupation") out.occupation = v;
        else if (k == "experience") out.experience = v;
        else if (k == "skills") out.skills = v;
        else if (k == "licences") out.licences = v;
        else if (k == "distance") out.distance = v;
        else if (k == "availability") out.availability = v;
        else if (k == "education") out.education = v;
        else
            throw ValidationError("weights", k,
                                  "is not a factor (occupation, experience, skills, licences, distance, availability, "
                                  "education)");
    }
    return out;
}

// Builds a NewJobSeeker from a dict (one row of add_many); unknown keys are refused.
NewJobSeeker new_seeker_from(const py::dict& d) {
    NewJobSeeker s;
    for (auto [k, v] : d) {
        const std::string key = py::str(k);
        if (v.is_none()) continue;
        auto text = [&] { return py::str(v).cast<std::string>(); };
        if (key == "office") s.office_id = ref_of<Office>(key, v);
        else if (key == "rut") s.rut = text();
        else if (key == "name") s.name = text();
        else if (key == "commune") s.commune = text();
        else if (key == "phone") s.phone = text();
        else if (key == "email") s.email = text();
        else if (key == "address") s.address = text();
        else if (key == "birth_date") s.birth_date = value_of<Date>(key, v, "a date");
        else if (key == "education") s.education = parse_education_level(text());
        else if (key == "experience") s.experience = experience_of(py::reinterpret_borrow<py::object>(v));
        else if (key == "skills") s.skills = strings_of(py::reinterpret_borrow<py::object>(v));
        else if (key == "licences") s.licences = strings_of(py::reinterpret_borrow<py::object>(v));
        else if (key == "shifts") s.shifts = shifts_of(py::reinterpret_borrow<py::object>(v));
        else if (key == "available_from") s.available_from = value_of<Date>(key, v, "a date");
        else if (key == "registered_on") s.registered_on = value_of<Date>(key, v, "a date");
        else if (key == "consent_on") s.consent_on = value_of<Date>(key, v, "a date");
        else if (key == "consent_scope") s.consent_scope = strings_of(py::reinterpret_borrow<py::object>(v));
        else throw ValidationError(key, text(), "is not a job seeker field");
    }
    return s;
}

// NewVacancy's fields that capture() spells another way.
constexpr std::array<std::pair<std::string_view, std::string_view>, 2> kVacancyKeywords = {{
    {"captured_on", "on"}, {"captured_by", "by"}}};

// capture()'s keywords as a NewVacancy: one row of capture_many(), or capture()'s own arguments, so
// both convert alike. Unknown keys are refused.
NewVacancy new_vacancy_from(const py::dict& d) {
    NewVacancy n;
    bool employer = false, title = false, occupation = false;
    for (auto [k, v] : d) {
        const std::string key = py::str(k);
        if (v.is_none()) continue;
        auto text = [&] { return py::str(v).cast<std::string>(); };
        auto obj = [&] { return py::reinterpret_borrow<py::object>(v); };
        if (key == "employer") {
            n.employer_id = ref_of<Employer>(key, v);
            employer = true;
        } else if (key == "title") {
            n.title = text();
            title = true;
        } else if (key == "occupation") {
            n.occupation = text();
            occupation = true;
        } else if (key == "positions") n.positions = value_of<int>(key, v, "an integer");
        else if (key == "description") n.description = text();
        else if (key == "employment_type") n.employment_type = parse_employment_type(text());
        else if (key == "shift") n.shift = parse_shift(text());
        else if (key == "schedule") n.schedule = text();
        else if (key == "wage_min") n.wage_min = value_of<std::int64_t>(key, v, "an integer");
        else if (key == "wage_max") n.wage_max = value_of<std::int64_t>(key, v, "an integer");
        else if (key == "commune") n.commune = text();
        else if (key == "address") n.address = text();
        else if (key == "education") n.education = parse_education_level(text());
        else if (key == "experience_months") n.experience_months = value_of<int>(key, v, "an integer");
        else if (key == "licences") n.licences = strings_of(obj());
        else if (key == "skills") n.skills = strings_of(obj());
        else if (key == "channel") n.channel = parse_capture_channel(text());
        else if (key == "interaction") n.interaction_id = ref_of<Interaction>(key, v);
        else if (key == "by") n.captured_by = ref_of<StaffMember>(key, v);
        else if (key == "on") n.captured_on = value_of<Date>(key, v, "a date");
        else if (key == "valid_through") n.valid_through = value_of<Date>(key, v, "a date");
        else
            throw ValidationError(key, text(), "is not a vacancy field (employer, title, occupation, positions, "
                                               "description, employment_type, shift, schedule, wage_min, wage_max, "
                                               "commune, address, education, experience_months, licences, skills, "
                                               "channel, interaction, by, on, valid_through)");
    }
    if (!employer) throw ValidationError("employer", "", "is required");
    if (!title) throw ValidationError("title", "", "is required");
    if (!occupation) throw ValidationError("occupation", "", "is required");
    return n;
}

// A vacancy's requirements for the pure engine, from a dict; unknown keys are refused.
matching::Opening opening_from(const py::dict& d) {
    matching::Opening o;
    o.starts = Date(1970, 1, 1);
    for (auto [k, v] : d) {
        const std::string key = py::str(k);
        if (v.is_none()) continue;
        auto text = [&] { return py::str(v).cast<std::string>(); };
        auto obj = [&] { return py::reinterpret_borrow<py::object>(v); };
        if (key == "id") o.id = value_of<Id>(key, v, "an integer id");
        else if (key == "occupation") o.occupation = text();
        else if (key == "commune") o.commune = text();
        else if (key == "education") o.education = parse_education_level(text());
        else if (key == "experience_months") o.experience_months = value_of<int>(key, v, "a whole number");
        else if (key == "skills") o.skills = normalize_skills(strings_of(obj()));
        else if (key == "licences") o.licences = normalize_licences(strings_of(obj()));
        else if (key == "shift") o.shift = parse_shift(text());
        else if (key == "starts") o.starts = value_of<Date>(key, v, "a date");
        else throw ValidationError(key, text(), "is not a vacancy requirement (id, occupation, commune, education, "
                                                "experience_months, skills, licences, shift, starts)");
    }
    return o;
}

// A seeker's profile for the pure engine, from a dict; unknown keys are refused.
matching::Profile profile_from(const py::dict& d) {
    matching::Profile p;
    for (auto [k, v] : d) {
        const std::string key = py::str(k);
        if (v.is_none()) continue;
        auto text = [&] { return py::str(v).cast<std::string>(); };
        auto obj = [&] { return py::reinterpret_borrow<py::object>(v); };
        if (key == "id") p.id = value_of<Id>(key, v, "an integer id");
        else if (key == "commune") p.commune = text();
        else if (key == "education") p.education = parse_education_level(text());
        else if (key == "experience") p.experience = experience_of(obj());
        else if (key == "skills") p.skills = normalize_skills(strings_of(obj()));
        else if (key == "licences") p.licences = normalize_licences(strings_of(obj()));
        else if (key == "shifts") p.shifts = shifts_of(obj());
        else if (key == "available_from") p.available_from = value_of<Date>(key, v, "a date");
        else throw ValidationError(key, text(), "is not a seeker profile field (id, commune, education, experience, "
                                                "skills, licences, shifts, available_from)");
    }
    return p;
}


template <class T>
std::optional<std::string> opt_name(const std::optional<T>& v) {
    if (!v) return std::nullopt;
    return std::string(to_string(*v));
}

}  // namespace

void bind_jobs(py::module_& m) {
    // ---- pure values -------------------------------------------------------------------
    py::class_<Occupation>(m, "Occupation", "An ISCO-08 group: code, level (1-4) and English label.")
        .def_readonly("code", &Occupation::code)
        .def_readonly("level", &Occupation::level)
        .def_readonly("label", &Occupation::label)
        .def("__repr__", [](const Occupation& o) {
            return "Occupation(code=" + q(o.code) + ", level=" + std::to_string(o.level) + ", label=" + q(o.label) + ")";
        });
    m.def("isco_occupation", [](std::string_view code) { return isco::occupation(code); }, "code"_a,
          "The ISCO-08 group with this code (any level); ValidationError when there is none.");
    m.def("isco_path", [](std::string_view code) {
        std::vector<Occupation> out;
        for (const auto* o : isco::path(code)) out.push_back(*o);
        return out;
    }, "code"_a, "The groups from the major group down to the code: '9333' -> 9, 93, 933, 9333.");
    m.def("isco_occupations", [](std::optional<int> level) {
        std::vector<Occupation> out;
        for (const auto& o : isco::all())
            if (!level || o.level == *level) out.push_back(o);
        return out;
    }, "level"_a = py::none(), "Every ISCO-08 group, or those of one level (4 = unit groups).");
    m.def("vacancy_status", [](int positions, int placed, Date valid_through, std::optional<Date> cancelled_on, Date on) {
        return std::string(to_string(vacancy_status(positions, placed, valid_through, cancelled_on, on)));
    }, py::kw_only(), "positions"_a, "placed"_a, "valid_through"_a, "cancelled_on"_a = py::none(), "on"_a,
          "The status a vacancy has on a day: cancelled, filled, expired, partially_filled or open.");

    py::class_<matching::Factor>(m, "MatchFactor", "One factor of a match score, with why.")
        .def_readonly("name", &matching::Factor::name)
        .def_readonly("score", &matching::Factor::score)
        .def_readonly("weight", &matching::Factor::weight)
        .def_readonly("explanation", &matching::Factor::explanation)
        .def("__repr__", [](const matching::Factor& f) {
            return "MatchFactor(" + f.name + "=" + std::to_string(f.score) + ", " + q(f.explanation) + ")";
        });
    py::class_<matching::Match>(m, "Match", "A seeker-vacancy pair with its score (0-1) and per-factor explanation.")
        .def_readonly("seeker_id", &matching::Match::seeker_id)
        .def_readonly("vacancy_id", &matching::Match::vacancy_id)
        .def_readonly("score", &matching::Match::score)
        .def_readonly("factors", &matching::Match::factors)
        .def("explain", [](const matching::Match& x) {
            std::string out;
            for (const auto& f : x.factors) out += f.name + ": " + f.explanation + "\n";
            return out;
        }, "One line per factor.")
        .def("__repr__", [](const matching::Match& x) {
            return "Match(seeker_id=" + std::to_string(x.seeker_id) + ", vacancy_id=" + std::to_string(x.vacancy_id) +
                   ", score=" + std::to_string(x.score) + ")";
        });

    m.def("explain_match", [](const py::dict& vacancy, const py::dict& seeker,
                              std::optional<std::map<std::string, double>> weights) {
        const auto w = weights_of(weights);
        w.validate();
        return matching::explain(opening_from(vacancy), profile_from(seeker), w);
    }, "vacancy"_a, "seeker"_a, py::kw_only(), "weights"_a = py::none(),
          "The pure matching engine on your own data: scores one seeker for one vacancy, every factor "
          "explained. vacancy: {occupation, commune, education, experience_months, skills, licences, shift, "
          "starts}; seeker: {id, commune, education, experience, skills, licences, shifts, available_from}.");
    m.def("rank_seekers", [](const py::dict& vacancy, const py::iterable& seekers, std::size_t n,
                             std::optional<std::map<std::string, double>> weights) {
        const auto w = weights_of(weights);
        w.validate();
        const auto opening = opening_from(vacancy);
        const auto profiles = rows_of(seekers, profile_from, "seekers");
        py::gil_scoped_release release;
        return matching::rank_seekers(opening, profiles, n, w);
    }, "vacancy"_a, "seekers"_a, py::kw_only(), "n"_a = 20, "weights"_a = py::none(),
          "The pure engine: the best n of your seekers (dicts as for explain_match) for a vacancy, best first.");

    // ---- records -----------------------------------------------------------------------
    py::class_<Vacancy>(m, "Vacancy", "A job opening captured from an employer; its status follows from the facts.")
        .def_property_readonly("id", [](const Vacancy& v) { return v.meta.id; })
        .def_property_readonly("uuid", [](const Vacancy& v) { return v.meta.uuid; })
        .def_readonly("office_id", &Vacancy::office_id)
        .def_readonly("employer_id", &Vacancy::employer_id)
        .def_readonly("title", &Vacancy::title)
        .def_readonly("description", &Vacancy::description)
        .def_readonly("occupation", &Vacancy::occupation)
        .def_readonly("positions", &Vacancy::positions)
        .def_property_readonly("employment_type", [](const Vacancy& v) { return std::string(to_string(v.employment_type)); })
        .def_property_readonly("shift", [](const Vacancy& v) { return std::string(to_string(v.shift)); })
        .def_readonly("schedule", &Vacancy::schedule)
        .def_readonly("wage_min", &Vacancy::wage_min)
        .def_readonly("wage_max", &Vacancy::wage_max)
        .def_readonly("commune", &Vacancy::commune)
        .def_readonly("address", &Vacancy::address)
        .def_property_readonly("education", [](const Vacancy& v) { return std::string(to_string(v.education)); })
        .def_readonly("experience_months", &Vacancy::experience_months)
        .def_readonly("licences", &Vacancy::licences)
        .def_readonly("skills", &Vacancy::skills)
        .def_property_readonly("channel", [](const Vacancy& v) { return std::string(to_string(v.channel)); })
        .def_readonly("interaction_id", &Vacancy::interaction_id)
        .def_readonly("captured_by", &Vacancy::captured_by)
        .def_readonly("captured_on", &Vacancy::captured_on)
        .def_readonly("valid_through", &Vacancy::valid_through)
        .def_readonly("cancelled_on", &Vacancy::cancelled_on)
        .def_readonly("cancel_reason", &Vacancy::cancel_reason)
        .def_readonly("placed", &Vacancy::placed)
        .def_property_readonly("status", [](const Vacancy& v) { return std::string(to_string(v.status)); })
        .def_readonly("filled_on", &Vacancy::filled_on)
        .def("__repr__", [](const Vacancy& v) {
            return "Vacancy(id=" + std::to_string(v.meta.id) + ", title=" + q(v.title) + ", occupation=" + q(v.occupation) +
                   ", positions=" + std::to_string(v.positions) + ", placed=" + std::to_string(v.placed) +
                   ", status=" + q(std::string(to_string(v.status))) + ")";
        });

    py::class_<JobSeeker>(m, "JobSeeker", "A person registered at the office; personal data stays in the record.")
        .def_property_readonly("id", [](const JobSeeker& s) { return s.meta.id; })
        .def_property_readonly("uuid", [](const JobSeeker& s) { return s.meta.uuid; })
        .def_readonly("office_id", &JobSeeker::office_id)
        .def_readonly("rut", &JobSeeker::rut)
        .def_readonly("name", &JobSeeker::name)
        .def_readonly("phone", &JobSeeker::phone)
        .def_readonly("email", &JobSeeker::email)
        .def_readonly("address", &JobSeeker::address)
        .def_readonly("birth_date", &JobSeeker::birth_date)
        .def_readonly("commune", &JobSeeker::commune)
        .def_property_readonly("education", [](const JobSeeker& s) { return std::string(to_string(s.education)); })
        .def_property_readonly("experience", [](const JobSeeker& s) { return experience_list(s.experience); },
                               "[(ISCO code, months), ...]")
        .def_readonly("skills", &JobSeeker::skills)
        .def_readonly("licences", &JobSeeker::licences)
        .def_property_readonly("shifts", [](const JobSeeker& s) { return shift_names(s.shifts); })
        .def_readonly("available_from", &JobSeeker::available_from)
        .def_readonly("registered_on", &JobSeeker::registered_on)
        .def_readonly("consent_on", &JobSeeker::consent_on)
        .def_readonly("consent_scope", &JobSeeker::consent_scope)
        .def_readonly("active", &JobSeeker::active)
        // The repr leaves personal data out: it ends up in logs and notebooks.
        .def("__repr__", [](const JobSeeker& s) {
            return "JobSeeker(id=" + std::to_string(s.meta.id) + ", commune=" + q(s.commune) +
                   (s.active ? "" : ", withdrawn") + ")";
        });

    py::class_<WorkshopAttendance>(m, "WorkshopAttendance", "A job-readiness workshop a seeker attended.")
        .def_readonly("seeker_id", &WorkshopAttendance::seeker_id)
        .def_readonly("on", &WorkshopAttendance::on)
        .def_readonly("workshop", &WorkshopAttendance::workshop)
        .def_readonly("staff_id", &WorkshopAttendance::staff_id)
        .def("__repr__", [](const WorkshopAttendance& w) {
            return "WorkshopAttendance(on=" + q(w.on.iso()) + ", workshop=" + q(w.workshop) + ")";
        });

    py::class_<Referral>(m, "Referral", "A seeker sent to an employer for a vacancy.")
        .def_property_readonly("id", [](const Referral& r) { return r.meta.id; })
        .def_property_readonly("uuid", [](const Referral& r) { return r.meta.uuid; })
        .def_readonly("office_id", &Referral::office_id)
        .def_readonly("seeker_id", &Referral::seeker_id)
        .def_readonly("vacancy_id", &Referral::vacancy_id)
        .def_readonly("employer_id", &Referral::employer_id)
        .def_property_readonly("stage", [](const Referral& r) { return std::string(to_string(r.stage)); })
        .def_readonly("referred_on", &Referral::referred_on)
        .def_readonly("referred_by", &Referral::referred_by)
        .def_property_readonly("evaluation", [](const Referral& r) { return opt_name(r.evaluation); })
        .def_readonly("closed_on", &Referral::closed_on)
        .def("__repr__", [](const Referral& r) {
            return "Referral(id=" + std::to_string(r.meta.id) + ", seeker_id=" + std::to_string(r.seeker_id) +
                   ", vacancy_id=" + std::to_string(r.vacancy_id) + ", stage=" + q(std::string(to_string(r.stage))) + ")";
        });

    py::class_<ReferralEvent>(m, "ReferralEvent", "One step of a referral's history.")
        .def_readonly("referral_id", &ReferralEvent::referral_id)
        .def_property_readonly("from_stage", [](const ReferralEvent& e) { return opt_name(e.from_stage); })
        .def_property_readonly("to_stage", [](const ReferralEvent& e) { return std::string(to_string(e.to_stage)); })
        .def_readonly("on", &ReferralEvent::on)
        .def_readonly("staff_id", &ReferralEvent::staff_id)
        .def_property_readonly("result", [](const ReferralEvent& e) { return opt_name(e.result); })
        .def_readonly("note", &ReferralEvent::note)
        .def("__repr__", [](const ReferralEvent& e) {
            return "ReferralEvent(to_stage=" + q(std::string(to_string(e.to_stage))) + ", on=" + q(e.on.iso()) + ")";
        });

    py::class_<Placement>(m, "Placement", "A seeker hired through the office, with the 30- and 90-day follow-ups.")
        .def_property_readonly("id", [](const Placement& p) { return p.meta.id; })
        .def_property_readonly("uuid", [](const Placement& p) { return p.meta.uuid; })
        .def_readonly("office_id", &Placement::office_id)
        .def_readonly("seeker_id", &Placement::seeker_id)
        .def_readonly("vacancy_id", &Placement::vacancy_id)
        .def_readonly("employer_id", &Placement::employer_id)
        .def_readonly("referral_id", &Placement::referral_id)
        .def_readonly("start_on", &Placement::start_on)
        .def_property_readonly("contract_type", [](const Placement& p) { return std::string(to_string(p.contract_type)); })
        .def_readonly("recorded_by", &Placement::recorded_by)
        .def_readonly("employed_30", &Placement::employed_30)
        .def_readonly("checked_30", &Placement::checked_30)
        .def_readonly("employed_90", &Placement::employed_90)
        .def_readonly("checked_90", &Placement::checked_90)
        .def("__repr__", [](const Placement& p) {
            return "Placement(id=" + std::to_string(p.meta.id) + ", vacancy_id=" + std::to_string(p.vacancy_id) +
                   ", start_on=" + q(p.start_on.iso()) + ")";
        });

    py::class_<PlacementCheck>(m, "PlacementCheck", "A 30- or 90-day follow-up that is due.")
        .def_readonly("placement_id", &PlacementCheck::placement_id)
        .def_readonly("employer_id", &PlacementCheck::employer_id)
        .def_readonly("day", &PlacementCheck::day)
        .def_readonly("due_on", &PlacementCheck::due_on)
        .def("__repr__", [](const PlacementCheck& c) {
            return "PlacementCheck(placement_id=" + std::to_string(c.placement_id) + ", day=" + std::to_string(c.day) +
                   ", due_on=" + q(c.due_on.iso()) + ")";
        });

    py::class_<Programme>(m, "Programme", "A SENCE programme (or the office's own) that can be offered.")
        .def_property_readonly("id", [](const Programme& p) { return p.meta.id; })
        .def_readonly("office_id", &Programme::office_id)
        .def_readonly("code", &Programme::code)
        .def_readonly("name", &Programme::name)
        .def_readonly("kind", &Programme::kind)
        .def_property_readonly("audience", [](const Programme& p) { return std::string(to_string(p.audience)); })
        .def_readonly("active", &Programme::active)
        .def("__repr__", [](const Programme& p) { return "Programme(code=" + q(p.code) + ", name=" + q(p.name) + ")"; });

    py::class_<ProgrammeOffer>(m, "ProgrammeOffer", "A programme offered to an employer or a seeker, and its outcome.")
        .def_property_readonly("id", [](const ProgrammeOffer& o) { return o.meta.id; })
        .def_readonly("office_id", &ProgrammeOffer::office_id)
        .def_readonly("programme_id", &ProgrammeOffer::programme_id)
        .def_readonly("employer_id", &ProgrammeOffer::employer_id)
        .def_readonly("seeker_id", &ProgrammeOffer::seeker_id)
        .def_readonly("offered_on", &ProgrammeOffer::offered_on)
        .def_readonly("offered_by", &ProgrammeOffer::offered_by)
        .def_property_readonly("outcome", [](const ProgrammeOffer& o) { return std::string(to_string(o.outcome)); })
        .def_readonly("outcome_on", &ProgrammeOffer::outcome_on)
        .def_readonly("note", &ProgrammeOffer::note)
        .def("__repr__", [](const ProgrammeOffer& o) {
            return "ProgrammeOffer(id=" + std::to_string(o.meta.id) + ", outcome=" + q(std::string(to_string(o.outcome))) + ")";
        });

    // ---- repositories ------------------------------------------------------------------
    py::class_<Vacancies>(m, "Vacancies")
        .def("__repr__", [](const Vacancies&) { return std::string("<omilcrm.Vacancies repository>"); })
        .def("capture", [](Vacancies& r, Ref<Employer> employer, const std::string& title, const std::string& occupation,
                           int positions, const std::string& description, const std::string& employment_type,
                           const std::string& shift, const std::string& schedule, std::optional<std::int64_t> wage_min,
                           std::optional<std::int64_t> wage_max, const std::string& commune, const std::string& address,
                           const std::string& education, int experience_months, const py::object& licences,
                           const py::object& skills, std::optional<std::string> channel,
                           std::optional<Ref<Interaction>> interaction, std::optional<Ref<StaffMember>> by,
                           std::optional<Date> on, std::optional<Date> valid_through) {
            const NewVacancy in = new_vacancy_from(py::dict(
                "employer"_a = employer.id, "title"_a = title, "occupation"_a = occupation, "positions"_a = positions,
                "description"_a = description, "employment_type"_a = employment_type, "shift"_a = shift,
                "schedule"_a = schedule, "wage_min"_a = wage_min, "wage_max"_a = wage_max, "commune"_a = commune,
                "address"_a = address, "education"_a = education, "experience_months"_a = experience_months,
                "licences"_a = licences, "skills"_a = skills, "channel"_a = channel,
                "interaction"_a = opt_ref(interaction), "by"_a = opt_ref(by), "on"_a = on,
                "valid_through"_a = valid_through));
            return with_keywords(kVacancyKeywords, [&] { return r.capture(in); });
        }, py::kw_only(), "employer"_a, "title"_a, "occupation"_a, "positions"_a = 1, "description"_a = "",
           "employment_type"_a = "full_time", "shift"_a = "day", "schedule"_a = "", "wage_min"_a = py::none(),
           "wage_max"_a = py::none(), "commune"_a = "", "address"_a = "", "education"_a = "none",
           "experience_months"_a = 0, "licences"_a = py::none(), "skills"_a = py::none(), "channel"_a = py::none(),
           "interaction"_a = py::none(), "by"_a = py::none(), "on"_a = py::none(), "valid_through"_a = py::none(),
           "Records a vacancy captured from an employer. occupation: an ISCO-08 unit group ('9333'); channel: "
           "visit, cluster_meeting, email, event, other (default: from the interaction, else other); "
           "valid_through defaults to 30 days after the capture.")
        .def("capture_many", [](Vacancies& r, const py::iterable& rows) {
            const auto in = rows_of(rows, new_vacancy_from);
            return with_keywords(kVacancyKeywords, [&] { return r.capture_many(in); });
        }, "rows"_a,
           "Bulk path: an iterable of dicts with capture()'s keywords, every row checked as capture() does "
           "(errors name the row: rows[3].occupation), then one transaction; one bad row and nothing is "
           "captured. Returns the new ids.")
        .def("get", [](const Vacancies& r, Ref<Vacancy> v) { return r.get(v.id); }, "vacancy"_a)
        .def("list", [](const Vacancies& r, Ref<Office> office, std::optional<Ref<Employer>> employer,
                        std::optional<std::string> status, bool open_only) {
            VacancyFilter f;
            f.employer_id = opt_ref(employer);
            if (status) f.status = parse_vacancy_status(*status);
            f.open_only = open_only;
            return r.list(office.id, f);
        }, "office"_a, py::kw_only(), "employer"_a = py::none(), "status"_a = py::none(), "open_only"_a = false)
        .def("cancel", [](Vacancies& r, Ref<Vacancy> v, const std::string& reason, std::optional<Date> on) {
            return r.cancel(v.id, reason, on);
        }, "vacancy"_a, py::kw_only(), "reason"_a, "on"_a = py::none())
        .def("extend", [](Vacancies& r, Ref<Vacancy> v, Date valid_through) { return r.extend(v.id, valid_through); },
             "vacancy"_a, py::kw_only(), "valid_through"_a)
        .def("job_posting", [](const Vacancies& r, Ref<Vacancy> v) { return r.job_posting(v.id); }, "vacancy"_a,
             "schema.org JobPosting as a JSON-LD string, for job boards.")
        .def("table", [](const Vacancies& r, Ref<Office> office, std::optional<Ref<Employer>> employer,
                         std::optional<std::string> status, bool open_only) {
            VacancyFilter f;
            f.employer_id = opt_ref(employer);
            if (status) f.status = parse_vacancy_status(*status);
            f.open_only = open_only;
            return r.table(office.id, f);
        }, "office"_a, py::kw_only(), "employer"_a = py::none(), "status"_a = py::none(), "open_only"_a = false);

    py::class_<Seekers>(m, "Seekers")
        .def("__repr__", [](const Seekers&) { return std::string("<omilcrm.Seekers repository>"); })
        .def("add", [](Seekers& r, Ref<Office> office, const std::string& rut, const std::string& name,
                       const std::string& commune, std::optional<Date> consent_on, const py::object& consent_scope,
                       const std::string& phone, const std::string& email, const std::string& address,
                       std::optional<Date> birth_date, const std::string& education, const py::object& experience,
                       const py::object& skills, const py::object& licences, const py::object& shifts,
                       std::optional<Date> available_from, std::optional<Date> registered_on) {
            NewJobSeeker s;
            s.office_id = office.id;
            s.rut = rut;
            s.name = name;
            s.commune = commune;
            s.consent_on = consent_on;
            s.consent_scope = strings_of(consent_scope);
            s.phone = phone;
            s.email = email;
            s.address = address;
            s.birth_date = birth_date;
            s.education = parse_education_level(education);
            s.experience = experience_of(experience);
            s.skills = strings_of(skills);
            s.licences = strings_of(licences);
            s.shifts = shifts_of(shifts);
            s.available_from = available_from;
            s.registered_on = registered_on;
            return r.add(s);
        }, py::kw_only(), "office"_a, "rut"_a, "name"_a, "commune"_a, "consent_on"_a, "consent_scope"_a,
           "phone"_a = "", "email"_a = "", "address"_a = "", "birth_date"_a = py::none(), "education"_a = "none",
           "experience"_a = py::none(), "skills"_a = py::none(), "licences"_a = py::none(), "shifts"_a = py::none(),
           "available_from"_a = py::none(), "registered_on"_a = py::none(),
           "Registers a job seeker. consent_scope: any of intermediation, programmes, contact, statistics; "
           "experience: {'9333': 24} (ISCO code: months); shifts: day, afternoon, night, rotating, weekend, "
           "flexible (none = any).")
        .def("add_many", [](Seekers& r, const py::iterable& rows) {
            const auto in = rows_of(rows, new_seeker_from);
            return r.add_many(in);
        }, "rows"_a,
           "Bulk path: an iterable of dicts with add()'s keywords, each validated and inserted in one "
           "transaction; one bad row and nothing is added. Returns the new ids.")
        .def("get", [](const Seekers& r, Ref<JobSeeker> s) { return r.get(s.id); }, "seeker"_a,
             "The seeker's profile, without personal data (rut, name, phone, email, address and birth_date "
             "are empty): read those with personal().")
        .def("personal", [](Seekers& r, Ref<JobSeeker> s, const std::string& purpose, Ref<StaffMember> by) {
            return r.personal(s.id, purpose, by.id);
        }, "seeker"_a, py::kw_only(), "purpose"_a, "by"_a,
           "The seeker with their personal data. Takes a purpose and the staff member reading (of the seeker's "
           "office); the reading is logged (exports()) before the data is returned, so not inside a transaction.")
        .def("find_by_rut", [](Seekers& r, Ref<Office> office, std::string_view rut, const std::string& purpose,
                               Ref<StaffMember> by) { return r.find_by_rut(office.id, rut, purpose, by.id); },
             "office"_a, "rut"_a, py::kw_only(), "purpose"_a, "by"_a,
             "The seeker registered with this RUT, with personal data, or None. A search by RUT reads personal "
             "data: purpose and by are required and it is logged, found or not.")
        .def("update", [](Seekers& r, Ref<JobSeeker> s, std::optional<std::string> commune,
                          std::optional<std::string> phone, std::optional<std::string> email,
                          std::optional<std::string> address, std::optional<std::string> education,
                          const py::object& experience, const py::object& skills, const py::object& licences,
                          const py::object& shifts, std::optional<Date> available_from) {
            SeekerUpdate u;
            u.commune = commune;
            u.phone = phone;
            u.email = email;
            u.address = address;
            if (education) u.education = parse_education_level(*education);
            if (!experience.is_none()) u.experience = experience_of(experience);
            if (!skills.is_none()) u.skills = strings_of(skills);
            if (!licences.is_none()) u.licences = strings_of(licences);
            if (!shifts.is_none()) u.shifts = shifts_of(shifts);
            if (available_from) u.available_from = std::optional<Date>(*available_from);
            return r.update(s.id, u);
        }, "seeker"_a, py::kw_only(), "commune"_a = py::none(), "phone"_a = py::none(), "email"_a = py::none(),
           "address"_a = py::none(), "education"_a = py::none(), "experience"_a = py::none(), "skills"_a = py::none(),
           "licences"_a = py::none(), "shifts"_a = py::none(), "available_from"_a = py::none(),
           "Changes the given fields; each change is logged.")
        .def("withdraw", [](Seekers& r, Ref<JobSeeker> s, std::optional<Date> on) { return r.withdraw(s.id, on); },
             "seeker"_a, py::kw_only(), "on"_a = py::none())
        .def("renew_consent", [](Seekers& r, Ref<JobSeeker> s, Date on, const py::object& scope) {
            return r.renew_consent(s.id, on, strings_of(scope));
        }, "seeker"_a, py::kw_only(), "on"_a, "scope"_a)
        .def("count", [](const Seekers& r, Ref<Office> office) { return r.count(office.id); }, "office"_a)
        .def("attend_workshop", [](Seekers& r, Ref<JobSeeker> s, const std::string& workshop, std::optional<Date> on,
                                   std::optional<Ref<StaffMember>> by) {
            r.attend_workshop(s.id, on.value_or(r.today()), workshop, opt_ref(by));
        }, "seeker"_a, py::kw_only(), "workshop"_a, "on"_a = py::none(), "by"_a = py::none(),
           "Records attendance at a job-readiness workshop.")
        .def("workshops", [](const Seekers& r, Ref<JobSeeker> s) { return r.workshops(s.id); }, "seeker"_a)
        .def("table", [](const Seekers& r, Ref<Office> office) { return r.table(office.id); }, "office"_a,
             "Profiles without personal data: commune, education, experience, skills, licences, availability, "
             "consent and counts.")
        .def("export_personal", [](Seekers& r, Ref<Office> office, const py::object& fields, const std::string& purpose,
                                   std::optional<Ref<StaffMember>> by, const std::string& scope) {
            return r.export_personal(office.id, strings_of(fields), purpose, opt_ref(by), scope);
        }, "office"_a, py::kw_only(), "fields"_a, "purpose"_a, "by"_a = py::none(), "scope"_a = "intermediation",
           "The only way personal data leaves the database in bulk: the profiles plus the personal fields named "
           "(rut, name, phone, email, address, birth_date) of seekers on the register whose consent covers "
           "`scope`. `by` (a staff member of the office) is required. Logged before the table is returned, so not "
           "inside a transaction; the table's metadata (DataFrame.attrs) says what it contains.")
        .def("exports", [](const Seekers& r, Ref<Office> office) { return r.exports(office.id); }, "office"_a,
             "The log of personal-data exports.")
        .def("changes", [](const Seekers& r, Ref<JobSeeker> s) { return r.changes(s.id); }, "seeker"_a,
             "The seeker's change log: profile, contact, withdrawal and consent changes with old and new values.");

    py::class_<Referrals>(m, "Referrals")
        .def("__repr__", [](const Referrals&) { return std::string("<omilcrm.Referrals repository>"); })
        .def("refer", [](Referrals& r, Ref<JobSeeker> seeker, Ref<Vacancy> vacancy, std::optional<Ref<StaffMember>> by,
                         std::optional<Date> on, const std::string& note) {
            return r.refer(seeker.id, vacancy.id, opt_ref(by), on, note);
        }, py::kw_only(), "seeker"_a, "vacancy"_a, "by"_a = py::none(), "on"_a = py::none(), "note"_a = "")
        .def("get", [](const Referrals& r, Ref<Referral> x) { return r.get(x.id); }, "referral"_a)
        .def("advance", [](Referrals& r, Ref<Referral> x, const std::string& to, std::optional<Ref<StaffMember>> by,
                           std::optional<Date> on, const std::string& note) {
            return r.advance(x.id, parse_referral_stage(to), opt_ref(by), on, note);
        }, "referral"_a, "to"_a, py::kw_only(), "by"_a = py::none(), "on"_a = py::none(), "note"_a = "",
           "to: interview, evaluation, not_selected, withdrew (hired comes with placements.record).")
        .def("evaluate", [](Referrals& r, Ref<Referral> x, const std::string& result, Ref<StaffMember> by,
                            std::optional<Date> on, const std::string& note) {
            return r.evaluate(x.id, parse_evaluation_result(result), by.id, on, note);
        }, "referral"_a, py::kw_only(), "result"_a, "by"_a, "on"_a = py::none(), "note"_a = "",
           "The labour psychologist's evaluation: suitable, suitable_with_observations, not_suitable.")
        .def("history", [](const Referrals& r, Ref<Referral> x) { return r.history(x.id); }, "referral"_a)
        .def("for_vacancy", [](const Referrals& r, Ref<Vacancy> v) { return r.for_vacancy(v.id); }, "vacancy"_a)
        .def("for_seeker", [](const Referrals& r, Ref<JobSeeker> s) { return r.for_seeker(s.id); }, "seeker"_a)
        .def("table", [](const Referrals& r, Ref<Office> office, std::optional<Ref<Vacancy>> vacancy) {
            return r.table(office.id, opt_ref(vacancy));
        }, "office"_a, py::kw_only(), "vacancy"_a = py::none());

    py::class_<Placements>(m, "Placements")
        .def("__repr__", [](const Placements&) { return std::string("<omilcrm.Placements repository>"); })
        .def("record", [](Placements& r, Ref<JobSeeker> seeker, Ref<Vacancy> vacancy, Date start_on,
                          std::optional<std::string> contract_type, std::optional<Ref<StaffMember>> by,
                          std::optional<Date> recorded_on) {
            NewPlacement p;
            p.seeker_id = seeker.id;
            p.vacancy_id = vacancy.id;
            p.start_on = start_on;
            if (contract_type) p.contract_type = parse_employment_type(*contract_type, "contract_type");
            p.recorded_by = opt_ref(by);
            p.recorded_on = recorded_on;
            return r.record(p);
        }, py::kw_only(), "seeker"_a, "vacancy"_a, "start_on"_a, "contract_type"_a = py::none(), "by"_a = py::none(),
           "recorded_on"_a = py::none(),
           "Records a hire; the seeker's referral to the vacancy, if any, moves to hired in the same transaction.")
        .def("get", [](const Placements& r, Ref<Placement> p) { return r.get(p.id); }, "placement"_a)
        .def("follow_up", [](Placements& r, Ref<Placement> p, int day, bool employed, std::optional<Date> on,
                             std::optional<Ref<StaffMember>> by, const std::string& note) {
            return r.follow_up(p.id, day, employed, on, opt_ref(by), note);
        }, "placement"_a, py::kw_only(), "day"_a, "employed"_a, "on"_a = py::none(), "by"_a = py::none(),
           "note"_a = "", "Records the day-30 or day-90 follow-up: is the person still employed?")
        .def("checks_due", [](const Placements& r, Ref<Office> office, std::optional<Date> on) {
            return r.checks_due(office.id, on.value_or(r.today()));
        }, "office"_a, py::kw_only(), "on"_a = py::none())
        .def("list", [](const Placements& r, Ref<Office> office) { return r.list(office.id); }, "office"_a)
        .def("for_vacancy", [](const Placements& r, Ref<Vacancy> v) { return r.for_vacancy(v.id); }, "vacancy"_a)
        .def("table", [](const Placements& r, Ref<Office> office) { return r.table(office.id); }, "office"_a);

    py::class_<Programmes>(m, "Programmes")
        .def("__repr__", [](const Programmes&) { return std::string("<omilcrm.Programmes repository>"); })
        .def("add", [](Programmes& r, Ref<Office> office, const std::string& code, const std::string& name,
                       const std::string& kind, const std::string& audience) {
            return r.add(office.id, code, name, kind, parse_programme_audience(audience));
        }, py::kw_only(), "office"_a, "code"_a, "name"_a, "kind"_a = "training", "audience"_a = "both",
           "kind: training, subsidy, other; audience: employers, seekers, both.")
        .def("get", [](const Programmes& r, Ref<Office> office, std::string_view code) { return r.get(office.id, code); },
             "office"_a, "code"_a)
        .def("list", [](const Programmes& r, Ref<Office> office) { return r.list(office.id); }, "office"_a)
        .def("offer", [](Programmes& r, Ref<Office> office, std::string_view programme,
                         std::optional<Ref<Employer>> employer, std::optional<Ref<JobSeeker>> seeker,
                         std::optional<Ref<StaffMember>> by, std::optional<Date> on, const std::string& note) {
            return r.offer(office.id, programme, opt_ref(employer), opt_ref(seeker), opt_ref(by), on, note);
        }, py::kw_only(), "office"_a, "programme"_a, "employer"_a = py::none(), "seeker"_a = py::none(),
           "by"_a = py::none(), "on"_a = py::none(), "note"_a = "",
           "Offers a programme (by code) to one employer or one seeker.")
        .def("record_outcome", [](Programmes& r, Ref<ProgrammeOffer> offer, const std::string& outcome,
                                  std::optional<Date> on, std::optional<Ref<StaffMember>> by, const std::string& note) {
            return r.record_outcome(offer.id, parse_offer_outcome(outcome), on, opt_ref(by), note);
        }, "offer"_a, "outcome"_a, py::kw_only(), "on"_a = py::none(), "by"_a = py::none(), "note"_a = "",
           "outcome: declined, accepted, enrolled.")
        .def("get_offer", [](const Programmes& r, Ref<ProgrammeOffer> o) { return r.get_offer(o.id); }, "offer"_a)
        .def("offer_history", [](const Programmes& r, Ref<ProgrammeOffer> o) { return r.offer_history(o.id); },
             "offer"_a, "Every outcome the offer went through.")
        .def("offers", [](const Programmes& r, Ref<Office> office) { return r.offers(office.id); }, "office"_a)
        .def("table", [](const Programmes& r, Ref<Office> office) { return r.table(office.id); }, "office"_a,
             "Offers per programme and audience, by outcome.");

    py::class_<Matching>(m, "Matching", "Ranks seekers for a vacancy and vacancies for a seeker, explained.")
        .def("__repr__", [](const Matching&) { return std::string("<omilcrm.Matching>"); })
        .def("seekers_for", [](const Matching& r, Ref<Vacancy> v, std::size_t n,
                               std::optional<std::map<std::string, double>> weights) {
            const auto w = weights_of(weights);
            return r.seekers_for(v.id, n, w);
        }, "vacancy"_a, py::kw_only(), "n"_a = 20, "weights"_a = py::none(),
           "The best n active seekers who consented to intermediation and are not yet referred to it. "
           "weights: {'occupation': 0.35, ...} to change the defaults.")
        .def("vacancies_for", [](const Matching& r, Ref<JobSeeker> s, std::size_t n,
                                 std::optional<std::map<std::string, double>> weights) {
            return r.vacancies_for(s.id, n, weights_of(weights));
        }, "seeker"_a, py::kw_only(), "n"_a = 20, "weights"_a = py::none())
        .def_static("table", &Matching::table, "matches"_a,
                    "Matches as a table: rank, ids, score, and a score and a '_why' column per factor.");

    py::class_<Reports>(m, "Reports", "Reports over vacancies and placements; give year= or start= and end=.")
        .def("__repr__", [](const Reports&) { return std::string("<omilcrm.Reports>"); })
        .def("funnel", [](const Reports& r, Ref<Office> office, std::optional<int> year, std::optional<Date> start,
                          std::optional<Date> end) {
            const auto [from, to] = period_of(year, start, end);
            return r.funnel(office.id, from, to);
        }, "office"_a, py::kw_only(), "year"_a = py::none(), "start"_a = py::none(), "end"_a = py::none(),
           "Per month: vacancies and positions captured, referrals, interviews, hires, hires per referral.")
        .def("time_to_fill", [](const Reports& r, Ref<Office> office, std::optional<int> year, std::optional<Date> start,
                                std::optional<Date> end) {
            const auto [from, to] = period_of(year, start, end);
            return r.time_to_fill(office.id, from, to);
        }, "office"_a, py::kw_only(), "year"_a = py::none(), "start"_a = py::none(), "end"_a = py::none(),
           "Filled vacancies captured in the period: days from capture to the start that filled them.")
        .def("placements_by_channel", [](const Reports& r, Ref<Office> office, std::optional<int> year,
                                         std::optional<Date> start, std::optional<Date> end) {
            const auto [from, to] = period_of(year, start, end);
            return r.placements_by_channel(office.id, from, to);
        }, "office"_a, py::kw_only(), "year"_a = py::none(), "start"_a = py::none(), "end"_a = py::none())
        .def("cluster_share", [](const Reports& r, Ref<Office> office, std::optional<int> year,
                                 std::optional<Date> start, std::optional<Date> end) {
            const auto [from, to] = period_of(year, start, end);
            return r.cluster_share(office.id, from, to);
        }, "office"_a, py::kw_only(), "year"_a = py::none(), "start"_a = py::none(), "end"_a = py::none(),
           "Placements by the cluster the employer belonged to on the start date, with each share of the "
           "office's placements.")
        .def("retention", [](const Reports& r, Ref<Office> office, std::optional<int> year, std::optional<Date> start,
                             std::optional<Date> end, std::optional<Date> as_of) {
            const auto [from, to] = period_of(year, start, end);
            return r.retention(office.id, from, to, as_of.value_or(r.today()));
        }, "office"_a, py::kw_only(), "year"_a = py::none(), "start"_a = py::none(), "end"_a = py::none(),
           "as_of"_a = py::none(), "Per month of start: placements, 30/90-day checks due, made and employed, "
           "and the 90-day retention.");
}

}  // namespace omilcrm::python
