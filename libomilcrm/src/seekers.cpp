// Job seekers: the profile (matched against vacancies) and, in its own table, the personal data.
#include <SQLiteCpp/Exception.h>

#include <algorithm>
#include <array>
#include <unordered_map>
#include <unordered_set>

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "omilcrm/isco.hpp"
#include "omilcrm/rut.hpp"
#include "omilcrm/territory.hpp"
#include "bulk.hpp"
#include "checks.hpp"
#include "store/sqlite.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {


constexpr std::array<std::string_view, 6> kPersonalFields = {"rut", "name", "phone", "email", "address",
                                                             "birth_date"};
/// What the change log shows in place of a personal value.
constexpr const char* kHidden = "(personal data)";

std::string shifts_text(const std::vector<Shift>& shifts) {
    std::vector<std::string> names;
    for (auto s : shifts) names.emplace_back(to_string(s));
    return detail::join_list(names);
}

std::vector<Shift> shifts_of(std::string_view text) {
    std::vector<Shift> out;
    for (const auto& s : detail::split_list(text)) out.push_back(parse_shift(s));
    return out;
}

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

std::string optional_phone(const std::string& s) { return detail::trim(s).empty() ? std::string() : normalize_phone(s); }
std::string optional_email(const std::string& s) { return detail::trim(s).empty() ? std::string() : normalize_email(s); }

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
    if (!in.consent_on) throw ValidationError("consent_on", "", "is required: the day the seeker gave consent");
    s.consent_on = *in.consent_on;
    detail::check_not_future("consent_on", s.consent_on, today);
    if (s.consent_on > s.registered_on)
        throw ValidationError("consent_on", s.consent_on.iso(),
                              "is after the registration date (" + s.registered_on.iso() + ")");
    s.consent_scope = normalize_consent_scopes(in.consent_scope);
    if (s.consent_scope.empty())
        throw ValidationError("consent_scope", "", "needs at least one scope (intermediation, programmes, contact, statistics)");
    return p;
}

void insert_experience(detail::DbImpl& db, Id seeker_id, const std::vector<matching::Experience>& ex) {
    auto s = db.stmt("INSERT INTO seeker_experience (seeker_id, occupation, months) VALUES (?, ?, ?)");
    for (const auto& e : ex) {
        s.reset();
        s.bind(1, seeker_id);
        s.bind(2, e.occupation);
        s.bind(3, e.months);
        s.exec();
    }
}

