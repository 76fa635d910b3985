// Job seekers: the profile (matched against vacancies) and, in its own table, the personal data.
#include <algorithm>
#include <array>
#include <unordered_map>
#include <unordered_set>

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "omilcrm/isco.hpp"
#include "omilcrm/purposes.hpp"
#include "omilcrm/rut.hpp"
#include "omilcrm/territory.hpp"
#include "bulk.hpp"
#include "sheet_fields.hpp"
#include "checks.hpp"
#include "store/data_rights.hpp"
#include "store/seekers.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {

constexpr std::array<std::string_view, 6> kPersonalFields = {"rut", "name", "phone", "email", "address", "birth_date"};
/// What the change log shows in place of a personal value.
constexpr const char* kHidden = "(personal data)";

using store::shifts_text;

std::vector<Shift> unique_shifts(std::vector<Shift> v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
}

std::string experience_text(const std::vector<matching::Experience>& ex) {
    std::string out;
    for (const auto& e : ex) {
        if (!out.empty()) out += ';';
        out += e.occupation + ":" + std::to_string(e.months);
    }
    return out;
}

std::vector<matching::Experience> checked_experience(const std::vector<matching::Experience>& in) {
    std::vector<matching::Experience> out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        const std::string at = "experience[" + std::to_string(i) + "]";
        const Occupation& o = isco::occupation(in[i].occupation, at + ".occupation");
        if (in[i].months < 0)
            throw ValidationError(at + ".months", std::to_string(in[i].months), "must not be negative");
        out.push_back({o.code, in[i].months});
    }
    return out;
}

std::string optional_phone(const std::string& s) {
    return detail::trim(s).empty() ? std::string() : normalize_phone(s);
}
std::string optional_email(const std::string& s) {
    return detail::trim(s).empty() ? std::string() : normalize_email(s);
}

struct Prepared {
    JobSeeker s;
};

Prepared prepare(const NewJobSeeker& in, Date today) {
    Prepared p;
    JobSeeker& s = p.s;
    s.office_id = in.office_id;
    if (in.office_id == 0) throw ValidationError("office", "0", "is required");
    s.rut = Rut(in.rut).str();
    s.name = std::string(detail::trim(in.name));
    if (s.name.empty()) throw ValidationError("name", in.name, "is required");
    if (detail::trim(in.commune).empty()) throw ValidationError("commune", in.commune, "is required");
    s.commune = territory::commune(in.commune).code;
    s.phone = optional_phone(in.phone);
    s.email = optional_email(in.email);
    s.address = std::string(detail::trim(in.address));
    s.education = in.education;
    s.experience = checked_experience(in.experience);
    s.skills = normalize_skills(in.skills);
    s.licences = normalize_licences(in.licences);
    s.shifts = unique_shifts(in.shifts);
    s.available_from = in.available_from;
    s.registered_on = in.registered_on.value_or(today);
    detail::check_not_future("registered_on", s.registered_on, today);
    if (in.birth_date && *in.birth_date >= s.registered_on)
        throw ValidationError("birth_date", in.birth_date->iso(), "is not before the registration date");
    s.birth_date = in.birth_date;
    if (!in.consent_on) throw ValidationError("consent_on", "", "is required: the day the seeker gave consent");
    s.consent_on = *in.consent_on;
    detail::check_not_future("consent_on", s.consent_on, today);
    if (s.consent_on > s.registered_on)
        throw ValidationError("consent_on", s.consent_on.iso(),
                              "is after the registration date (" + s.registered_on.iso() + ")");
    s.consent_scope = normalize_consent_scopes(in.consent_scope);
    if (s.consent_scope.empty())
        throw ValidationError(
            "consent_scope", "",
            "needs at least one scope (intermediation, programmes, contact, statistics, image, testimonial)");
    return p;
}

// Inserts one prepared seeker; a RUT already registered at the office is a Conflict that names
// the record, not the RUT (personal data stays out of messages), prefixed with the batch row when there is one.
Id insert_seeker(detail::DbImpl& db, Prepared& p, std::optional<std::size_t> row = {}) {
    JobSeeker& s = p.s;
    s.meta = detail::new_meta(db);
    try {
        store::insert_seeker(db, s);
    } catch (const Conflict&) {
        std::string msg = (row ? "rows[" + std::to_string(*row) + "]: " : std::string()) +
                          "a job seeker with this RUT is already registered at office " + std::to_string(s.office_id);
        if (const auto existing = store::seeker_with_rut(db, s.office_id, s.rut))
            msg += " (job seeker " + std::to_string(*existing) + ")";
        throw Conflict(msg + (row ? "; nothing was added" : ""));
    }
    return s.meta.id;
}

