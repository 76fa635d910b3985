// The hand-written loader on the raw SQLite C API (see raw_sink.hpp).
#include "raw_sink.hpp"

#include <stdexcept>

namespace bench {

namespace {

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& x : v) {
        if (!out.empty()) out += ',';
        out += x;
    }
    return out;
}

void text(sqlite3_stmt* s, int i, const std::string& v) {
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}
void text(sqlite3_stmt* s, int i, std::string_view v) {
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}
void integer(sqlite3_stmt* s, int i, std::int64_t v) { sqlite3_bind_int64(s, i, v); }
void opt_real(sqlite3_stmt* s, int i, const std::optional<double>& v) {
    if (v) sqlite3_bind_double(s, i, *v);
    else sqlite3_bind_null(s, i);
}
void opt_id(sqlite3_stmt* s, int i, const std::optional<Id>& v) {
    if (v && *v) sqlite3_bind_int64(s, i, *v);
    else sqlite3_bind_null(s, i);
}
void opt_date(sqlite3_stmt* s, int i, const std::optional<Date>& v) {
    if (v) text(s, i, v->iso());
    else sqlite3_bind_null(s, i);
}

void put_meta(sqlite3_stmt* s, std::int64_t now) {
    const std::string uuid = new_uuid();
    text(s, 1, uuid);
    integer(s, 2, now);
    integer(s, 3, now);
}

}  // namespace

std::unordered_map<Id, OfficeRouting> read_routing(Database& db, const World& w) {
    std::unordered_map<Id, OfficeRouting> out;
    for (const auto& o : w.offices) {
        OfficeRouting r;
        r.rules = db.routing().list(o.id);
        std::unordered_map<Id, bool> active;
        for (const auto& d : db.departments().list(o.id)) active[d.meta.id] = d.active;
        for (auto& rule : r.rules)
            if (!active[rule.department_id]) rule.active = false;
        for (const auto& c : db.catalogue().list(o.id)) r.deadline_days[c.code] = c.deadline_days;
        r.holidays = db.requests().holidays(o.id);
        r.checkin_days_before = db.checkins().days_before(o.id);
        out[o.id] = std::move(r);
    }
    return out;
}

RawSink::RawSink(const std::string& path, std::unordered_map<Id, OfficeRouting> routing)
    : routing_(std::move(routing)) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
        throw std::runtime_error("cannot open " + path + ": " + sqlite3_errmsg(db_));
    // The library's connection settings.
    exec("PRAGMA foreign_keys = ON");
    exec("PRAGMA journal_mode = WAL");
    exec("PRAGMA synchronous = NORMAL");
    now_us_ = run_clock()->now().time_since_epoch().count();
    // The schema is read now, as the library's connection has read it before its load begins. The
    // statements are prepared on a table's first batch, inside the clock, as the library prepares
    // its own on the first call of each bulk function (a statement prepared here, outside the
    // clock, made the small tables' raw loads look faster than they are).
    exec("SELECT count(*) FROM sqlite_schema");
}

RawSink::~RawSink() {
    for (auto* s : all_) sqlite3_finalize(s);
    sqlite3_close(db_);
}

sqlite3_stmt* RawSink::prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK)
        throw std::runtime_error(std::string("prepare: ") + sqlite3_errmsg(db_) + " in " + sql);
    all_.push_back(s);
    return s;
}

void RawSink::exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "?";
        sqlite3_free(err);
        throw std::runtime_error(std::string(sql) + ": " + msg);
    }
}

void RawSink::step(sqlite3_stmt* s) {
    if (sqlite3_step(s) != SQLITE_DONE)
        throw std::runtime_error(std::string("insert: ") + sqlite3_errmsg(db_) + " in " + sqlite3_sql(s));
    sqlite3_reset(s);
}

std::string RawSink::how(const std::string&) const { return "raw sqlite3 prepared INSERTs, one transaction per batch"; }