// Inserts one prepared seeker; a RUT already registered at the office is a Conflict that names
// the record, not the RUT (personal data stays out of messages), prefixed with the batch row when there is one.
Id insert_seeker(detail::DbImpl& db, Prepared& p, std::optional<std::size_t> row = {}) {
    JobSeeker& s = p.s;
    s.meta = db.new_meta();
    auto q = db.stmt(
        "INSERT INTO job_seeker (uuid, created_at, updated_at, office_id, commune, education, skills, licences, "
        "shifts, available_from, registered_on, consent_on, consent_scope) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, s.meta.uuid);
    q.bind(2, s.meta.created_at.time_since_epoch().count());
    q.bind(3, s.meta.updated_at.time_since_epoch().count());
    q.bind(4, s.office_id);
    q.bind(5, s.commune);
    q.bind(6, std::string(to_string(s.education)));
    q.bind(7, detail::join_list(s.skills));
    q.bind(8, detail::join_list(s.licences));
    q.bind(9, shifts_text(s.shifts));
    detail::bind_opt(q, 10, s.available_from);
    q.bind(11, s.registered_on.iso());
    q.bind(12, s.consent_on.iso());
    q.bind(13, detail::join_list(s.consent_scope));
    q.exec();
    s.meta.id = static_cast<Id>(db.db->getLastInsertRowid());
    auto pd = db.stmt(
        "INSERT INTO seeker_personal (seeker_id, office_id, rut, name, phone, email, address, birth_date) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    pd.bind(1, s.meta.id);
    pd.bind(2, s.office_id);
    pd.bind(3, s.rut);
    pd.bind(4, s.name);
    pd.bind(5, s.phone);
    pd.bind(6, s.email);
    pd.bind(7, s.address);
    detail::bind_opt(pd, 8, s.birth_date);
    detail::exec_unique(pd, [&] {
        std::string msg = (row ? "rows[" + std::to_string(*row) + "]: " : std::string()) + "a job seeker with this RUT is already registered at office " + std::to_string(s.office_id);
        auto q = db.stmt("SELECT seeker_id FROM seeker_personal WHERE office_id = ? AND rut = ?");
        q.bind(1, s.office_id);
        q.bind(2, s.rut);
        if (q.executeStep()) msg += " (job seeker " + std::to_string(q.getColumn(0).getInt64()) + ")";
        return msg + (row ? "; nothing was added" : "");
    });
    insert_experience(db, s.meta.id, s.experience);
    ++db.seeker_generation;
    return s.meta.id;
}

constexpr const char* kSeekerSelect =
    "SELECT s.id, s.uuid, s.created_at, s.updated_at, s.office_id, coalesce(p.rut, ''), coalesce(p.name, ''), "
    "coalesce(p.phone, ''), coalesce(p.email, ''), coalesce(p.address, ''), p.birth_date, s.commune, s.education, "
    "s.skills, s.licences, s.shifts, s.available_from, s.registered_on, s.consent_on, s.consent_scope, s.active "
    // A regional database holds profiles without their personal data.
    "FROM job_seeker s LEFT JOIN seeker_personal p ON p.seeker_id = s.id";

JobSeeker seeker_of(SQLite::Statement& q) {
    JobSeeker s;
    s.meta = detail::meta_of(q);
    s.office_id = q.getColumn(4).getInt64();
    s.rut = q.getColumn(5).getString();
    s.name = q.getColumn(6).getString();
    s.phone = q.getColumn(7).getString();
    s.email = q.getColumn(8).getString();
    s.address = q.getColumn(9).getString();
    s.birth_date = detail::opt_date(q.getColumn(10));
    s.commune = q.getColumn(11).getString();
    s.education = parse_education_level(q.getColumn(12).getString());
    s.skills = detail::split_list(q.getColumn(13).getString());
    s.licences = detail::split_list(q.getColumn(14).getString());
    s.shifts = shifts_of(q.getColumn(15).getString());
    s.available_from = detail::opt_date(q.getColumn(16));
    s.registered_on = detail::date_of(q.getColumn(17));
    s.consent_on = detail::date_of(q.getColumn(18));
    s.consent_scope = detail::split_list(q.getColumn(19).getString());
    s.active = q.getColumn(20).getInt() != 0;
    return s;
}

std::vector<matching::Experience> experience_of(detail::DbImpl& db, Id seeker_id) {
    auto q = db.stmt("SELECT occupation, months FROM seeker_experience WHERE seeker_id = ? ORDER BY id");
    q.bind(1, seeker_id);
    std::vector<matching::Experience> out;
    while (q.executeStep()) out.push_back({q.getColumn(0).getString(), q.getColumn(1).getInt()});
    return out;
}

void log_change(detail::DbImpl& db, Id seeker_id, Date on, const char* field, const std::string& old_value,
                const std::string& new_value) {
    if (old_value == new_value) return;
    detail::check_text(field, new_value);
    auto q = db.stmt(
        "INSERT INTO seeker_change (seeker_id, at, on_date, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?)");
    q.bind(1, seeker_id);
    q.bind(2, db.now_us());
    q.bind(3, on.iso());
    q.bind(4, field);
    q.bind(5, old_value);
    q.bind(6, new_value);
    q.exec();
}

Timestamp log_export(detail::DbImpl& db, Id office_id, std::optional<Id> staff_id, const std::string& why,
                     const std::vector<std::string>& fields, const std::string& scope, std::int64_t rows) {
    const Timestamp now = db.clock->now();
    auto log = db.stmt(
        "INSERT INTO personal_data_export (office_id, at, staff_id, purpose, fields, scope, rows) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    log.bind(1, office_id);
    log.bind(2, now.time_since_epoch().count());
    detail::bind_opt(log, 3, staff_id);
    log.bind(4, why);
    log.bind(5, detail::join_list(fields));
    log.bind(6, scope);
    log.bind(7, rows);
    log.exec();
    return now;
}

using detail::iso_or_empty;

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

// Who reads personal data, and why: a purpose, and a staff member of the seekers' office. The
// reading is logged in its own transaction, committed before the data is handed out, so it is
// refused inside a caller's transaction (whose rollback would take the log entry with it).
std::string check_reader(detail::DbImpl& db, Id office_id, std::optional<Id> staff_id, const std::string& purpose) {
    if (db.tx_depth > 0)
        throw Conflict("personal data is read outside any transaction, so that the log of the reading is kept "
                       "whatever the transaction does; read it before or after");
    const std::string why(detail::trim(purpose));
    if (why.empty()) throw ValidationError("purpose", purpose, "is required to read personal data");
    if (!staff_id) throw ValidationError("staff", "", "is required to read personal data (who reads it is logged)");
    const StaffMember s = Staff(db).get(*staff_id);
    if (s.office_id != office_id)
        throw ValidationError("staff", std::to_string(*staff_id),
                              "is not a staff member of office " + std::to_string(office_id) + ", whose seekers these are");
    return why;
}

// The profile without its personal data (what get() hands out).
JobSeeker profile_only(JobSeeker s) {
    s.rut.clear();
    s.name.clear();
    s.phone.clear();
    s.email.clear();
    s.address.clear();
    s.birth_date.reset();
    return s;
}

// Reads one seeker with its personal data (no log: the caller logs).
JobSeeker read_seeker(detail::DbImpl& db, Id id) {
    auto q = db.stmt(std::string(kSeekerSelect) + " WHERE s.id = ?");
    q.bind(1, id);
    if (!q.executeStep()) throw NotFound("job seeker", std::to_string(id));
    JobSeeker s = seeker_of(q);
    s.experience = experience_of(db, id);
    return s;
}
}  // namespace

JobSeeker Seekers::add(const NewJobSeeker& in) {
    detail::WriteScope write(*db_);
    detail::check_office(*db_, in.office_id);
    Prepared p = without_personal_values([&] { return prepare(in, db_->today()); });
    insert_seeker(*db_, p);
    return p.s;
}

std::vector<Id> Seekers::add_many(const std::vector<NewJobSeeker>& rows) {
    detail::WriteScope write(*db_);
    // Each row checked and written in turn inside one scope, so a batch is never held twice in
    // memory; a bad row rolls back the rows before it: all or nothing.
    const Date today = db_->today();
    std::unordered_set<Id> offices;
    std::unordered_set<std::string> seen;
    std::vector<Id> ids;
    ids.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        Prepared p = detail::for_row(i, [&] { return without_personal_values([&] { return prepare(rows[i], today); }); });
        if (!seen.insert(std::to_string(rows[i].office_id) + "/" + p.s.rut).second)
            throw Conflict("rows[" + std::to_string(i) + "]: the RUT of this job seeker appears twice in the batch");
        if (offices.insert(rows[i].office_id).second) detail::check_office(*db_, rows[i].office_id);
        ids.push_back(insert_seeker(*db_, p, i));
    }
    return ids;
}

JobSeeker Seekers::get(Id id) const { return profile_only(read_seeker(*db_, id)); }

JobSeeker Seekers::personal(Id id, const std::string& purpose, std::optional<Id> staff_id) {
    JobSeeker s = read_seeker(*db_, id);
    const std::string why = check_reader(*db_, s.office_id, staff_id, purpose);
    detail::WriteScope write(*db_);  // committed before the data is handed out
    log_export(*db_, s.office_id, staff_id, why, {kPersonalFields.begin(), kPersonalFields.end()},
               "record " + std::to_string(id), 1);
    return s;
}

std::optional<JobSeeker> Seekers::find_by_rut(Id office_id, std::string_view rut, const std::string& purpose,
                                              std::optional<Id> staff_id) {
    detail::check_office(*db_, office_id);
    const std::string why = check_reader(*db_, office_id, staff_id, purpose);
    const std::string canonical = without_personal_values([&] { return Rut(rut).str(); });
    detail::WriteScope write(*db_);
    auto q = db_->stmt("SELECT seeker_id FROM seeker_personal WHERE office_id = ? AND rut = ?");
    q.bind(1, office_id);
    q.bind(2, canonical);
    std::optional<Id> found;
    if (q.executeStep()) found = q.getColumn(0).getInt64();
    q.reset();
    // A search by RUT is a reading of personal data whether it finds someone or not.
    log_export(*db_, office_id, staff_id, why, {"rut"}, found ? "record " + std::to_string(*found) : "search", found ? 1 : 0);
    if (!found) return std::nullopt;
    return read_seeker(*db_, *found);
}

JobSeeker Seekers::update(Id id, const SeekerUpdate& c) {
    detail::WriteScope write(*db_);
    const JobSeeker before = read_seeker(*db_, id);  // the change log keeps the old contact data
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

    const Date today = db_->today();
    const auto opt_iso = [](const std::optional<Date>& d) { return d ? d->iso() : std::string(); };
    log_change(*db_, id, today, "commune", before.commune, after.commune);
    log_change(*db_, id, today, "phone", before.phone, after.phone);
    log_change(*db_, id, today, "email", before.email, after.email);
    log_change(*db_, id, today, "address", before.address, after.address);
    log_change(*db_, id, today, "education", std::string(to_string(before.education)),
               std::string(to_string(after.education)));
    log_change(*db_, id, today, "experience", experience_text(before.experience), experience_text(after.experience));
    log_change(*db_, id, today, "skills", detail::join_list(before.skills), detail::join_list(after.skills));
    log_change(*db_, id, today, "licences", detail::join_list(before.licences), detail::join_list(after.licences));
    log_change(*db_, id, today, "shifts", shifts_text(before.shifts), shifts_text(after.shifts));
    log_change(*db_, id, today, "available_from", opt_iso(before.available_from), opt_iso(after.available_from));
    auto q = db_->stmt(
        "UPDATE job_seeker SET commune = ?, education = ?, skills = ?, licences = ?, shifts = ?, available_from = ?, "
        "updated_at = ? WHERE id = ?");
    q.bind(1, after.commune);
    q.bind(2, std::string(to_string(after.education)));
    q.bind(3, detail::join_list(after.skills));
    q.bind(4, detail::join_list(after.licences));
    q.bind(5, shifts_text(after.shifts));
    detail::bind_opt(q, 6, after.available_from);
    q.bind(7, db_->now_us());
    q.bind(8, id);
    q.exec();
    auto pd = db_->stmt("UPDATE seeker_personal SET phone = ?, email = ?, address = ? WHERE seeker_id = ?");
    pd.bind(1, after.phone);
    pd.bind(2, after.email);
    pd.bind(3, after.address);
    pd.bind(4, id);
    pd.exec();
    if (c.experience) {
        auto del = db_->stmt("DELETE FROM seeker_experience WHERE seeker_id = ?");
        del.bind(1, id);
        del.exec();
        insert_experience(*db_, id, after.experience);
    }
    ++db_->seeker_generation;
    return get(id);
}

JobSeeker Seekers::withdraw(Id id, std::optional<Date> on) {
    detail::WriteScope write(*db_);
    const JobSeeker s = get(id);
    if (!s.active) throw Conflict("job seeker " + std::to_string(id) + " is already withdrawn");
    log_change(*db_, id, on.value_or(db_->today()), "active", "1", "0");
    auto q = db_->stmt("UPDATE job_seeker SET active = 0, updated_at = ? WHERE id = ?");
    q.bind(1, db_->now_us());
    q.bind(2, id);
    q.exec();
    ++db_->seeker_generation;
    return get(id);
}

JobSeeker Seekers::renew_consent(Id id, Date on, const std::vector<std::string>& scope_in) {
    detail::WriteScope write(*db_);
    const JobSeeker s = get(id);
    const auto scope_list = normalize_consent_scopes(scope_in);
    if (scope_list.empty())
        throw ValidationError("consent_scope", "", "needs at least one scope (intermediation, programmes, contact, statistics)");
    if (on < s.consent_on)
        throw ValidationError("on", on.iso(), "is before the current consent (" + s.consent_on.iso() + ")");
    detail::check_not_future("on", on, db_->today());
    log_change(*db_, id, on, "consent", s.consent_on.iso() + " " + detail::join_list(s.consent_scope),
               on.iso() + " " + detail::join_list(scope_list));
    auto q = db_->stmt("UPDATE job_seeker SET consent_on = ?, consent_scope = ?, updated_at = ? WHERE id = ?");
    q.bind(1, on.iso());
    q.bind(2, detail::join_list(scope_list));
    q.bind(3, db_->now_us());
    q.bind(4, id);
    q.exec();
    ++db_->seeker_generation;
    return get(id);
}

std::size_t Seekers::count(Id office_id) const {
    detail::check_office(*db_, office_id);
    auto q = db_->stmt("SELECT count(*) FROM job_seeker WHERE office_id = ?");
    q.bind(1, office_id);
    q.executeStep();
    return static_cast<std::size_t>(q.getColumn(0).getInt64());
}

void Seekers::attend_workshop(Id seeker_id, Date on, const std::string& workshop, std::optional<Id> staff_id) {
    detail::WriteScope write(*db_);
    const JobSeeker s = get(seeker_id);
    const std::string name(detail::trim(workshop));
    if (name.empty()) throw ValidationError("workshop", workshop, "is required");
    if (staff_id) Staff(*db_).get(*staff_id);
    const RecordMeta meta = db_->new_meta();
    auto q = db_->stmt(
        "INSERT INTO workshop_attendance (uuid, created_at, updated_at, seeker_id, on_date, workshop, staff_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, meta.uuid);
    q.bind(2, meta.created_at.time_since_epoch().count());
    q.bind(3, meta.updated_at.time_since_epoch().count());
    q.bind(4, s.meta.id);
    q.bind(5, on.iso());
    q.bind(6, name);
    detail::bind_opt(q, 7, staff_id);
    q.exec();
}

std::vector<WorkshopAttendance> Seekers::workshops(Id seeker_id) const {
    get(seeker_id);
    auto q = db_->stmt(
        "SELECT on_date, workshop, staff_id FROM workshop_attendance WHERE seeker_id = ? ORDER BY on_date, id");
    q.bind(1, seeker_id);
    std::vector<WorkshopAttendance> out;
    while (q.executeStep())
        out.push_back({seeker_id, detail::date_of(q.getColumn(0)), q.getColumn(1).getString(), detail::opt_id(q.getColumn(2))});
    return out;
}

namespace {

// Per-seeker counts and experience for the office, in one query each.
struct SeekerExtras {
    std::unordered_map<Id, std::string> occupations;
    std::unordered_map<Id, std::int64_t> workshops, referrals, placements;
};

SeekerExtras extras_of(detail::DbImpl& db, Id office_id) {
    SeekerExtras x;
    auto count_into = [&](const char* sql, std::unordered_map<Id, std::int64_t>& into) {
        auto q = db.stmt(sql);
        q.bind(1, office_id);
        while (q.executeStep()) into[q.getColumn(0).getInt64()] = q.getColumn(1).getInt64();
    };
    count_into("SELECT w.seeker_id, count(*) FROM workshop_attendance w JOIN job_seeker s ON s.id = w.seeker_id "
               "WHERE s.office_id = ? GROUP BY w.seeker_id",
               x.workshops);
    count_into("SELECT seeker_id, count(*) FROM referral WHERE office_id = ? GROUP BY seeker_id", x.referrals);
    count_into("SELECT seeker_id, count(*) FROM placement WHERE office_id = ? GROUP BY seeker_id", x.placements);
    auto q = db.stmt(
        "SELECT e.seeker_id, e.occupation, e.months FROM seeker_experience e JOIN job_seeker s ON s.id = e.seeker_id "
        "WHERE s.office_id = ? ORDER BY e.seeker_id, e.id");
    q.bind(1, office_id);
    while (q.executeStep()) {
        std::string& text = x.occupations[q.getColumn(0).getInt64()];
        if (!text.empty()) text += ';';
        text += q.getColumn(1).getString() + ":" + std::to_string(q.getColumn(2).getInt());
    }
    return x;
}

// The profile columns (no personal data), filled by `add(row)`.
struct ProfileColumns {
    Column *id, *uuid, *commune, *education, *experience, *skills, *licences, *shifts, *available_from,
        *registered_on, *consent_on, *consent_scope, *active, *workshops, *referrals, *placements;

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
    SeekerExtras x = extras_of(*db_, office_id);
    Table t;
    ProfileColumns cols(t);
    auto q = db_->stmt(std::string(kSeekerSelect) + " WHERE s.office_id = ? ORDER BY s.id");
    q.bind(1, office_id);
    while (q.executeStep()) cols.add(seeker_of(q), x);
    t.set_metadata("contains_personal_data", "no");
    return t;
}

namespace {
// Every export of personal data leaves a line: who, when, why, which fields, how many rows.
}  // namespace

Table Seekers::export_register(Id office_id, const std::string& purpose, std::optional<Id> staff_id) {
    detail::check_office(*db_, office_id);
    const std::string why = check_reader(*db_, office_id, staff_id, purpose);
    detail::WriteScope write(*db_);
    const SeekerExtras x = extras_of(*db_, office_id);
    static const char* const kColumns[] = {"rut", "name", "commune", "phone", "email", "address", "birth_date",
                                           "education", "experience", "skills", "licences", "shifts",
                                           "available_from", "registered_on", "consent_on", "consent_scope", "active"};
    Table t;
    std::vector<Column*> cols;
    for (const char* c : kColumns) cols.push_back(&t.add_column(c, ColumnType::Text));
    auto q = db_->stmt(std::string(kSeekerSelect) + " WHERE s.office_id = ? ORDER BY p.rut, s.id");
    q.bind(1, office_id);
    std::int64_t rows = 0;
    while (q.executeStep()) {
        const JobSeeker s = seeker_of(q);
        // Off the register, or consented to statistics only: their personal data stays here.
        const bool statistics_only = std::all_of(s.consent_scope.begin(), s.consent_scope.end(),
                                                 [](const std::string& c) { return c == "statistics"; });
        if (!s.active || statistics_only) continue;
        const auto ex = x.occupations.find(s.meta.id);
        const std::string values[] = {s.rut,
                                      s.name,
                                      s.commune,
                                      s.phone,
                                      s.email,
                                      s.address,
                                      iso_or_empty(s.birth_date),
                                      std::string(to_string(s.education)),
                                      ex == x.occupations.end() ? std::string() : ex->second,
                                      detail::join_list(s.skills, ';'),
                                      detail::join_list(s.licences, ';'),
                                      detail::join_list([&] {
                                          std::vector<std::string> v;
                                          for (auto sh : s.shifts) v.emplace_back(to_string(sh));
                                          return v;
                                      }(), ';'),
                                      iso_or_empty(s.available_from),
                                      s.registered_on.iso(),
                                      s.consent_on.iso(),
                                      detail::join_list(s.consent_scope, ';'),
                                      s.active ? "yes" : "no"};
        for (std::size_t k = 0; k < cols.size(); ++k) cols[k]->push_text(values[k]);
        ++rows;
    }
    const std::vector<std::string> personal(kPersonalFields.begin(), kPersonalFields.end());
    const Timestamp now = log_export(*db_, office_id, staff_id, why, personal, "register", rows);
    t.set_metadata("contains_personal_data", detail::join_list(personal));
    t.set_metadata("purpose", why);
    t.set_metadata("exported_at", to_iso(now));
    t.set_metadata("rows", std::to_string(rows));
    return t;
}

Table Seekers::export_personal(Id office_id, const std::vector<std::string>& fields, const std::string& purpose,
                               std::optional<Id> staff_id, const std::string& scope_name) {
    detail::check_office(*db_, office_id);
    if (fields.empty())
        throw ValidationError("fields", "", "name the personal fields to export (rut, name, phone, email, address, birth_date)");
    std::vector<std::size_t> wanted;
    for (const auto& f : fields) {
        const std::size_t i = detail::index_of(f, kPersonalFields, "fields");
        if (std::find(wanted.begin(), wanted.end(), i) == wanted.end()) wanted.push_back(i);
    }
    const std::string why = check_reader(*db_, office_id, staff_id, purpose);
    const std::string scope = normalize_consent_scopes({scope_name}).front();
    detail::WriteScope write(*db_);

    SeekerExtras x = extras_of(*db_, office_id);
    Table t;
    ProfileColumns cols(t);
    std::vector<Column*> personal;
    std::vector<std::string> names;
    for (auto i : wanted) {
        names.emplace_back(kPersonalFields[i]);
        personal.push_back(&t.add_column(names.back(), i == 5 ? ColumnType::Date : ColumnType::Text));
    }
    auto q = db_->stmt(std::string(kSeekerSelect) + " WHERE s.office_id = ? ORDER BY s.id");
    q.bind(1, office_id);
    std::int64_t rows = 0;
    while (q.executeStep()) {
        const JobSeeker s = seeker_of(q);
        if (!s.active) continue;  // off the register
        if (std::find(s.consent_scope.begin(), s.consent_scope.end(), scope) == s.consent_scope.end()) continue;
        cols.add(s, x);
        for (std::size_t k = 0; k < wanted.size(); ++k) {
            Column& c = *personal[k];
            switch (wanted[k]) {
                case 0: c.push_text(s.rut); break;
                case 1: c.push_text(s.name); break;
                case 2: c.push_text(s.phone); break;
                case 3: c.push_text(s.email); break;
                case 4: c.push_text(s.address); break;
                default:
                    if (s.birth_date) c.push_int(s.birth_date->days());
                    else c.push_null();
            }
        }
        ++rows;
    }
    const Timestamp now = log_export(*db_, office_id, staff_id, why, names, scope, rows);
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
    auto q = db_->stmt(
        "SELECT at, on_date, field, old_value, new_value FROM seeker_change WHERE seeker_id = ? ORDER BY id");
    q.bind(1, seeker_id);
    while (q.executeStep()) {
        at.push_int(q.getColumn(0).getInt64());
        on.push_int(detail::date_of(q.getColumn(1)).days());
        const std::string name = q.getColumn(2).getString();
        field.push_text(name);
        // Old and new contact data are personal data: read them through personal().
        const bool hidden = is_personal(name);
        old_value.push_text(hidden ? kHidden : q.getColumn(3).getString());
        new_value.push_text(hidden ? kHidden : q.getColumn(4).getString());
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
    auto q = db_->stmt(
        "SELECT at, staff_id, purpose, fields, scope, rows FROM personal_data_export WHERE office_id = ? ORDER BY id");
    q.bind(1, office_id);
    while (q.executeStep()) {
        at.push_int(q.getColumn(0).getInt64());
        if (q.getColumn(1).isNull()) staff.push_null();
        else staff.push_int(q.getColumn(1).getInt64());
        purpose.push_text(q.getColumn(2).getString());
        fields.push_text(q.getColumn(3).getString());
        scope.push_text(q.getColumn(4).getString());
        rows.push_int(q.getColumn(5).getInt64());
    }
    return t;
}

}  // namespace omilcrm