void log_change(detail::DbImpl& db, Id seeker_id, Date on, const char* field, const std::string& old_value,
                const std::string& new_value) {
    if (old_value == new_value) return;
    detail::check_text(field, new_value);
    store::insert_seeker_change(db, seeker_id, on, field, old_value, new_value);
}

// The ISO date, or "" for none.
std::string iso_or_empty(const std::optional<Date>& d) { return d ? d->iso() : std::string(); }

bool is_personal(std::string_view field) {
    // "rows[3].rut" names the field last.
    const auto dot = field.rfind('.');
    const auto name = dot == std::string_view::npos ? field : field.substr(dot + 1);
    return std::find(kPersonalFields.begin(), kPersonalFields.end(), name) != kPersonalFields.end();
}

// Runs `f`; a ValidationError about a personal field is thrown again without its value, so that
// RUTs, phones and e-mails stay out of messages (and the logs they end up in).
template <class F>
decltype(auto) without_personal_values(F&& f) {
    try {
        return f();
    } catch (const ValidationError& e) {
        if (!is_personal(e.field())) throw;
        throw ValidationError(e.field(), "", e.reason());
    }
}

// Who reads personal data: a staff member of the seekers' office (the purpose, from the closed
// list of purposes.hpp, was parsed before anything else). The reading is logged in its own
// transaction, committed before the data is handed out, so it is refused inside a caller's
// transaction (whose rollback would take the log entry with it); so is its refusal.
void check_reader(detail::DbImpl& db, Id office_id, std::optional<Id> staff_id) {
    if (detail::transaction_depth(db) > 0)
        throw Conflict(
            "personal data is read outside any transaction, so that the log of the reading is kept "
            "whatever the transaction does; read it before or after");
    if (!staff_id) throw ValidationError("staff", "", "is required to read personal data (who reads it is logged)");
    const StaffMember s = Staff(db).get(*staff_id);
    if (s.office_id != office_id)
        throw ValidationError(
            "staff", std::to_string(*staff_id),
            "is not a staff member of office " + std::to_string(office_id) + ", whose seekers these are");
}

// A reading of one seeker, or its refusal: the seeker's profile says what they consented to.
// Either is logged in the caller's write scope; the caller throws `refusal()` after the scope
// committed, so the refusal stays in the log.
struct OneRead {
    std::optional<JobSeeker> seeker;
    std::optional<std::string> refused;

    Forbidden refusal(const StatedPurpose& p, Id seeker_id) const {
        return Forbidden("purpose", std::string(to_string(p.purpose)),
                         "job seeker " + std::to_string(seeker_id) + ": " + *refused + "; the refusal is logged");
    }
};

// A seeker under a blocking or opposition on `day` is read only for the purposes that
// allowed_while_restricted() keeps; any other read is refused like one outside the consent.
OneRead read_one(detail::DbImpl& db, Id id, const StatedPurpose& p, const store::PersonalRead& read, Date day) {
    OneRead out;
    const auto profile = store::find_seeker(db, id);
    if (!profile) return out;
    out.refused = refusal(p.purpose, profile->consent_scope);
    if (!out.refused && !allowed_while_restricted(p.purpose))
        if (const auto in_force = store::restriction_in_force(db, id, day)) out.refused = "under " + *in_force;
    if (out.refused) store::log_refused_read(db, read, *out.refused);
    else out.seeker = store::read_personal(db, id, read);
    return out;
}

// Seekers under a blocking or opposition on `day` (DataRights::restrict): left out of exports.
std::unordered_set<Id> restricted_today(detail::DbImpl& db, Id office_id, Date day) {
    const auto ids = store::restricted_seekers(db, office_id, day);
    return {ids.begin(), ids.end()};
}

// The personal data's fields, for the log of a reading.
std::vector<std::string> personal_fields() { return {kPersonalFields.begin(), kPersonalFields.end()}; }

}  // namespace

JobSeeker Seekers::add(const NewJobSeeker& in) {
    detail::WriteScope write(*db_);
    detail::check_office(*db_, in.office_id);
    Prepared p = without_personal_values([&] { return prepare(in, today()); });
    insert_seeker(*db_, p);
    return p.s;
}