std::vector<Id> RawSink::employers(const std::vector<NewEmployer>& rows) {
    if (!employer_) {
        employer_ = prepare(
            "INSERT INTO employer (uuid, created_at, updated_at, office_id, rut, legal_name, trade_name, sector, size, "
            "address, commune_code, latitude, longitude, visiting_hours, status, notes, owner_id, segment) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        owner_ = prepare(
            "INSERT INTO employer_owner (uuid, created_at, updated_at, employer_id, staff_id, from_date, reason) "
            "VALUES (?,?,?,?,?,?,'first owner')");
        member_ = prepare(
            "INSERT INTO cluster_member (uuid, created_at, updated_at, cluster_id, employer_id, joined) VALUES "
            "(?,?,?,?,?,?)");
    }
    std::vector<Id> ids;
    ids.reserve(rows.size());
    exec("BEGIN");
    for (const auto& e : rows) {
        sqlite3_stmt* s = employer_;
        put_meta(s, now_us_);
        integer(s, 4, e.office_id);
        text(s, 5, Rut(e.rut).compact());
        text(s, 6, e.legal_name);
        text(s, 7, e.trade_name);
        text(s, 8, e.sector);
        text(s, 9, to_string(e.size));
        text(s, 10, e.address);
        text(s, 11, e.commune);
        opt_real(s, 12, e.latitude);
        opt_real(s, 13, e.longitude);
        text(s, 14, to_string(e.visiting_hours));
        text(s, 15, to_string(e.status));
        text(s, 16, e.notes);
        integer(s, 17, e.owner_id);
        text(s, 18, e.segment);
        step(s);
        const Id id = sqlite3_last_insert_rowid(db_);
        ids.push_back(id);
        office_of_employer_[id] = e.office_id;
        owner_of_employer_[id] = e.owner_id;
        put_meta(owner_, now_us_);
        integer(owner_, 4, id);
        integer(owner_, 5, e.owner_id);
        text(owner_, 6, e.since->iso());
        step(owner_);
        if (e.cluster_id) {
            put_meta(member_, now_us_);
            integer(member_, 4, *e.cluster_id);
            integer(member_, 5, id);
            text(member_, 6, e.joined->iso());
            step(member_);
        }
    }
    exec("COMMIT");
    return ids;
}

