// Job seekers' rights under Ley 21.719 over the stored data: the register of requests, the access
// answer, portability, erasure, restrictions and retention. The rules are omilcrm::rights
// (data_rights_rules.cpp); the SQL is store/data_rights.cpp.
#include "omilcrm/data_rights.hpp"

#include <algorithm>

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "omilcrm/json.hpp"
#include "omilcrm/rut.hpp"
#include "checks.hpp"
#include "references.hpp"
#include "store/data_rights.hpp"
#include "store/seekers.hpp"
#include "text.hpp"
#include "html.hpp"

namespace omilcrm {

namespace {

constexpr std::string_view kFormat = "omilcrm.portable/1";
// The purpose every read made to answer the person states (a legal basis of its own).
const std::string kAnswering = "data_subject_request: answering the person's request under Ley 21.719";

std::string required_text(const char* field, const std::string& value, const char* why) {
    std::string v(detail::trim(value));
    if (v.empty()) throw ValidationError(field, value, why);
    detail::check_text(field, v);
    return v;
}

// What each consent scope lets the office do, as the access answer tells the person.
std::string purpose_of_scope(std::string_view scope) {
    if (scope == "intermediation")
        return "intermediación laboral: comparar su perfil con vacantes y derivarlo a empleadores (intermediation)";
    if (scope == "programmes") return "ofrecerle programas de SENCE y de la municipalidad (programmes)";
    if (scope == "contact") return "contactarle por teléfono o correo por ofertas y citaciones (contact)";
    if (scope == "statistics") return "estadísticas anónimas de la oficina (statistics)";
    return std::string(scope);
}

// "2026-01-10 intermediation,contact" (a consent as the change log keeps it).
std::optional<ConsentRecord> consent_of(std::string_view text) {
    if (text.size() < 10) return std::nullopt;
    try {
        ConsentRecord c;
        c.on = Date::parse(text.substr(0, 10));
        c.scope = detail::split_list(detail::trim(text.substr(10)));
        return c;
    } catch (const ValidationError&) {
        return std::nullopt;
    }
}

RightsRequest open_request(detail::DbImpl& db, Id id) {
    auto r = store::find_rights_request(db, id);
    if (!r) throw NotFound("rights request", std::to_string(id));
    if (!rights::is_open(r->status))
        throw Conflict("rights request " + std::to_string(id) + " is already " + std::string(to_string(r->status)) +
                       " (on " + (r->answered_on ? r->answered_on->iso() : std::string("?")) + ")");
    return std::move(*r);
}

// The open request `id` of the seeker, when one is given (ValidationError naming "request" when it
// is another seeker's).
std::optional<RightsRequest> request_of(detail::DbImpl& db, std::optional<Id> id, Id seeker_id) {
    if (!id) return std::nullopt;
    RightsRequest r = open_request(db, *id);
    if (r.seeker_id != seeker_id)
        throw ValidationError("request", std::to_string(*id), "is not this job seeker's request");
    return r;
}

// Closes an open request as answered or refused, with what the office said, by whom, on which day.
void close(detail::DbImpl& db, RightsRequest& r, RightsStatus status, std::string said, Id staff_id, Date day) {
    r.status = status;
    r.answered_on = day;
    r.answered_by = staff_id;
    r.answer = std::move(said);
    store::update_rights_request(db, r);
}

Date change_day(const RightsRequest& r, std::optional<Date> on, Date today) {
    const Date day = on.value_or(today);
    detail::check_not_future("on", day, today);
    if (day < r.received_on)
        throw ValidationError("on", day.iso(), "is before the request was received (" + r.received_on.iso() + ")");
    return day;
}

// The reason the law lets the office keep the seeker's data on `day`, if any.
std::optional<std::string> kept_by_law(detail::DbImpl& db, Id seeker_id, Date day) {
    for (const auto& [start, checked] : store::seeker_placements(db, seeker_id))
        if (auto why = rights::placement_keeps(start, checked, day)) return why;
    return std::nullopt;
}

}  // namespace

// ---- The register --------------------------------------------------------------------------

RightsRequest DataRights::receive(const NewRightsRequest& in) {
    detail::WriteScope write(*db_);
    const JobSeeker s = Seekers(*db_).get(in.seeker_id);
    detail::check_staff_of(*db_, in.verified_by, s.office_id, "verified_by");
    RightsRequest r;
    r.office_id = s.office_id;
    r.seeker_id = in.seeker_id;
    r.kind = in.kind;
    r.detail = std::string(detail::trim(in.detail));
    detail::check_text("detail", r.detail);
    r.received_on = in.received_on.value_or(today());
    detail::check_not_future("received_on", r.received_on, today());
    r.verified_by = in.verified_by;
    r.verification = required_text("verification", in.verification,
                                   "is required: how the person's identity was verified (the law asks the office to)");
    r.due_on = rights::due_on(r.kind, r.received_on, Requests(*db_).holidays(r.office_id));
    r.status = RightsStatus::Received;
    r.meta = detail::new_meta(*db_);
    store::insert_rights_request(*db_, r);
    return r;
}

RightsRequest DataRights::get(Id id) const {
    auto r = store::find_rights_request(*db_, id);
    if (!r) throw NotFound("rights request", std::to_string(id));
    return std::move(*r);
}

std::vector<RightsRequest> DataRights::list(Id office_id, const RightsFilter& f) const {
    detail::check_office(*db_, office_id);
    return store::rights_requests(*db_, office_id, f);
}

std::vector<RightsRequest> DataRights::overdue(Id office_id, Date day) const {
    auto open = list(office_id, {.open_only = true});
    std::erase_if(open, [&](const RightsRequest& r) { return rights::days_overdue(r, day) <= 0; });
    std::stable_sort(open.begin(), open.end(),
                     [](const RightsRequest& a, const RightsRequest& b) { return a.due_on < b.due_on; });
    return open;
}

RightsRequest DataRights::extend(Id id, const std::string& reason, Id staff_id, std::optional<Date> on) {
    detail::WriteScope write(*db_);
    RightsRequest r = open_request(*db_, id);
    detail::check_staff_of(*db_, staff_id, r.office_id, "by");
    if (r.kind == RightKind::Blocking)
        throw Conflict("rights request " + std::to_string(id) +
                       " asks for blocking, which is answered within 2 business days: the law gives no extension");
    if (r.extended_on)
        throw Conflict("rights request " + std::to_string(id) + " was already extended on " + r.extended_on->iso() +
                       ": the law allows one extension");
    const Date day = change_day(r, on, today());
    if (day > r.due_on)
        throw ValidationError("on", day.iso(),
                              "is past the deadline (" + r.due_on.iso() + "): a deadline is extended before it ends");
    r.extension_reason = required_text("reason", reason, "is required: the law asks for the extension's reason");
    r.extended_on = day;
    r.due_on = rights::due_on(r.received_on, true);
    r.status = RightsStatus::Extended;
    store::update_rights_request(*db_, r);
    return r;
}

RightsRequest DataRights::answer(Id id, const std::string& text, Id staff_id, std::optional<Date> on) {
    detail::WriteScope write(*db_);
    RightsRequest r = open_request(*db_, id);
    detail::check_staff_of(*db_, staff_id, r.office_id, "by");
    const Date day = change_day(r, on, today());
    close(*db_, r, RightsStatus::Answered, required_text("answer", text, "is required: what the office answered"),
          staff_id, day);
    return r;
}

RightsRequest DataRights::refuse(Id id, const std::string& reason, Id staff_id, std::optional<Date> on) {
    detail::WriteScope write(*db_);
    RightsRequest r = open_request(*db_, id);
    detail::check_staff_of(*db_, staff_id, r.office_id, "by");
    const Date day = change_day(r, on, today());
    close(*db_, r, RightsStatus::Refused, required_text("reason", reason, "is required: the legal reason for refusing"),
          staff_id, day);
    return r;
}

Table DataRights::report(Id office_id, Date from, Date to) const {
    detail::check_office(*db_, office_id);
    if (to < from) throw ValidationError("to", to.iso(), "is before from (" + from.iso() + ")");
    const auto all = store::rights_requests(*db_, office_id, {.open_only = false});
    Table t;
    auto& kind = t.add_column("kind", ColumnType::Text);
    auto& received = t.add_column("received", ColumnType::Int);
    auto& in_time = t.add_column("answered_in_time", ColumnType::Int);
    auto& late = t.add_column("answered_late", ColumnType::Int);
    auto& refused = t.add_column("refused", ColumnType::Int);
    auto& open = t.add_column("open", ColumnType::Int);
    auto& overdue = t.add_column("overdue", ColumnType::Int);
    for (auto k : EnumNames<RightKind>::names) {
        std::int64_t n = 0, ok = 0, slow = 0, no = 0, waiting = 0, past = 0;
        for (const auto& r : all) {
            if (to_string(r.kind) != k || r.received_on < from || r.received_on > to) continue;
            ++n;
            const bool closed_by_to = r.answered_on && *r.answered_on <= to;
            if (closed_by_to && r.status == RightsStatus::Answered) (*r.answered_on <= r.due_on ? ok : slow) += 1;
            else if (closed_by_to && r.status == RightsStatus::Refused) ++no;
            else {
                ++waiting;
                if (to > r.due_on) ++past;
            }
        }
        kind.push_text(std::string(k));
        received.push_int(n);
        in_time.push_int(ok);
        late.push_int(slow);
        refused.push_int(no);
        open.push_int(waiting);
        overdue.push_int(past);
    }
    t.set_metadata("from", from.iso());
    t.set_metadata("to", to.iso());
    return t;
}

// ---- Access and portability ------------------------------------------------------------------

SubjectAccess DataRights::access(Id seeker_id, Id staff_id) {
    SubjectAccess a;
    a.seeker = Seekers(*db_).personal(seeker_id, kAnswering, staff_id);
    a.produced_on = today();
    const Office office = Offices(*db_).get(a.seeker.office_id);
    a.office = office.name;
    a.origin = "Entregados por la persona al inscribirse en " + office.name + " el " + a.seeker.registered_on.iso() +
               " y al actualizar su inscripción; los antecedentes de derivaciones, colocaciones y talleres los "
               "registra la oficina.";
    // Consents: the first one the change log remembers, each renewal, the current one.
    for (const auto& c : store::seeker_changes(*db_, seeker_id)) {
        if (c.field != "consent") continue;
        if (a.consents.empty())
            if (auto first = consent_of(c.old_value)) a.consents.push_back(*first);
        if (auto next = consent_of(c.new_value)) a.consents.push_back(*next);
    }
    if (a.consents.empty()) a.consents.push_back({a.seeker.consent_on, a.seeker.consent_scope});
    for (const auto& scope : a.seeker.consent_scope) a.purposes.push_back(purpose_of_scope(scope));
    a.purposes.push_back(
        "responder a sus solicitudes de acceso, rectificación, supresión, oposición, "
        "portabilidad y bloqueo (Ley 21.719)");
    a.purposes.push_back("cumplir las obligaciones legales de la oficina (registro de colocaciones para SENCE)");
    for (const auto& r : Referrals(*db_).for_seeker(seeker_id)) {
        const Employer e = Employers(*db_).get(r.employer_id);
        const Vacancy v = Vacancies(*db_).get(r.vacancy_id);
        a.recipients.push_back({.kind = "employer",
                                .employer_id = e.meta.id,
                                .name = e.legal_name,
                                .rut = e.rut.str(),
                                .on = r.referred_on,
                                .shared = "perfil laboral (escolaridad, experiencia, habilidades, licencias, "
                                          "disponibilidad), nombre y datos de contacto para la entrevista",
                                .purpose = "derivación a la vacante «" + v.title + "»"});
    }
    const auto programmes = Programmes(*db_).list(a.seeker.office_id);
    for (const auto& o : Programmes(*db_).offers(a.seeker.office_id)) {
        if (o.seeker_id != seeker_id) continue;
        std::string name;
        for (const auto& p : programmes)
            if (p.meta.id == o.programme_id) name = p.name;
        a.recipients.push_back({.kind = "programme",
                                .name = name,
                                .on = o.offered_on,
                                .shared = "nombre y datos de contacto, si aceptó la oferta",
                                .purpose = "oferta de programa"});
    }
    a.recipients.push_back({.kind = "regional_file",
                            .name = "Dirección Regional de SENCE (consolidado regional)",
                            .on = a.seeker.registered_on,
                            .shared = "perfil laboral sin datos personales (sin RUT, nombre ni contacto)",
                            .purpose = "estadísticas y coordinación regional"});
    a.restrictions = restrictions(seeker_id);
    a.workshops = Seekers(*db_).workshops(seeker_id);
    const auto years = store::office_retention(*db_, a.seeker.office_id);
    a.retention = years ? "Se conservan mientras la inscripción esté activa; un perfil sin actividad durante " +
                              std::to_string(*years) + " años se anonimiza."
                        : "Se conservan mientras la inscripción esté activa o hasta que pida su supresión.";
    return a;
}

std::string DataRights::portable_json(Id seeker_id, Id staff_id) {
    const SubjectAccess a = access(seeker_id, staff_id);
    boost::json::object seeker = to_json(a.seeker);
    seeker.erase("meta");
    seeker.erase("office_id");
    boost::json::array referrals;
    for (const auto& r : a.recipients)
        if (r.kind == "employer") referrals.push_back(to_json(r));
    boost::json::object doc{
        {"format", std::string(kFormat)},     {"produced_on", a.produced_on.iso()}, {"office", a.office},
        {"seeker", std::move(seeker)},        {"consents", to_json(a.consents)},    {"workshops", to_json(a.workshops)},
        {"recipients", to_json(a.recipients)}};
    return json_pretty(doc);
}

namespace {
// The portable document's facts as rows: each scalar with its path ("seeker", "experience[0].months").
void flatten(const boost::json::value& v, const std::string& section, const std::string& path, Column& sections,
             Column& fields, Column& values) {
    if (v.is_object()) {
        for (const auto& kv : v.as_object())
            flatten(kv.value(), section, path.empty() ? std::string(kv.key()) : path + "." + std::string(kv.key()),
                    sections, fields, values);
    } else if (v.is_array() && !v.as_array().empty()) {
        const auto& arr = v.as_array();
        for (std::size_t i = 0; i < arr.size(); ++i)
            flatten(arr[i], section, path + "[" + std::to_string(i) + "]", sections, fields, values);
    } else {
        sections.push_text(section);
        fields.push_text(path);
        values.push_text(v.is_string() ? std::string(v.as_string()) : v.is_array() ? "" : json_text(v));
    }
}
}  // namespace

Table DataRights::portable_table(Id seeker_id, Id staff_id) {
    const auto doc = parse_json(portable_json(seeker_id, staff_id));
    Table t;
    auto& section = t.add_column("section", ColumnType::Text);
    auto& field = t.add_column("field", ColumnType::Text);
    auto& value = t.add_column("value", ColumnType::Text);
    for (const auto& kv : doc.as_object()) {
        const std::string name(kv.key());
        if (kv.value().is_array()) {
            const auto& arr = kv.value().as_array();
            for (std::size_t i = 0; i < arr.size(); ++i)
                flatten(arr[i], name + "[" + std::to_string(i) + "]", "", section, field, value);
        } else if (kv.value().is_object()) {
            flatten(kv.value(), name, "", section, field, value);
        } else {
            flatten(kv.value(), "document", name, section, field, value);
        }
    }
    t.set_metadata("format", std::string(kFormat));
    return t;
}

JobSeeker DataRights::import_portable(Id office_id, const std::string& json, Id staff_id) {
    const auto doc = parse_json(json, "document");
    if (!doc.is_object()) throw ValidationError("document", json.substr(0, 40), "is not a JSON object");
    const auto* format = doc.as_object().if_contains("format");
    if (!format || !format->is_string() || format->as_string() != kFormat)
        throw ValidationError("format", format && format->is_string() ? std::string(format->as_string()) : "",
                              "must be " + std::string(kFormat) + " (a copy made by DataRights::portable_json)");
    const auto* seeker = doc.as_object().if_contains("seeker");
    if (!seeker || !seeker->is_object()) throw ValidationError("seeker", "", "is missing from the document");
    // The profile and the consent as the person gave them; the new office registers them today.
    boost::json::object in;
    for (const char* key :
         {"rut", "name", "commune", "phone", "email", "address", "birth_date", "education", "experience", "skills",
          "licences", "shifts", "available_from", "consent_on", "consent_scope"})
        if (const auto* v = seeker->as_object().if_contains(key)) in[key] = *v;
    in["office"] = office_id;
    detail::WriteScope write(*db_);
    detail::check_staff_of(*db_, staff_id, office_id, "by");
    NewJobSeeker n = from_json<NewJobSeeker>(in, "seeker");
    n.registered_on = today();
    return Seekers(*db_).add(n);
}

// ---- Rectification ---------------------------------------------------------------------------

JobSeeker DataRights::rectify(Id seeker_id, const Rectification& c, Id staff_id, std::optional<Id> request_id) {
    detail::WriteScope write(*db_);
    auto found = store::find_seeker_for_change(*db_, seeker_id);
    if (!found) throw NotFound("job seeker", std::to_string(seeker_id));
    const JobSeeker& before = *found;
    detail::check_staff_of(*db_, staff_id, before.office_id, "by");
    if (before.rut.empty() && before.name.empty())
        throw Conflict("job seeker " + std::to_string(seeker_id) + " has no personal data to rectify (erased)");
    std::optional<RightsRequest> request = request_of(*db_, request_id, seeker_id);
    JobSeeker after = before;
    // The values are personal: an error names the field, not the value.
    if (c.rut) {
        try {
            after.rut = Rut(*c.rut).str();
        } catch (const ValidationError& e) {
            throw ValidationError("rut", "", e.reason());
        }
    }
    if (c.name) {
        after.name = std::string(detail::trim(*c.name));
        if (after.name.empty()) throw ValidationError("name", "", "is required");
        detail::check_text("name", after.name);
    }
    if (c.birth_date) {
        after.birth_date = *c.birth_date;
        if (after.birth_date && *after.birth_date > today())
            throw ValidationError("birth_date", "", "is in the future");
    }
    const Date day = today();
    std::vector<std::string> changed;
    const auto log = [&](const char* field, const std::string& old_value, const std::string& new_value) {
        if (old_value == new_value) return;
        store::insert_seeker_change(*db_, seeker_id, day, field, old_value, new_value);
        changed.emplace_back(field);
    };
    log("rut", before.rut, after.rut);
    log("name", before.name, after.name);
    log("birth_date", before.birth_date ? before.birth_date->iso() : "",
        after.birth_date ? after.birth_date->iso() : "");
    if (after.rut != before.rut && store::seeker_with_rut(*db_, before.office_id, after.rut))
        throw Conflict("another job seeker of the office is registered with that RUT");
    store::set_seeker_identity(*db_, seeker_id, after.rut, after.name, after.birth_date);
    if (request)
        close(*db_, *request, RightsStatus::Answered,
              changed.empty() ? "Sin cambios: los datos ya eran los pedidos."
                              : "Datos rectificados: " + detail::join_list(changed, ',') + ".",
              staff_id, day);
    return Seekers(*db_).get(seeker_id);
}

// ---- Erasure ---------------------------------------------------------------------------------

ErasureOutcome DataRights::erase(Id seeker_id, Id staff_id, std::optional<Id> request_id) {
    const JobSeeker profile = Seekers(*db_).get(seeker_id);
    const Date day = today();
    ErasureOutcome out{.seeker_id = seeker_id};
    // The values to take out of free text, read (and the reading logged) before the write.
    JobSeeker person;
    bool has_personal = true;
    try {
        person = Seekers(*db_).personal(seeker_id, kAnswering, staff_id);
    } catch (const NotFound&) {
        has_personal = false;  // erased before
    }
    detail::WriteScope write(*db_);
    detail::check_staff_of(*db_, staff_id, profile.office_id, "by");
    std::optional<RightsRequest> request = request_of(*db_, request_id, seeker_id);
    if (auto why = kept_by_law(*db_, seeker_id, day)) {
        out.reason = *why;
        store::insert_seeker_change(*db_, seeker_id, day, "erasure", "", "refused: " + *why);
        if (request) close(*db_, *request, RightsStatus::Refused, *why, staff_id, day);
        return out;
    }
    std::vector<std::string> quoted;
    if (has_personal) quoted = {person.rut, person.name, person.email, person.phone, person.address};
    store::erase_seeker(*db_, seeker_id, day, quoted);
    store::insert_seeker_change(
        *db_, seeker_id, day, "erasure", "",
        request ? "personal data erased (rights request " + std::to_string(*request_id) + ")" : "personal data erased");
    if (request)
        close(*db_, *request, RightsStatus::Answered, "Datos personales suprimidos el " + day.iso() + ".", staff_id,
              day);
    detail::seekers_changed(*db_);
    out.erased = true;
    return out;
}

// ---- Blocking and opposition -----------------------------------------------------------------

SeekerRestriction DataRights::restrict(const NewRestriction& in) {
    detail::WriteScope write(*db_);
    const JobSeeker s = Seekers(*db_).get(in.seeker_id);
    detail::check_staff_of(*db_, in.staff_id, s.office_id, "by");
    SeekerRestriction r;
    r.seeker_id = in.seeker_id;
    r.kind = in.kind;
    r.from = in.from.value_or(today());
    r.to = in.to;
    if (r.to && *r.to < r.from) throw ValidationError("to", r.to->iso(), "is before from (" + r.from.iso() + ")");
    r.reason = required_text("reason", in.reason, "is required: why the data is blocked or the person opposes");
    if (in.request_id) {
        const RightsRequest q = get(*in.request_id);
        if (q.seeker_id != in.seeker_id)
            throw ValidationError("request", std::to_string(*in.request_id), "is not this job seeker's request");
        r.request_id = in.request_id;
    }
    r.staff_id = in.staff_id;
    r.meta = detail::new_meta(*db_);
    store::insert_restriction(*db_, r);
    detail::seekers_changed(*db_);
    return r;
}

SeekerRestriction DataRights::lift(Id restriction_id, Date to, Id staff_id) {
    detail::WriteScope write(*db_);
    auto r = store::find_restriction(*db_, restriction_id);
    if (!r) throw NotFound("restriction", std::to_string(restriction_id));
    detail::check_staff_of(*db_, staff_id, Seekers(*db_).get(r->seeker_id).office_id, "by");
    if (to < r->from) throw ValidationError("to", to.iso(), "is before the restriction began (" + r->from.iso() + ")");
    if (r->to && *r->to < to)
        throw ValidationError("to", to.iso(), "is after the restriction's end (" + r->to->iso() + ")");
    store::set_restriction_end(*db_, restriction_id, to);
    detail::seekers_changed(*db_);
    r->to = to;
    return std::move(*r);
}

SeekerRestriction DataRights::restriction(Id restriction_id) const {
    auto r = store::find_restriction(*db_, restriction_id);
    if (!r) throw NotFound("restriction", std::to_string(restriction_id));
    return std::move(*r);
}

std::vector<SeekerRestriction> DataRights::restrictions(Id seeker_id) const {
    return store::restrictions_of(*db_, seeker_id);
}

bool DataRights::restricted(Id seeker_id, Date day) const {
    const auto all = restrictions(seeker_id);
    return std::any_of(all.begin(), all.end(), [&](const SeekerRestriction& r) { return rights::covers(r, day); });
}

// ---- Retention -------------------------------------------------------------------------------

void DataRights::set_retention(Id office_id, std::optional<int> years) {
    detail::WriteScope write(*db_);
    detail::check_office(*db_, office_id);
    if (years && (*years < 1 || *years > 50))
        throw ValidationError("years", std::to_string(*years), "must be between 1 and 50");
    store::set_office_retention(*db_, office_id, years);
}

std::optional<int> DataRights::retention(Id office_id) const {
    detail::check_office(*db_, office_id);
    return store::office_retention(*db_, office_id);
}

std::vector<RetentionItem> DataRights::expired(Id office_id, Date day) const {
    const auto years = retention(office_id);
    std::vector<RetentionItem> out;
    if (!years) return out;
    for (const auto& [id, last] : store::seekers_last_active(*db_, office_id)) {
        const Date until = rights::expires_on(last, *years);
        if (until > day) continue;
        RetentionItem item{.seeker_id = id, .last_active = last, .expired_on = until};
        if (auto why = kept_by_law(*db_, id, day)) item.refused = *why;
        out.push_back(std::move(item));
    }
    return out;
}

std::vector<RetentionItem> DataRights::apply_retention(Id office_id, Date day, Id staff_id) {
    detail::check_staff_of(*db_, staff_id, office_id, "by");
    auto items = expired(office_id, day);
    for (const auto& item : items)
        if (item.refused.empty()) erase(item.seeker_id, staff_id);
    return items;
}

}  // namespace omilcrm