std::vector<Id> Seekers::add_many(const std::vector<NewJobSeeker>& rows, const Progress& progress) {
    detail::WriteScope write(*db_);
    // Each row checked and written in turn inside one scope, so a batch is never held twice in
    // memory; a bad row rolls back the rows before it: all or nothing.
    const Date day = today();
    std::unordered_set<Id> offices;
    std::unordered_set<std::string> seen;
    std::vector<Id> ids;
    ids.reserve(rows.size());
    if (!rows.empty()) detail::report(progress, 0, rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        Prepared p = detail::for_row(i, [&] { return without_personal_values([&] { return prepare(rows[i], day); }); });
        if (!seen.insert(std::to_string(rows[i].office_id) + "/" + p.s.rut).second)
            throw Conflict("rows[" + std::to_string(i) + "]: the RUT of this job seeker appears twice in the batch");
        if (offices.insert(rows[i].office_id).second) detail::check_office(*db_, rows[i].office_id);
        ids.push_back(insert_seeker(*db_, p, i));
        detail::report(progress, i + 1, rows.size());
    }
    return ids;
}

JobSeeker Seekers::get(Id id) const {
    auto s = store::find_seeker(*db_, id);
    if (!s) throw NotFound("job seeker", std::to_string(id));
    return std::move(*s);
}

JobSeeker Seekers::personal(Id id, const std::string& purpose, std::optional<Id> staff_id) {
    const StatedPurpose why = parse_purpose(purpose);
    const auto office_id = store::seeker_office(*db_, id);
    if (!office_id) throw NotFound("job seeker", std::to_string(id));
    check_reader(*db_, *office_id, staff_id);
    OneRead read;
    {
        detail::WriteScope write(*db_);  // the reading's log is committed before the data is handed out
        read = read_one(*db_, id, why,
                        {*office_id, staff_id, why.text(), personal_fields(), "record " + std::to_string(id)}, today());
    }
    if (read.refused) throw read.refusal(why, id);
    if (!read.seeker) throw NotFound("job seeker", std::to_string(id));
    return std::move(*read.seeker);
}

std::optional<JobSeeker> Seekers::find_by_rut(Id office_id, std::string_view rut, const std::string& purpose,
                                              std::optional<Id> staff_id) {
    const StatedPurpose why = parse_purpose(purpose);
    detail::check_office(*db_, office_id);
    check_reader(*db_, office_id, staff_id);
    const std::string canonical = without_personal_values([&] { return Rut(rut).str(); });
    std::optional<Id> found;
    OneRead read;
    {
        detail::WriteScope write(*db_);
        // A search by RUT is a reading of personal data whether it finds someone or not.
        store::PersonalRead log{office_id, staff_id, why.text(), {"rut"}, "search"};
        found = store::search_by_rut(*db_, canonical, log);
        if (!found) return std::nullopt;
        log.scope = "record " + std::to_string(*found);
        read = read_one(*db_, *found, why, log, today());
    }
    if (read.refused) throw read.refusal(why, *found);
    return std::move(read.seeker);
}

JobSeeker Seekers::update(Id id, const SeekerUpdate& c) {
    detail::WriteScope write(*db_);
    // The change log keeps the old contact data.
    const auto found = store::find_seeker_for_change(*db_, id);
    if (!found) throw NotFound("job seeker", std::to_string(id));
    const JobSeeker& before = *found;
    JobSeeker after = before;
    if (c.commune) after.commune = territory::commune(*c.commune).code;
    if (c.phone) after.phone = without_personal_values([&] { return optional_phone(*c.phone); });
    if (c.email) after.email = without_personal_values([&] { return optional_email(*c.email); });
    if (c.address) after.address = std::string(detail::trim(*c.address));
    if (c.education) after.education = *c.education;
    if (c.experience) after.experience = checked_experience(*c.experience);
    if (c.skills) after.skills = normalize_skills(*c.skills);
    if (c.licences) after.licences = normalize_licences(*c.licences);
    if (c.shifts) after.shifts = unique_shifts(*c.shifts);
    if (c.available_from) after.available_from = *c.available_from;

    const Date day = today();
    log_change(*db_, id, day, "commune", before.commune, after.commune);
    log_change(*db_, id, day, "phone", before.phone, after.phone);
    log_change(*db_, id, day, "email", before.email, after.email);
    log_change(*db_, id, day, "address", before.address, after.address);
    log_change(*db_, id, day, "education", std::string(to_string(before.education)),
               std::string(to_string(after.education)));
    log_change(*db_, id, day, "experience", experience_text(before.experience), experience_text(after.experience));
    log_change(*db_, id, day, "skills", detail::join_list(before.skills), detail::join_list(after.skills));
    log_change(*db_, id, day, "licences", detail::join_list(before.licences), detail::join_list(after.licences));
    log_change(*db_, id, day, "shifts", shifts_text(before.shifts), shifts_text(after.shifts));
    log_change(*db_, id, day, "available_from", iso_or_empty(before.available_from),
               iso_or_empty(after.available_from));
    store::update_seeker(*db_, after, c.experience.has_value());
    return get(id);
}