std::vector<Id> RawSink::seekers(const std::vector<NewJobSeeker>& rows) {
    if (!seeker_) {
        seeker_ = prepare(
            "INSERT INTO job_seeker (uuid, created_at, updated_at, office_id, commune, education, skills, licences, "
            "shifts, "
            "available_from, registered_on, consent_on, consent_scope) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
        personal_ = prepare(
            "INSERT INTO seeker_personal (seeker_id, office_id, rut, name, phone, email, address, birth_date) "
            "VALUES (?,?,?,?,?,?,?,?)");
        experience_ = prepare("INSERT INTO seeker_experience (seeker_id, occupation, months) VALUES (?,?,?)");
    }
    std::vector<Id> ids;
    ids.reserve(rows.size());
    exec("BEGIN");
    for (const auto& p : rows) {
        sqlite3_stmt* s = seeker_;
        put_meta(s, now_us_);
        integer(s, 4, p.office_id);
        text(s, 5, p.commune);
        text(s, 6, to_string(p.education));
        text(s, 7, join(p.skills));
        text(s, 8, join(p.licences));
        std::string shifts;
        for (Shift x : p.shifts) {
            if (!shifts.empty()) shifts += ',';
            shifts += to_string(x);
        }
        text(s, 9, shifts);
        opt_date(s, 10, p.available_from);
        text(s, 11, p.registered_on->iso());
        text(s, 12, p.consent_on->iso());
        text(s, 13, join(p.consent_scope));
        step(s);
        const Id id = sqlite3_last_insert_rowid(db_);
        ids.push_back(id);
        integer(personal_, 1, id);
        integer(personal_, 2, p.office_id);
        text(personal_, 3, Rut(p.rut).str());
        text(personal_, 4, p.name);
        text(personal_, 5, p.phone);
        text(personal_, 6, p.email);
        text(personal_, 7, p.address);
        opt_date(personal_, 8, p.birth_date);
        step(personal_);
        for (const auto& x : p.experience) {
            integer(experience_, 1, id);
            text(experience_, 2, x.occupation);
            integer(experience_, 3, x.months);
            step(experience_);
        }
    }
    exec("COMMIT");
    return ids;
}

std::vector<Id> RawSink::interactions(const std::vector<NewInteraction>& rows) {
    if (!interaction_) {
        interaction_ = prepare(
            "INSERT INTO interaction (uuid, created_at, updated_at, office_id, kind, on_date, at_minute, staff_id, "
            "employer_id, direction, summary, outcome, next_step) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
        commitment_ = prepare(
            "INSERT INTO commitment (uuid, created_at, updated_at, office_id, employer_id, interaction_id, owner_id, "
            "description, due) VALUES (?,?,?,?,?,?,?,?,?)");
        follow_up_ = prepare(
            "INSERT INTO follow_up (uuid, created_at, updated_at, office_id, employer_id, interaction_id, owner_id, "
            "description, due) VALUES (?,?,?,?,?,?,?,?,?)");
    }
    std::vector<Id> ids;
    ids.reserve(rows.size());
    exec("BEGIN");
    for (const auto& in : rows) {
        const Id office = office_of_employer_.at(in.employer_id);
        sqlite3_stmt* s = interaction_;
        put_meta(s, now_us_);
        integer(s, 4, office);
        text(s, 5, to_string(in.kind));
        text(s, 6, in.on.iso());
        if (in.at_minute) integer(s, 7, *in.at_minute);
        else sqlite3_bind_null(s, 7);
        integer(s, 8, in.staff_id);
        integer(s, 9, in.employer_id);
        text(s, 10, to_string(in.direction));
        text(s, 11, in.summary);
        text(s, 12, in.outcome);
        text(s, 13, in.next_step);
        step(s);
        const Id id = sqlite3_last_insert_rowid(db_);
        ids.push_back(id);
        auto task = [&](sqlite3_stmt* t, Id owner, const std::string& description, Date due) {
            put_meta(t, now_us_);
            integer(t, 4, office);
            integer(t, 5, in.employer_id);
            integer(t, 6, id);
            integer(t, 7, owner ? owner : in.staff_id);
            text(t, 8, description);
            text(t, 9, due.iso());
            step(t);
        };
        for (const auto& c : in.commitments) task(commitment_, c.owner_id, c.description, c.due);
        for (const auto& f : in.follow_ups) task(follow_up_, f.owner_id, f.description, f.due);
    }
    exec("COMMIT");
    return ids;
}

std::vector<Id> RawSink::requests(const std::vector<NewServiceRequest>& rows) {
    if (!request_) {
        request_ = prepare(
            "INSERT INTO service_request (uuid, created_at, updated_at, office_id, employer_id, interaction_id, "
            "category, "
            "description, address, latitude, longitude, area, attributes, requester_name, requester_email, "
            "requester_phone, status, department_id, routing_rule_id, received_on, due_on, deadline_days) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        event_ = prepare(
            "INSERT INTO request_event (uuid, created_at, updated_at, request_id, kind, on_date, staff_id, "
            "from_status, "
            "to_status, department_id, routing_rule_id, note, visible_to_employer) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,0)");
        // A routed request's check-in with its department, as Requests::open_many schedules it.
        checkin_ = prepare(
            "INSERT INTO request_checkin (uuid, created_at, updated_at, office_id, request_id, department_id, "
            "staff_id, due_on, origin) VALUES (?,?,?,?,?,?,?,?,'scheduled')");
    }
    std::vector<Id> ids;
    ids.reserve(rows.size());
    exec("BEGIN");
    for (const auto& in : rows) {
        const Id office = in.employer_id ? office_of_employer_.at(*in.employer_id) : in.office_id;
        const OfficeRouting& routing = routing_.at(office);
        const int deadline = routing.deadline_days.at(in.category);
        const RoutingDecision decision = route({in.category, in.area, in.description}, routing.rules);
        const Date received = *in.received_on;
        const Date due = add_business_days(routing.holidays, received, deadline);
        sqlite3_stmt* s = request_;
        put_meta(s, now_us_);
        integer(s, 4, office);
        opt_id(s, 5, in.employer_id);
        opt_id(s, 6, in.interaction_id);
        text(s, 7, in.category);
        text(s, 8, in.description);
        text(s, 9, in.address);
        opt_real(s, 10, in.latitude);
        opt_real(s, 11, in.longitude);
        text(s, 12, in.area);
        text(s, 13, in.attributes);
        text(s, 14, in.requester_name);
        text(s, 15, in.requester_email);
        text(s, 16, in.requester_phone);
        text(s, 17, decision.department_id ? std::string_view("routed") : std::string_view("received"));
        opt_id(s, 18, decision.department_id);
        opt_id(s, 19, decision.rule_id);
        text(s, 20, received.iso());
        text(s, 21, due.iso());
        integer(s, 22, deadline);
        step(s);
        const Id id = sqlite3_last_insert_rowid(db_);
        ids.push_back(id);
        std::optional<Id> staff;
        if (in.staff_id) staff = in.staff_id;
        put_meta(event_, now_us_);
        integer(event_, 4, id);
        text(event_, 5, std::string_view("transition"));
        text(event_, 6, received.iso());
        opt_id(event_, 7, staff);
        sqlite3_bind_null(event_, 8);
        text(event_, 9, std::string_view("received"));
        sqlite3_bind_null(event_, 10);
        sqlite3_bind_null(event_, 11);
        text(event_, 12, std::string_view("received"));
        step(event_);
        put_meta(event_, now_us_);
        integer(event_, 4, id);
        text(event_, 5, decision.department_id ? std::string_view("transition") : std::string_view("note"));
        text(event_, 6, received.iso());
        opt_id(event_, 7, staff);
        if (decision.department_id) {
            text(event_, 8, std::string_view("received"));
            text(event_, 9, std::string_view("routed"));
        } else {
            sqlite3_bind_null(event_, 8);
            sqlite3_bind_null(event_, 9);
        }
        opt_id(event_, 10, decision.department_id);
        opt_id(event_, 11, decision.rule_id);
        text(event_, 12, decision.explanation);
        step(event_);
        if (!decision.department_id) continue;
        const auto day = checkin_day(routing.holidays, received, due, routing.checkin_days_before);
        if (!day) continue;
        std::optional<Id> follower = staff;
        if (in.employer_id) {
            const Id owner = owner_of_employer_.at(*in.employer_id);
            if (owner) follower = owner;
        }
        put_meta(checkin_, now_us_);
        integer(checkin_, 4, office);
        integer(checkin_, 5, id);
        integer(checkin_, 6, *decision.department_id);
        opt_id(checkin_, 7, follower);
        text(checkin_, 8, day->iso());
        step(checkin_);
    }
    exec("COMMIT");
    return ids;
}

std::vector<Id> RawSink::vacancies(const std::vector<NewVacancy>& rows) {
    if (!vacancy_) {
        vacancy_ = prepare(
            "INSERT INTO vacancy (uuid, created_at, updated_at, office_id, employer_id, title, description, "
            "occupation, "
            "positions, employment_type, shift, schedule, wage_min, wage_max, commune, address, education, "
            "experience_months, licences, skills, channel, interaction_id, captured_by, captured_on, valid_through) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    }
    std::vector<Id> ids;
    ids.reserve(rows.size());
    exec("BEGIN");
    for (const auto& v : rows) {
        sqlite3_stmt* s = vacancy_;
        put_meta(s, now_us_);
        integer(s, 4, office_of_employer_.at(v.employer_id));
        integer(s, 5, v.employer_id);
        text(s, 6, v.title);
        text(s, 7, v.description);
        text(s, 8, v.occupation);
        integer(s, 9, v.positions);
        text(s, 10, to_string(v.employment_type));
        text(s, 11, to_string(v.shift));
        text(s, 12, v.schedule);
        if (v.wage_min) integer(s, 13, *v.wage_min);
        else sqlite3_bind_null(s, 13);
        if (v.wage_max) integer(s, 14, *v.wage_max);
        else sqlite3_bind_null(s, 14);
        text(s, 15, v.commune);
        text(s, 16, v.address);
        text(s, 17, to_string(v.education));
        integer(s, 18, v.experience_months);
        text(s, 19, join(v.licences));
        text(s, 20, join(v.skills));
        text(s, 21, to_string(v.channel.value_or(CaptureChannel::Other)));
        opt_id(s, 22, v.interaction_id);
        opt_id(s, 23, v.captured_by);
        text(s, 24, v.captured_on->iso());
        text(s, 25, v.valid_through->iso());
        step(s);
        ids.push_back(sqlite3_last_insert_rowid(db_));
    }
    exec("COMMIT");
    return ids;
}

}  // namespace bench
