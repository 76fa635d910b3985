// Job seekers and their personal data: the SQL.
#include "store/seekers.hpp"

#include "store/sqlite.hpp"
#include "text.hpp"

namespace omilcrm::store {

namespace {

std::vector<Shift> shifts_of(std::string_view text) {
    std::vector<Shift> out;
    for (const auto& s : detail::split_list(text)) out.push_back(parse_enum<Shift>(s));
    return out;
}

// The profile's columns; kPersonalSelect adds the personal data's after them.
constexpr const char* kProfileSelect =
    "SELECT s.id, s.uuid, s.created_at, s.updated_at, s.office_id, s.commune, s.education, s.skills, s.licences, "
    "s.shifts, s.available_from, s.registered_on, s.consent_on, s.consent_scope, s.active FROM job_seeker s";

constexpr const char* kPersonalSelect =
    "SELECT s.id, s.uuid, s.created_at, s.updated_at, s.office_id, s.commune, s.education, s.skills, s.licences, "
    "s.shifts, s.available_from, s.registered_on, s.consent_on, s.consent_scope, s.active, coalesce(p.rut, ''), "
    "coalesce(p.name, ''), coalesce(p.phone, ''), coalesce(p.email, ''), coalesce(p.address, ''), p.birth_date "
    // A regional database holds profiles without their personal data.
    "FROM job_seeker s LEFT JOIN seeker_personal p ON p.seeker_id = s.id";

JobSeeker seeker_of(SQLite::Statement& q, bool personal) {
    detail::RowReader r(q);
    JobSeeker s;
    s.meta = r.meta();
    s.office_id = r.get<Id>();
    s.commune = r.get<std::string>();
    s.education = parse_enum<EducationLevel>(r.get<std::string>());
    s.skills = detail::split_list(r.get<std::string>());
    s.licences = detail::split_list(r.get<std::string>());
    s.shifts = shifts_of(r.get<std::string>());
    s.available_from = r.get<std::optional<Date>>();
    s.registered_on = r.get<Date>();
    s.consent_on = r.get<Date>();
    s.consent_scope = detail::split_list(r.get<std::string>());
    s.active = r.get<bool>();
    if (personal) {
        s.rut = r.get<std::string>();
        s.name = r.get<std::string>();
        s.phone = r.get<std::string>();
        s.email = r.get<std::string>();
        s.address = r.get<std::string>();
        s.birth_date = r.get<std::optional<Date>>();
    }
    return s;
}

std::vector<matching::Experience> experience_of(DbImpl& db, Id seeker_id) {
    auto q = db.stmt("SELECT occupation, months FROM seeker_experience WHERE seeker_id = ? ORDER BY id");
    q.bind_all(seeker_id);
    std::vector<matching::Experience> out;
    while (q.executeStep()) {
        detail::RowReader r(q);
        matching::Experience e;
        e.occupation = r.get<std::string>();
        e.months = r.get<int>();
        out.push_back(std::move(e));
    }
    return out;
}

void insert_experience(DbImpl& db, Id seeker_id, const std::vector<matching::Experience>& ex) {
    auto s = db.stmt("INSERT INTO seeker_experience (seeker_id, occupation, months) VALUES (?, ?, ?)");
    for (const auto& e : ex) {
        s.reset();
        s.bind_all(seeker_id, e.occupation, e.months);
        s.exec();
    }
}

// Reads one seeker with its personal data and experience.
std::optional<JobSeeker> read_with_personal(DbImpl& db, Id id) {
    std::optional<JobSeeker> s;
    {
        auto q = db.stmt(std::string(kPersonalSelect) + " WHERE s.id = ?");
        q.bind_all(id);
        if (!q.executeStep()) return std::nullopt;
        s = seeker_of(q, true);
    }
    s->experience = experience_of(db, id);
    return s;
}

// Every reading of personal data leaves a line: who, when, why, which fields, how many rows,
// and, for one refused, why it was refused.
Timestamp log_read(DbImpl& db, const PersonalRead& read, const std::string& scope, std::int64_t rows,
                   const std::string& refused = {}) {
    const Timestamp now = db.clock->now();
    db.stmt(
          "INSERT INTO personal_data_export (office_id, at, staff_id, purpose, fields, scope, rows, actor, refused) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(read.office_id, now, read.staff_id, read.purpose, detail::join_list(read.fields), scope, rows,
                  detail::actor_column(db), refused)
        .exec();
    return now;
}

}  // namespace

std::string shifts_text(const std::vector<Shift>& shifts) {
    std::vector<std::string> names;
    for (auto s : shifts) names.emplace_back(to_string(s));
    return detail::join_list(names);
}

// ---- profiles

void insert_seeker(DbImpl& db, JobSeeker& s) {
    static const std::string sql =
        detail::insert_sql("job_seeker", {"office_id", "commune", "education", "skills", "licences", "shifts",
                                          "available_from", "registered_on", "consent_on", "consent_scope"});
    detail::insert_record(db, sql, s.meta, s.office_id, s.commune, s.education, detail::join_list(s.skills),
                          detail::join_list(s.licences), shifts_text(s.shifts), s.available_from, s.registered_on,
                          s.consent_on, detail::join_list(s.consent_scope));
    db.stmt(
          "INSERT INTO seeker_personal (seeker_id, office_id, rut, name, phone, email, address, birth_date) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(s.meta.id, s.office_id, s.rut, s.name, s.phone, s.email, s.address, s.birth_date)
        .exec();
    insert_experience(db, s.meta.id, s.experience);
    detail::seekers_changed(db);
}

std::optional<Id> seeker_with_rut(DbImpl& db, Id office_id, const std::string& rut) {
    auto q = db.stmt("SELECT seeker_id FROM seeker_personal WHERE office_id = ? AND rut = ?");
    q.bind_all(office_id, rut);
    if (!q.executeStep()) return std::nullopt;
    return detail::RowReader(q).get<Id>();
}

std::optional<JobSeeker> find_seeker(DbImpl& db, Id id) {
    std::optional<JobSeeker> s;
    {
        auto q = db.stmt(std::string(kProfileSelect) + " WHERE s.id = ?");
        q.bind_all(id);
        if (!q.executeStep()) return std::nullopt;
        s = seeker_of(q, false);
    }
    s->experience = experience_of(db, id);
    return s;
}

std::optional<Id> seeker_office(DbImpl& db, Id id) {
    auto q = db.stmt("SELECT office_id FROM job_seeker WHERE id = ?");
    q.bind_all(id);
    if (!q.executeStep()) return std::nullopt;
    return detail::RowReader(q).get<Id>();
}

std::optional<JobSeeker> find_seeker_for_change(DbImpl& db, Id id) { return read_with_personal(db, id); }

void for_each_seeker(DbImpl& db, Id office_id, const std::function<void(const JobSeeker&)>& f) {
    auto q = db.stmt(std::string(kProfileSelect) + " WHERE s.office_id = ? ORDER BY s.id");
    q.bind_all(office_id);
    while (q.executeStep()) f(seeker_of(q, false));
}

std::size_t count_seekers(DbImpl& db, Id office_id) {
    auto q = db.stmt("SELECT count(*) FROM job_seeker WHERE office_id = ?");
    q.bind_all(office_id);
    q.executeStep();
    return detail::RowReader(q).get<std::size_t>();
}

void update_seeker(DbImpl& db, const JobSeeker& s, bool experience) {
    db.stmt(
          "UPDATE job_seeker SET commune = ?, education = ?, skills = ?, licences = ?, shifts = ?, available_from = ?, "
          "updated_at = ? WHERE id = ?")
        .bind_all(s.commune, s.education, detail::join_list(s.skills), detail::join_list(s.licences),
                  shifts_text(s.shifts), s.available_from, db.now_us(), s.meta.id)
        .exec();
    db.stmt("UPDATE seeker_personal SET phone = ?, email = ?, address = ? WHERE seeker_id = ?")
        .bind_all(s.phone, s.email, s.address, s.meta.id)
        .exec();
    if (experience) {
        db.stmt("DELETE FROM seeker_experience WHERE seeker_id = ?").bind_all(s.meta.id).exec();
        insert_experience(db, s.meta.id, s.experience);
    }
    detail::seekers_changed(db);
}

void set_seeker_withdrawn(DbImpl& db, Id id) {
    db.stmt("UPDATE job_seeker SET active = 0, updated_at = ? WHERE id = ?").bind_all(db.now_us(), id).exec();
    detail::seekers_changed(db);
}

void set_seeker_consent(DbImpl& db, Id id, Date on, const std::vector<std::string>& scope) {
    db.stmt("UPDATE job_seeker SET consent_on = ?, consent_scope = ?, updated_at = ? WHERE id = ?")
        .bind_all(on, detail::join_list(scope), db.now_us(), id)
        .exec();
    detail::seekers_changed(db);
}

void insert_seeker_change(DbImpl& db, Id seeker_id, Date on, const char* field, const std::string& old_value,
                          const std::string& new_value) {
    db.stmt(
          "INSERT INTO seeker_change (seeker_id, at, on_date, field, old_value, new_value, actor) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind_all(seeker_id, db.now_us(), on, field, old_value, new_value, detail::actor_column(db))
        .exec();
}

std::vector<SeekerChange> seeker_changes(DbImpl& db, Id seeker_id) {
    auto q = db.stmt(
        "SELECT at, on_date, field, old_value, new_value, actor FROM seeker_change WHERE seeker_id = ? ORDER BY id");
    q.bind_all(seeker_id);
    std::vector<SeekerChange> out;
    while (q.executeStep()) {
        detail::RowReader r(q);
        SeekerChange c;
        c.at = r.get<Timestamp>();
        c.on = r.get<Date>();
        c.field = r.get<std::string>();
        c.old_value = r.get<std::string>();
        c.new_value = r.get<std::string>();
        c.actor = r.get<std::optional<std::string>>();
        out.push_back(std::move(c));
    }
    return out;
}

void insert_workshop(DbImpl& db, RecordMeta& meta, const WorkshopAttendance& w) {
    static const std::string sql =
        detail::insert_sql("workshop_attendance", {"seeker_id", "on_date", "workshop", "staff_id"});
    detail::insert_record(db, sql, meta, w.seeker_id, w.on, w.workshop, w.staff_id);
}

std::vector<WorkshopAttendance> list_workshops(DbImpl& db, Id seeker_id) {
    auto q =
        db.stmt("SELECT on_date, workshop, staff_id FROM workshop_attendance WHERE seeker_id = ? ORDER BY on_date, id");
    q.bind_all(seeker_id);
    std::vector<WorkshopAttendance> out;
    while (q.executeStep()) {
        detail::RowReader r(q);
        WorkshopAttendance w;
        w.seeker_id = seeker_id;
        w.on = r.get<Date>();
        w.workshop = r.get<std::string>();
        w.staff_id = r.get<std::optional<Id>>();
        out.push_back(std::move(w));
    }
    return out;
}

SeekerExtras seeker_extras(DbImpl& db, Id office_id) {
    SeekerExtras x;
    auto count_into = [&](const char* sql, std::unordered_map<Id, std::int64_t>& into) {
        auto q = db.stmt(sql);
        q.bind_all(office_id);
        while (q.executeStep()) {
            detail::RowReader r(q);
            const Id id = r.get<Id>();
            into[id] = r.get<std::int64_t>();
        }
    };
    count_into(
        "SELECT w.seeker_id, count(*) FROM workshop_attendance w JOIN job_seeker s ON s.id = w.seeker_id "
        "WHERE s.office_id = ? GROUP BY w.seeker_id",
        x.workshops);
    count_into("SELECT seeker_id, count(*) FROM referral WHERE office_id = ? GROUP BY seeker_id", x.referrals);
    count_into("SELECT seeker_id, count(*) FROM placement WHERE office_id = ? GROUP BY seeker_id", x.placements);
    auto q = db.stmt(
        "SELECT e.seeker_id, e.occupation, e.months FROM seeker_experience e JOIN job_seeker s ON s.id = e.seeker_id "
        "WHERE s.office_id = ? ORDER BY e.seeker_id, e.id");
    q.bind_all(office_id);
    while (q.executeStep()) {
        detail::RowReader r(q);
        std::string& text = x.occupations[r.get<Id>()];
        if (!text.empty()) text += ';';
        text += r.get<std::string>();
        text += ":" + std::to_string(r.get<int>());
    }
    return x;
}

// ---- personal data

std::optional<JobSeeker> read_personal(DbImpl& db, Id id, const PersonalRead& read) {
    auto s = read_with_personal(db, id);
    if (s) log_read(db, read, read.scope, 1);
    return s;
}

std::optional<Id> search_by_rut(DbImpl& db, const std::string& rut, const PersonalRead& read) {
    const std::optional<Id> found = seeker_with_rut(db, read.office_id, rut);
    if (!found) log_read(db, read, "search", 0);
    return found;
}

void log_refused_read(DbImpl& db, const PersonalRead& read, const std::string& reason) {
    log_read(db, read, read.scope, 0, reason);
}

Timestamp read_personal_register(DbImpl& db, const PersonalRead& read, RegisterOrder order,
                                 const std::function<bool(const JobSeeker&)>& take) {
    std::int64_t rows = 0;
    {
        auto q = db.stmt(std::string(kPersonalSelect) + " WHERE s.office_id = ? ORDER BY " +
                         (order == RegisterOrder::ByRut ? "p.rut, s.id" : "s.id"));
        q.bind_all(read.office_id);
        while (q.executeStep())
            if (take(seeker_of(q, true))) ++rows;
    }
    return log_read(db, read, read.scope, rows);
}

std::vector<PersonalReadLog> personal_read_log(DbImpl& db, Id office_id) {
    auto q = db.stmt(
        "SELECT at, staff_id, purpose, fields, scope, rows, actor, refused FROM personal_data_export "
        "WHERE office_id = ? "
        "ORDER BY id");
    q.bind_all(office_id);
    std::vector<PersonalReadLog> out;
    while (q.executeStep()) {
        detail::RowReader r(q);
        PersonalReadLog l;
        l.at = r.get<Timestamp>();
        l.staff_id = r.get<std::optional<Id>>();
        l.purpose = r.get<std::string>();
        l.fields = r.get<std::string>();
        l.scope = r.get<std::string>();
        l.rows = r.get<std::int64_t>();
        l.actor = r.get<std::optional<std::string>>();
        l.refused = r.get<std::string>();
        out.push_back(std::move(l));
    }
    return out;
}

}  // namespace omilcrm::store