JobSeeker Seekers::withdraw(Id id, std::optional<Date> on) {
    detail::WriteScope write(*db_);
    const JobSeeker s = get(id);
    if (!s.active) throw Conflict("job seeker " + std::to_string(id) + " is already withdrawn");
    log_change(*db_, id, on.value_or(today()), "active", "1", "0");
    store::set_seeker_withdrawn(*db_, id);
    return get(id);
}

JobSeeker Seekers::renew_consent(Id id, Date on, const std::vector<std::string>& scope_in) {
    detail::WriteScope write(*db_);
    const JobSeeker s = get(id);
    const auto scope_list = normalize_consent_scopes(scope_in);
    if (scope_list.empty())
        throw ValidationError(
            "consent_scope", "",
            "needs at least one scope (intermediation, programmes, contact, statistics, image, testimonial)");
    if (on < s.consent_on)
        throw ValidationError("on", on.iso(), "is before the current consent (" + s.consent_on.iso() + ")");
    detail::check_not_future("on", on, today());
    log_change(*db_, id, on, "consent", s.consent_on.iso() + " " + detail::join_list(s.consent_scope),
               on.iso() + " " + detail::join_list(scope_list));
    store::set_seeker_consent(*db_, id, on, scope_list);
    return get(id);
}

std::size_t Seekers::count(Id office_id) const {
    detail::check_office(*db_, office_id);
    return store::count_seekers(*db_, office_id);
}

void Seekers::attend_workshop(Id seeker_id, Date on, const std::string& workshop, std::optional<Id> staff_id) {
    detail::WriteScope write(*db_);
    const JobSeeker s = get(seeker_id);
    const std::string name(detail::trim(workshop));
    if (name.empty()) throw ValidationError("workshop", workshop, "is required");
    if (staff_id) Staff(*db_).get(*staff_id);
    RecordMeta meta = detail::new_meta(*db_);
    store::insert_workshop(*db_, meta, {s.meta.id, on, name, staff_id});
}

std::vector<WorkshopAttendance> Seekers::workshops(Id seeker_id) const {
    get(seeker_id);
    return store::list_workshops(*db_, seeker_id);
}

namespace {

using store::SeekerExtras;

// The profile columns (no personal data), filled by `add(row)`.
struct ProfileColumns {
    Column *id, *uuid, *commune, *education, *experience, *skills, *licences, *shifts, *available_from, *registered_on,
        *consent_on, *consent_scope, *active, *workshops, *referrals, *placements;

    explicit ProfileColumns(Table& t)
        : id(&t.add_column("id", ColumnType::Int)),
          uuid(&t.add_column("uuid", ColumnType::Text)),
          commune(&t.add_column("commune", ColumnType::Text)),
          education(&t.add_column("education", ColumnType::Text)),
          experience(&t.add_column("experience", ColumnType::Text)),
          skills(&t.add_column("skills", ColumnType::Text)),
          licences(&t.add_column("licences", ColumnType::Text)),
          shifts(&t.add_column("shifts", ColumnType::Text)),
          available_from(&t.add_column("available_from", ColumnType::Date)),
          registered_on(&t.add_column("registered_on", ColumnType::Date)),
          consent_on(&t.add_column("consent_on", ColumnType::Date)),
          consent_scope(&t.add_column("consent_scope", ColumnType::Text)),
          active(&t.add_column("active", ColumnType::Bool)),
          workshops(&t.add_column("workshops", ColumnType::Int)),
          referrals(&t.add_column("referrals", ColumnType::Int)),
          placements(&t.add_column("placements", ColumnType::Int)) {}