namespace omilcrm {

namespace {

std::string html(std::string_view s) { return detail::html_escape(s); }

std::string row(std::string_view label, std::string_view value) {
    return "<tr><th scope=\"row\">" + html(label) + "</th><td>" + html(value.empty() ? "(no registrado)" : value) +
           "</td></tr>\n";
}

}  // namespace

std::string access_document(const SubjectAccess& a) {
    const JobSeeker& s = a.seeker;
    std::string out =
        "<!DOCTYPE html>\n<html lang=\"es\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<title>Respuesta a su solicitud de acceso</title>\n"
        "<style>body{font-family:sans-serif;max-width:48em;margin:2em auto;line-height:1.4}"
        "table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.3em;text-align:left;"
        "vertical-align:top}th[scope=row]{width:30%}</style>\n</head>\n<body>\n";
    out += "<h1>Respuesta a su solicitud de acceso a datos personales</h1>\n";
    out += "<p>" + html(a.office) + " responde el " + a.produced_on.iso() +
           " a su solicitud de acceso, conforme a la Ley 19.628 sobre protección de datos personales, en su texto "
           "modificado por la Ley 21.719. Estos son todos los datos personales que la oficina mantiene sobre "
           "usted, su origen, para qué se usan, a quién se han comunicado y por cuánto tiempo se conservan.</p>\n";
    out += "<h2>Sus datos</h2>\n<table>\n";
    out += row("RUT", s.rut) + row("Nombre", s.name) + row("Teléfono", s.phone) + row("Correo electrónico", s.email) +
           row("Dirección", s.address) + row("Fecha de nacimiento", s.birth_date ? s.birth_date->iso() : "") +
           row("Comuna", s.commune) + row("Escolaridad", to_string(s.education));
    std::string experience;
    for (const auto& e : s.experience)
        experience += (experience.empty() ? "" : "; ") + e.occupation + " (" + std::to_string(e.months) + " meses)";
    out += row("Experiencia", experience) + row("Habilidades", detail::join_list(s.skills, ';')) +
           row("Licencias de conducir", detail::join_list(s.licences, ';'));
    std::string shifts;
    for (auto sh : s.shifts) shifts += (shifts.empty() ? "" : "; ") + std::string(to_string(sh));
    out += row("Turnos", shifts) + row("Disponible desde", s.available_from ? s.available_from->iso() : "") +
           row("Inscripción", s.registered_on.iso()) + row("Inscripción vigente", s.active ? "sí" : "no");
    out += "</table>\n<h2>Origen de los datos</h2>\n<p>" + html(a.origin) + "</p>\n";
    out += "<h2>Consentimientos</h2>\n<ul>\n";
    for (const auto& c : a.consents)
        out += "<li>" + c.on.iso() + ": " + html(detail::join_list(c.scope, ';')) + "</li>\n";
    out += "</ul>\n<h2>Finalidades</h2>\n<ul>\n";
    for (const auto& p : a.purposes) out += "<li>" + html(p) + "</li>\n";
    out +=
        "</ul>\n<h2>Destinatarios</h2>\n<table>\n<tr><th>Destinatario</th><th>Fecha</th><th>Qué se comunicó</th>"
        "<th>Para qué</th></tr>\n";
    for (const auto& r : a.recipients)
        out += "<tr><td>" + html(r.name) + (r.rut.empty() ? "" : " (RUT " + html(r.rut) + ")") + "</td><td>" +
               r.on.iso() + "</td><td>" + html(r.shared) + "</td><td>" + html(r.purpose) + "</td></tr>\n";
    out += "</table>\n";
    if (!a.workshops.empty()) {
        out += "<h2>Talleres</h2>\n<ul>\n";
        for (const auto& w : a.workshops) out += "<li>" + w.on.iso() + ": " + html(w.workshop) + "</li>\n";
        out += "</ul>\n";
    }
    if (!a.restrictions.empty()) {
        out += "<h2>Bloqueos y oposiciones</h2>\n<ul>\n";
        for (const auto& r : a.restrictions)
            out += "<li>" + std::string(r.kind == RestrictionKind::Blocking ? "Bloqueo" : "Oposición") + " desde " +
                   r.from.iso() + (r.to ? " hasta " + r.to->iso() : std::string(" (vigente)")) + ": " + html(r.reason) +
                   "</li>\n";
        out += "</ul>\n";
    }
    out += "<h2>Conservación</h2>\n<p>" + html(a.retention) + "</p>\n";
    out +=
        "<h2>Sus derechos</h2>\n<p>Puede pedir a la oficina la rectificación, supresión, oposición, portabilidad "
        "o bloqueo de sus datos. La oficina responde dentro de 30 días corridos, prorrogables una vez por igual "
        "período.</p>\n</body>\n</html>\n";
    return out;
}

}  // namespace omilcrm