    void add(const JobSeeker& s, SeekerExtras& x) {
        id->push_int(s.meta.id);
        uuid->push_text(s.meta.uuid);
        commune->push_text(s.commune);
        education->push_text(std::string(to_string(s.education)));
        experience->push_text(x.occupations[s.meta.id]);
        skills->push_text(detail::join_list(s.skills));
        licences->push_text(detail::join_list(s.licences));
        shifts->push_text(shifts_text(s.shifts));
        if (s.available_from) available_from->push_int(s.available_from->days());
        else available_from->push_null();
        registered_on->push_int(s.registered_on.days());
        consent_on->push_int(s.consent_on.days());
        consent_scope->push_text(detail::join_list(s.consent_scope));
        active->push_int(s.active ? 1 : 0);
        workshops->push_int(x.workshops[s.meta.id]);
        referrals->push_int(x.referrals[s.meta.id]);
        placements->push_int(x.placements[s.meta.id]);
    }
};

}  // namespace

Table Seekers::table(Id office_id) const {
    detail::check_office(*db_, office_id);
    SeekerExtras x = store::seeker_extras(*db_, office_id);
    Table t;
    ProfileColumns cols(t);
    store::for_each_seeker(*db_, office_id, [&](const JobSeeker& s) { cols.add(s, x); });
    t.set_metadata("contains_personal_data", "no");
    return t;
}

Table Seekers::export_register(Id office_id, const std::string& purpose, std::optional<Id> staff_id) {
    const StatedPurpose stated = parse_purpose(purpose);
    // The whole register (everyone beyond statistics) serves moving it, or a legal obligation;
    // a narrower purpose reads only the seekers its scope covers, through export_personal.
    if (stated.purpose != Purpose::RegisterTransfer && stated.purpose != Purpose::LegalObligation)
        throw ValidationError("purpose", purpose,
                              "the register is exported for register_transfer or legal_obligation; for " +
                                  std::string(to_string(stated.purpose)) +
                                  " export the seekers whose consent covers it with export_personal");
    detail::check_office(*db_, office_id);
    check_reader(*db_, office_id, staff_id);
    const std::string why = stated.text();
    detail::WriteScope write(*db_);
    const SeekerExtras x = store::seeker_extras(*db_, office_id);
    const auto blocked = restricted_today(*db_, office_id, today());
    std::vector<Column*> cols;
    Table t = detail::sheet_table(detail::seeker_import_fields(), cols);
    const std::vector<std::string> personal = personal_fields();
    std::int64_t rows = 0;
    const auto take = [&](const JobSeeker& s) {
        // Off the register, or consented to statistics only: their personal data stays here.
        if (!s.active || refusal(Purpose::RegisterTransfer, s.consent_scope) || blocked.count(s.meta.id)) return false;
        // The register read leaves experience out; the office's experience was read once above.
        detail::push_sheet_row(cols, 0, s, [&](std::string_view field) -> std::optional<std::string> {
            if (field != "experience") return std::nullopt;
            const auto ex = x.occupations.find(s.meta.id);
            return ex == x.occupations.end() ? std::string() : ex->second;
        });
        ++rows;
        return true;
    };
    const Timestamp now = store::read_personal_register(*db_, {office_id, staff_id, why, personal, "register"},
                                                        store::RegisterOrder::ByRut, take);
    t.set_metadata("contains_personal_data", detail::join_list(personal));
    t.set_metadata("purpose", why);
    t.set_metadata("exported_at", to_iso(now));
    t.set_metadata("rows", std::to_string(rows));
    return t;
}

Table Seekers::export_personal(Id office_id, const std::vector<std::string>& fields, const std::string& purpose,
                               std::optional<Id> staff_id, const std::string& scope_name) {
    const StatedPurpose stated = parse_purpose(purpose);
    detail::check_office(*db_, office_id);
    if (fields.empty())
        throw ValidationError("fields", "",
                              "name the personal fields to export (rut, name, phone, email, address, birth_date)");
    std::vector<std::size_t> wanted;
    for (const auto& f : fields) {
        const std::size_t i = detail::index_of(f, kPersonalFields, "fields");
        if (std::find(wanted.begin(), wanted.end(), i) == wanted.end()) wanted.push_back(i);
    }
    check_reader(*db_, office_id, staff_id);
    const std::string scope = normalize_consent_scopes({scope_name}).front();
    // The seekers read are those whose consent covers `scope`: it must be the scope the purpose
    // needs. The legal bases (the person's own request, a legal obligation) go with any scope.
    if (stated.purpose == Purpose::RegisterTransfer)
        throw ValidationError("purpose", purpose,
                              "register_transfer is the purpose of export_register (the whole register), not of "
                              "export_personal");
    if (const auto needed = consent_scope_needed(stated.purpose); needed && *needed != scope)
        throw ValidationError("purpose", purpose,
                              "does not agree with the scope \"" + scope + "\": " + std::string(*needed) +
                                  " reads the seekers who consented to " + std::string(*needed) +
                                  " (export with scope \"" + std::string(*needed) + "\")");
    const std::string why = stated.text();
    detail::WriteScope write(*db_);

    SeekerExtras x = store::seeker_extras(*db_, office_id);
    const auto blocked = restricted_today(*db_, office_id, today());
    Table t;
    ProfileColumns cols(t);
    std::vector<Column*> personal;
    std::vector<std::string> names;
    for (auto i : wanted) {
        names.emplace_back(kPersonalFields[i]);
        personal.push_back(&t.add_column(names.back(), i == 5 ? ColumnType::Date : ColumnType::Text));
    }
    std::int64_t rows = 0;
    const auto take = [&](const JobSeeker& s) {
        if (!s.active || blocked.count(s.meta.id)) return false;  // off the register, or blocked or opposing
        if (std::find(s.consent_scope.begin(), s.consent_scope.end(), scope) == s.consent_scope.end()) return false;
        cols.add(s, x);
        for (std::size_t k = 0; k < wanted.size(); ++k) {
            Column& c = *personal[k];
            switch (wanted[k]) {
                case 0:
                    c.push_text(s.rut);
                    break;
                case 1:
                    c.push_text(s.name);
                    break;
                case 2:
                    c.push_text(s.phone);
                    break;
                case 3:
                    c.push_text(s.email);
                    break;
                case 4:
                    c.push_text(s.address);
                    break;
                default:
                    if (s.birth_date) c.push_int(s.birth_date->days());
                    else c.push_null();
            }
        }
        ++rows;
        return true;
    };
    const Timestamp now =
        store::read_personal_register(*db_, {office_id, staff_id, why, names, scope}, store::RegisterOrder::ById, take);
    t.set_metadata("contains_personal_data", detail::join_list(names));
    t.set_metadata("purpose", why);
    t.set_metadata("consent_scope", scope);
    t.set_metadata("exported_at", to_iso(now));
    t.set_metadata("rows", std::to_string(rows));
    return t;
}

Table Seekers::changes(Id seeker_id) const {
    get(seeker_id);
    Table t;
    auto& at = t.add_column("at", ColumnType::Timestamp);
    auto& on = t.add_column("on", ColumnType::Date);
    auto& field = t.add_column("field", ColumnType::Text);
    auto& old_value = t.add_column("old_value", ColumnType::Text);
    auto& new_value = t.add_column("new_value", ColumnType::Text);
    auto& actor = t.add_column("actor", ColumnType::Text);
    for (const auto& c : store::seeker_changes(*db_, seeker_id)) {
        at.push_int(c.at.time_since_epoch().count());
        on.push_int(c.on.days());
        field.push_text(c.field);
        // Old and new contact data are personal data: read them through personal().
        const bool hidden = is_personal(c.field);
        old_value.push_text(hidden ? kHidden : c.old_value);
        new_value.push_text(hidden ? kHidden : c.new_value);
        push_value(actor, c.actor);
    }
    return t;
}

Table Seekers::exports(Id office_id) const {
    detail::check_office(*db_, office_id);
    Table t;
    auto& at = t.add_column("at", ColumnType::Timestamp);
    auto& staff = t.add_column("staff_id", ColumnType::Int);
    auto& purpose = t.add_column("purpose", ColumnType::Text);
    auto& fields = t.add_column("fields", ColumnType::Text);
    auto& scope = t.add_column("consent_scope", ColumnType::Text);
    auto& rows = t.add_column("rows", ColumnType::Int);
    auto& actor = t.add_column("actor", ColumnType::Text);
    auto& refused = t.add_column("refused", ColumnType::Text);
    for (const auto& l : store::personal_read_log(*db_, office_id)) {
        at.push_int(l.at.time_since_epoch().count());
        if (l.staff_id) staff.push_int(*l.staff_id);
        else staff.push_null();
        purpose.push_text(l.purpose);
        fields.push_text(l.fields);
        scope.push_text(l.scope);
        rows.push_int(l.rows);
        push_value(actor, l.actor);
        refused.push_text(l.refused);
    }
    return t;
}

}  // namespace omilcrm
