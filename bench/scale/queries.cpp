// The measured queries: the library's call and the hand-written SQL on raw SQLite, with the
// answers in one canonical form (see queries.hpp).
#include "queries.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <unordered_set>

namespace bench {

using namespace omilcrm;

// ---- Stmt and Context ----------------------------------------------------------------------

Stmt::Stmt(sqlite3* db, const std::string& sql) : db_(db), sql_(sql) {
    if (sqlite3_prepare_v3(db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &s_, nullptr) != SQLITE_OK)
        throw std::runtime_error(std::string("prepare: ") + sqlite3_errmsg(db) + "\n" + sql);
}
Stmt::~Stmt() { sqlite3_finalize(s_); }
Stmt& Stmt::reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
    return *this;
}
Stmt& Stmt::bind(int i, std::int64_t v) {
    sqlite3_bind_int64(s_, i, v);
    return *this;
}
Stmt& Stmt::bind(int i, double v) {
    sqlite3_bind_double(s_, i, v);
    return *this;
}
Stmt& Stmt::bind(int i, const std::string& v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
}
Stmt& Stmt::bind_null(int i) {
    sqlite3_bind_null(s_, i);
    return *this;
}
bool Stmt::step() {
    const int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw std::runtime_error(std::string("step: ") + sqlite3_errmsg(db_) + "\n" + sql_);
}
bool Stmt::null(int i) const { return sqlite3_column_type(s_, i) == SQLITE_NULL; }
std::int64_t Stmt::i64(int i) const { return sqlite3_column_int64(s_, i); }
double Stmt::real(int i) const { return sqlite3_column_double(s_, i); }
std::string Stmt::text(int i) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, i));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, i))) : std::string();
}

Context::Context(const std::string& db_path) : path(db_path), params(read_params(db_path)) {}
Context::~Context() {
    cache.clear();
    if (raw) sqlite3_close(raw);
}
Database& Context::db() {
    if (!lib) lib.emplace(Database::open(path, {.clock = run_clock()}));
    return *lib;
}
sqlite3* Context::sql() {
    if (!raw) {
        if (sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
            throw std::runtime_error("cannot open " + path);
        // Static data a hand-written program would keep in a table: Chile's national holidays.
        exec("CREATE TEMP TABLE holiday(d TEXT PRIMARY KEY) WITHOUT ROWID");
        const HolidayCalendar cal = HolidayCalendar::chile();
        Stmt ins(raw, "INSERT INTO temp.holiday VALUES (?)");
        for (const auto& h : cal.between(cal.first_year(), cal.last_year_end())) {
            ins.reset().bind(1, h.date.iso());
            ins.step();
        }
    }
    return raw;
}
Stmt& Context::stmt(const std::string& sql_text) {
    auto it = cache.find(sql_text);
    if (it == cache.end()) it = cache.emplace(sql_text, std::make_unique<Stmt>(sql(), sql_text)).first;
    return it->second->reset();
}
void Context::exec(const std::string& sql_text) {
    char* err = nullptr;
    if (sqlite3_exec(sql(), sql_text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "?";
        sqlite3_free(err);
        throw std::runtime_error(msg + "\n" + sql_text);
    }
}

namespace {

std::string join(std::initializer_list<std::string> fields) {
    std::string out;
    bool first = true;
    for (const auto& f : fields) {
        if (!first) out += '|';
        out += f;
        first = false;
    }
    return out;
}

std::string s_of(std::int64_t v) { return std::to_string(v); }

Date day_param(const Context& c, const std::string& key) { return Date::parse(param(c.params, key)); }
Id office_param(const Context& c) { return param_int(c.params, "office_id"); }

// Reads a library Table column by column.
struct Cols {
    const Table& t;
    const Column& c(const char* name) const { return t.column(name); }
    std::string date(const char* name, std::size_t i) const {
        const Column& x = c(name);
        return x.valid[i] ? iso_of_days(x.ints[i]) : std::string();
    }
    std::string integer(const char* name, std::size_t i) const {
        const Column& x = c(name);
        return x.valid[i] ? s_of(x.ints[i]) : std::string();
    }
    std::string text(const char* name, std::size_t i) const {
        const Column& x = c(name);
        return x.valid[i] ? std::string(x.texts[i]) : std::string();
    }
    std::string real(const char* name, std::size_t i, int decimals) const {
        const Column& x = c(name);
        return x.valid[i] ? fmt_real(x.reals[i], decimals) : std::string();
    }
};

// ---- Due list ------------------------------------------------------------------------------
// Line: [office_id|] employer_id|owner_id|owner|employer|last_contact|due|days_overdue|interval_days|scope|policy

void due_lines_lib(const Table& t, Id office, bool with_office, std::vector<std::string>& out) {
    const Cols c{t};
    for (std::size_t i = 0; i < t.rows(); ++i) {
        std::string line =
            join({c.integer("employer_id", i), c.integer("owner_id", i), c.text("owner", i), c.text("employer", i),
                  c.date("last_contact", i), c.date("due", i), c.integer("days_overdue", i),
                  c.integer("interval_days", i), c.text("policy_scope", i), c.text("policy", i)});
        out.push_back(with_office ? s_of(office) + "|" + line : line);
    }
}

Answer due_office_lib(Context& c) {
    Answer a;
    const Id office = office_param(c);
    due_lines_lib(c.db().cadence().due_table(office, day_param(c, "today")), office, false, a.lines);
    return a;
}

Answer due_all_lib(Context& c) {
    Answer a;
    const Date day = day_param(c, "today");
    for (const auto& o : c.db().offices().list())
        due_lines_lib(c.db().cadence().due_table(o.meta.id, day), o.meta.id, true, a.lines);
    return a;
}

// The due list in SQL: the most specific policy per employer (window function), its last
// qualifying contact by walking its own interactions backwards (interaction_employer), the due
// date and the order of the library. `office` = false: every office at once.
// ?1 office, ?2 day, ?3 within_days. Columns: office_id, employer_id, owner_id, owner, employer,
// last_contact, due, days_overdue, interval_days, scope, policy, latitude, longitude,
// visiting_hours, trade_name.
std::string due_sql(bool office) {
    const std::string f = office ? "office_id = ?1 AND " : "";
    const std::string fe = office ? "e.office_id = ?1 AND " : "";
    return "WITH pol AS ("
           " SELECT id, office_id, scope, cluster_id, employer_id, segment, interval_days, kinds, name,"
           "  CASE scope WHEN 'employer' THEN 3 WHEN 'segment' THEN 2 WHEN 'cluster' THEN 1 ELSE 0 END AS rnk"
           " FROM cadence_policy WHERE " +
           f +
           "track = 'contact' AND retired_at IS NULL),"
           "emp AS MATERIALIZED ("
           " SELECT e.id, e.office_id, e.owner_id, e.segment, e.legal_name, e.trade_name, e.latitude, e.longitude,"
           "  e.visiting_hours, (SELECT min(o.from_date) FROM employer_owner o WHERE o.employer_id = e.id) AS added"
           " FROM employer e WHERE " +
           fe +
           "e.status <> 'inactive'),"
           "cand AS ("
           " SELECT emp.*, emp.id AS employer_id, pol.id AS policy_id, pol.scope, pol.interval_days, pol.kinds,"
           "  pol.name AS policy_name,"
           "  row_number() OVER (PARTITION BY emp.id ORDER BY pol.rnk DESC,"
           "   CASE WHEN pol.rnk = 1 THEN pol.interval_days ELSE 0 END,"
           "   CASE WHEN pol.rnk = 1 THEN pol.id ELSE -pol.id END) AS pick"
           " FROM emp JOIN pol ON pol.office_id = emp.office_id AND ("
           "  pol.scope = 'office'"
           "  OR (pol.scope = 'employer' AND pol.employer_id = emp.id)"
           "  OR (pol.scope = 'segment' AND pol.segment <> '' AND pol.segment = emp.segment)"
           "  OR (pol.scope = 'cluster' AND EXISTS (SELECT 1 FROM cluster_member m WHERE m.employer_id = emp.id"
           "      AND +m.cluster_id = pol.cluster_id AND +m.joined <= ?2 AND (m.left_on IS NULL OR ?2 < m.left_on))))"
           " WHERE emp.added <= ?2),"
           "best AS MATERIALIZED (SELECT * FROM cand WHERE pick = 1),"
           // The last qualifying contact of each employer: one backward walk of interaction_employer
           // (employer_id, on_date) per employer, stopping at the first contact of a kind its policy
           // counts, and the same over its cluster-meeting attendance.
           // Materialised: flattened into the outer query, its two correlated walks were evaluated
           // for every reference to last_contact (five: due_on three times over, the output, the order).
           "due AS MATERIALIZED ("
           " SELECT b.*, nullif(max("
           "  coalesce((SELECT max(i.on_date) FROM interaction i WHERE i.employer_id = b.employer_id"
           "   AND i.on_date <= ?2 AND i.deleted_at IS NULL"
           "   AND (b.kinds = '' OR instr(',' || b.kinds || ',', ',' || i.kind || ',') > 0)), ''),"
           "  coalesce((SELECT max(i.on_date) FROM interaction_attendance a JOIN interaction i ON i.id = "
           "a.interaction_id"
           "   WHERE a.employer_id = b.employer_id AND a.attended = 1 AND i.on_date <= ?2 AND i.deleted_at IS NULL"
           "   AND (b.kinds = '' OR instr(',' || b.kinds || ',', ',' || i.kind || ',') > 0)), '')), '') AS last_contact"
           " FROM best b),"
           "dated AS ("
           " SELECT d.*, coalesce(date(d.last_contact, '+' || d.interval_days || ' days'), d.added) AS due_on FROM due "
           "d)"
           "SELECT d.office_id, d.id, d.owner_id, s.name, d.legal_name, d.last_contact, d.due_on,"
           " CAST(julianday(?2) - julianday(d.due_on) AS INTEGER) AS overdue, d.interval_days, d.scope,"
           " d.policy_name, d.latitude, d.longitude, d.visiting_hours, d.trade_name "
           "FROM dated d JOIN staff s ON s.id = d.owner_id "
           "WHERE julianday(?2) - julianday(d.due_on) >= -?3 "
           "ORDER BY d.office_id, overdue DESC, d.last_contact IS NULL DESC, d.id";
}

void due_lines_sql(Stmt& q, bool with_office, std::vector<std::string>& out) {
    while (q.step()) {
        std::string line = join({s_of(q.i64(1)), s_of(q.i64(2)), q.text(3), q.text(4), q.text(5), q.text(6),
                                 s_of(q.i64(7)), s_of(q.i64(8)), q.text(9), q.text(10)});
        out.push_back(with_office ? s_of(q.i64(0)) + "|" + line : line);
    }
}

Answer due_office_sql(Context& c) {
    Answer a;
    Stmt& q = c.stmt(due_sql(true));
    q.bind(1, office_param(c)).bind(2, param(c.params, "today")).bind(3, std::int64_t{0});
    due_lines_sql(q, false, a.lines);
    return a;
}

Answer due_all_sql(Context& c) {
    Answer a;
    Stmt& q = c.stmt(due_sql(false));
    q.bind(2, param(c.params, "today")).bind(3, std::int64_t{0});
    due_lines_sql(q, true, a.lines);
    return a;
}

// ---- Visit plan of a day ---------------------------------------------------------------------
// Lines: S|employer|arrive|start|depart|travel for the stops in order, then L|employer|reason.

Answer plan_answer(const planner::Plan& p) {
    Answer a;
    for (const auto& s : p.stops) {
        a.lines.push_back(join({"S", s_of(s.employer_id), s_of(s.arrive_minute), s_of(s.start_minute),
                                s_of(s.depart_minute), s_of(s.travel_minutes)}));
        a.candidates.push_back(s_of(s.employer_id));
    }
    for (const auto& l : p.left_out) {
        a.lines.push_back(join({"L", s_of(l.employer_id), std::string(planner::to_string(l.reason))}));
        a.candidates.push_back(s_of(l.employer_id));
    }
    std::sort(a.candidates.begin(), a.candidates.end(),
              [](const std::string& x, const std::string& y) { return std::stoll(x) < std::stoll(y); });
    return a;
}

Answer plan_lib(Context& c) {
    DayPlanRequest r;
    r.staff_id = param_int(c.params, "staff_id");
    r.day = day_param(c, "today");
    return plan_answer(c.db().planner().plan_day(r));
}

// The same inputs gathered with hand-written SQL (the due list with a week ahead, the staff
// member's employers with their coordinates and hours, the office's location), then the same
// pure planner: routing is not a SQL problem, so only the data access differs.
Answer plan_sql(Context& c) {
    const Id staff = param_int(c.params, "staff_id");
    const DayPlanRequest defaults;
    planner::PlanOptions o;
    o.day = day_param(c, "today");
    Stmt& off =
        c.stmt("SELECT o.id, o.latitude, o.longitude FROM staff s JOIN office o ON o.id = s.office_id WHERE s.id = ?");
    off.bind(1, staff);
    if (!off.step()) throw std::runtime_error("no such staff member");
    const Id office = off.i64(0);
    o.start = {off.real(1), off.real(2)};
    o.start_minute = defaults.start_minute;
    o.max_working_minutes = defaults.max_working_minutes;
    o.vehicle = defaults.vehicle;
    o.vehicle_kmh = defaults.vehicle_kmh;
    o.transit_kmh = defaults.transit_kmh;
    o.detour_factor = defaults.detour_factor;
    Stmt& q = c.stmt(due_sql(true));
    q.bind(1, office).bind(2, o.day.iso()).bind(3, std::int64_t{defaults.within_days});
    std::vector<planner::Candidate> candidates;
    std::vector<planner::LeftOut> no_location;
    while (q.step()) {
        if (q.i64(2) != staff) continue;
        const Id id = q.i64(1);
        if (q.null(11) || q.null(12)) {
            no_location.push_back({id, planner::LeftOutReason::OutOfReach, "no coordinates recorded for " + q.text(4)});
            continue;
        }
        planner::Candidate k;
        k.employer_id = id;
        k.name = q.text(14).empty() ? q.text(4) : q.text(14);
        k.location = {q.real(11), q.real(12)};
        k.windows = parse_visiting_hours(q.text(13));
        k.visit_minutes = defaults.visit_minutes;
        k.priority = std::max(0.0, static_cast<double>(q.i64(7) + defaults.within_days));
        candidates.push_back(std::move(k));
    }
    planner::Plan plan = planner::plan_day(candidates, o);
    plan.left_out.insert(plan.left_out.end(), no_location.begin(), no_location.end());
    std::sort(plan.left_out.begin(), plan.left_out.end(),
              [](const auto& a, const auto& b) { return a.employer_id < b.employer_id; });
    return plan_answer(plan);
}

// ---- Deadline report of service requests ---------------------------------------------------
// Line: department_id|department|category|received|resolved|on_time|open|overdue|share|median

Answer deadline_lib(Context& c) {
    Answer a;
    const Table t =
        c.db().requests().deadline_compliance(office_param(c), day_param(c, "report_from"), day_param(c, "report_to"));
    const Cols k{t};
    for (std::size_t i = 0; i < t.rows(); ++i)
        a.lines.push_back(join({k.integer("department_id", i), k.text("department", i), k.text("category", i),
                                k.integer("received", i), k.integer("resolved", i), k.integer("resolved_on_time", i),
                                k.integer("open", i), k.integer("open_overdue", i), k.real("on_time_share", i, 9),
                                k.real("median_business_days_to_resolve", i, 1)}));
    return a;
}

// Business days from a calendar table: n = business days up to and including d, n_prev = the
// same up to the day before. Days from receipt to resolution = n(resolved) - n_prev(received) - 1
// (a request received on a non-business day counts from the next business day). Requests are
// not paused in this data set; this SQL does not handle pauses.
const char* kCalendarSql[] = {
    "DROP TABLE IF EXISTS temp.bday",
    "CREATE TEMP TABLE bday(d TEXT PRIMARY KEY, n INTEGER NOT NULL, n_prev INTEGER NOT NULL) WITHOUT ROWID",
    "INSERT INTO temp.bday "
    "WITH RECURSIVE days(d) AS (SELECT ?2 UNION ALL SELECT date(d, '+1 day') FROM days WHERE d < ?3),"
    " flags AS (SELECT d, (strftime('%w', d) NOT IN ('0', '6') AND d NOT IN (SELECT d FROM temp.holiday)"
    "  AND d NOT IN (SELECT on_date FROM office_holiday WHERE office_id = ?1)) AS bd FROM days)"
    "SELECT d, sum(bd) OVER w, sum(bd) OVER w - bd FROM flags WINDOW w AS (ORDER BY d ROWS UNBOUNDED PRECEDING)"};

const char* kDeadlineSql =
    "WITH r AS ("
    " SELECT coalesce(department_id, 0) AS dep, category, status, received_on, due_on, resolved_on"
    " FROM service_request WHERE office_id = ?1 AND received_on BETWEEN ?2 AND ?3"
    " AND status NOT IN ('duplicate', 'rejected')),"
    "d AS MATERIALIZED ("
    " SELECT r.*, CASE WHEN r.resolved_on IS NOT NULL THEN max(0, b1.n - b0.n_prev - 1) END AS days"
    " FROM r LEFT JOIN temp.bday b0 ON b0.d = r.received_on LEFT JOIN temp.bday b1 ON b1.d = r.resolved_on),"
    "agg AS ("
    " SELECT dep, category, count(*) AS received, count(resolved_on) AS resolved,"
    "  sum(resolved_on IS NOT NULL AND due_on IS NOT NULL AND resolved_on <= due_on) AS on_time,"
    "  sum(resolved_on IS NULL AND status IN ('received', 'routed', 'in_progress', 'reopened')) AS open,"
    "  sum(resolved_on IS NULL AND status IN ('received', 'routed', 'in_progress', 'reopened')"
    "      AND due_on IS NOT NULL AND due_on < ?3) AS overdue"
    " FROM d GROUP BY dep, category),"
    "ranked AS ("
    " SELECT dep, category, days, row_number() OVER (PARTITION BY dep, category ORDER BY days) AS rn,"
    "  count(*) OVER (PARTITION BY dep, category) AS cnt FROM d WHERE days IS NOT NULL),"
    "med AS (SELECT dep, category, avg(days) AS median FROM ranked"
    " WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2) GROUP BY dep, category)"
    "SELECT a.dep, coalesce(dp.name, '(triage)'), a.category, a.received, a.resolved, a.on_time, a.open,"
    " a.overdue, CASE WHEN a.resolved > 0 THEN CAST(a.on_time AS REAL) / a.resolved END, m.median "
    "FROM agg a LEFT JOIN med m ON m.dep = a.dep AND m.category = a.category"
    " LEFT JOIN department dp ON dp.id = a.dep "
    "ORDER BY a.dep, a.category";

Answer deadline_sql(Context& c) {
    Answer a;
    const Id office = office_param(c);
    const Date from = day_param(c, "report_from"), to = day_param(c, "report_to");
    // The calendar covers receipt (a day before the period) to the latest resolution (today).
    const Date last = std::max(to, today());
    c.exec(kCalendarSql[0]);
    c.exec(kCalendarSql[1]);
    Stmt& cal = c.stmt(kCalendarSql[2]);
    cal.bind(1, office).bind(2, from.add_days(-1).iso()).bind(3, last.iso());
    cal.step();
    Stmt& q = c.stmt(kDeadlineSql);
    q.bind(1, office).bind(2, from.iso()).bind(3, to.iso());
    while (q.step())
        a.lines.push_back(
            join({q.i64(0) ? s_of(q.i64(0)) : std::string(), q.text(1), q.text(2), s_of(q.i64(3)), s_of(q.i64(4)),
                  s_of(q.i64(5)), s_of(q.i64(6)), s_of(q.i64(7)), q.null(8) ? std::string() : fmt_real(q.real(8), 9),
                  q.null(9) ? std::string() : fmt_real(q.real(9), 1)}));
    return a;
}

// ---- Top-20 matching of seekers for a vacancy ------------------------------------------------
// Line: seeker_id|rank key (llround(score * 1e9)).

std::int64_t rank_key(double score) { return std::llround(score * 1e9); }

Answer matching_lib(Context& c) {
    Answer a;
    for (const auto& m : c.db().matching().seekers_for(param_int(c.params, "vacancy_id"), 20))
        a.lines.push_back(join({s_of(m.seeker_id), s_of(rank_key(m.score))}));
    return a;
}

// The whole score in one statement: the seven factors per seeker (best ISCO nearness and months
// of close experience from seeker_experience, shares of skills and licences by list lookups,
// territorial steps by CUT digits, shift and date, education level), the weighted mean summed in
// the engine's order, the top 20 by rounded score then id. Candidates as in the library: active,
// consent to intermediation, not referred to nor placed in the vacancy.
const char* kVacancySql =
    "SELECT v.office_id, v.occupation, v.commune, v.education, v.experience_months, v.skills, v.licences, v.shift,"
    " max(v.captured_on, ?2), v.positions, v.valid_through, v.cancelled_on,"
    " (SELECT count(*) FROM placement p WHERE p.vacancy_id = v.id) "
    "FROM vacancy v WHERE v.id = ?1";

const char* kMatchSql =
    "WITH s AS MATERIALIZED ("
    " SELECT js.id, js.commune, js.education, js.skills, js.licences, js.shifts, js.available_from"
    " FROM job_seeker js WHERE js.office_id = ?1 AND js.active = 1"
    "  AND instr(',' || js.consent_scope || ',', ',intermediation,') > 0"
    "  AND NOT EXISTS (SELECT 1 FROM referral r WHERE r.vacancy_id = ?2 AND r.seeker_id = js.id)"
    "  AND NOT EXISTS (SELECT 1 FROM placement p WHERE p.vacancy_id = ?2 AND p.seeker_id = js.id)),"
    "f0 AS ("
    " SELECT s.id, s.commune, s.education, s.skills, s.licences, s.shifts, s.available_from,"
    "  max(CASE WHEN e.occupation = ?3 THEN 4 WHEN substr(e.occupation, 1, 3) = substr(?3, 1, 3) THEN 3"
    "   WHEN substr(e.occupation, 1, 2) = substr(?3, 1, 2) THEN 2 WHEN substr(e.occupation, 1, 1) = substr(?3, 1, 1)"
    "   THEN 1 ELSE 0 END) AS lv,"
    "  sum(CASE WHEN substr(e.occupation, 1, 3) = substr(?3, 1, 3) THEN max(e.months, 0) ELSE 0 END) AS months"
    " FROM s LEFT JOIN seeker_experience e ON e.seeker_id = s.id GROUP BY s.id),"
    "f AS ("
    " SELECT s.id,"
    "  s.lv * 0.25 AS occ,"
    "  CASE WHEN ?6 <= 0 THEN 1.0 ELSE min(1.0, CAST(s.months AS REAL) / ?6) END AS exp,"
    "  CASE WHEN ?8 = 0 THEN 1.0 ELSE CAST((SELECT count(*) FROM json_each(?7) k"
    "   WHERE instr(',' || s.skills || ',', ',' || k.value || ',') > 0) AS REAL) / ?8 END AS sk,"
    "  CASE WHEN ?10 = 0 THEN 1.0 ELSE CAST((SELECT count(*) FROM json_each(?9) k"
    "   WHERE instr(',' || s.licences || ',', ',' || k.value || ',') > 0) AS REAL) / ?10 END AS lic,"
    "  CASE WHEN s.commune = ?4 THEN 1.0 WHEN substr(s.commune, 1, 3) = substr(?4, 1, 3) THEN 0.6"
    "   WHEN substr(s.commune, 1, 2) = substr(?4, 1, 2) THEN 0.3 ELSE 0.0 END AS dist,"
    "  (CASE WHEN ?11 = 'flexible' OR s.shifts = '' OR instr(',' || s.shifts || ',', ',flexible,') > 0"
    "    OR instr(',' || s.shifts || ',', ',' || ?11 || ',') > 0 THEN 0.5 ELSE 0.0 END"
    "   + CASE WHEN s.available_from IS NULL OR s.available_from <= ?12 THEN 0.5 ELSE 0.0 END) AS av,"
    "  CASE WHEN (CASE s.education WHEN 'none' THEN 0 WHEN 'primary' THEN 1 WHEN 'secondary' THEN 2"
    "   WHEN 'technical_secondary' THEN 3 WHEN 'technical' THEN 4 WHEN 'university' THEN 5 ELSE 6 END) >= ?5"
    "   THEN 1.0 ELSE 0.0 END AS edu"
    " FROM f0 s),"
    "sc AS (SELECT id, (((?13 * occ + ?14 * exp) + (?15 * sk + ?16 * lic)) + ((?17 * dist + ?18 * av) + ?19 * edu))"
    " / ?20 AS score FROM f)"
    "SELECT id, CAST(score * 1e9 + 0.5 AS INTEGER) AS k FROM sc ORDER BY k DESC, id LIMIT ?21";

std::string json_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ",\"" : "\"") + items[i] + "\"";
    return out + "]";
}

Answer matching_sql(Context& c) {
    Answer a;
    const Id vacancy = param_int(c.params, "vacancy_id");
    const Date day = today();
    Stmt& v = c.stmt(kVacancySql);
    v.bind(1, vacancy).bind(2, day.iso());
    if (!v.step()) throw std::runtime_error("no such vacancy");
    const VacancyStatus status =
        vacancy_status(static_cast<int>(v.i64(9)), static_cast<int>(v.i64(12)), Date::parse(v.text(10)),
                       v.null(11) ? std::nullopt : std::optional<Date>(Date::parse(v.text(11))), day);
    if (status != VacancyStatus::Open && status != VacancyStatus::PartiallyFilled)
        throw std::runtime_error("vacancy is not open");
    // The vacancy's skills and licences once each (they are stored normalised).
    auto unique = [](std::vector<std::string> list) {
        std::vector<std::string> out;
        for (auto& s : list)
            if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
        return out;
    };
    auto split = [](const std::string& text) {
        std::vector<std::string> out;
        std::size_t start = 0;
        while (start <= text.size()) {
            const auto comma = text.find(',', start);
            const auto part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            if (!part.empty()) out.push_back(part);
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
        return out;
    };
    const auto skills = unique(split(v.text(5))), licences = unique(split(v.text(6)));
    const auto level = parse_enum<EducationLevel>(v.text(3));
    const matching::Weights w;
    const double weights[] = {w.occupation, w.experience,   w.skills,   w.licences,
                              w.distance,   w.availability, w.education};
    const double sum =
        ((weights[0] + weights[1]) + (weights[2] + weights[3])) + ((weights[4] + weights[5]) + weights[6]);
    Stmt& q = c.stmt(kMatchSql);
    q.bind(1, v.i64(0))
        .bind(2, vacancy)
        .bind(3, v.text(1))
        .bind(4, v.text(2))
        .bind(5, static_cast<std::int64_t>(level))
        .bind(6, v.i64(4))
        .bind(7, json_list(skills))
        .bind(8, static_cast<std::int64_t>(skills.size()))
        .bind(9, json_list(licences))
        .bind(10, static_cast<std::int64_t>(licences.size()))
        .bind(11, v.text(7))
        .bind(12, v.text(8));
    for (int i = 0; i < 7; ++i) q.bind(13 + i, weights[i]);
    q.bind(20, sum).bind(21, std::int64_t{20});
    while (q.step()) a.lines.push_back(join({s_of(q.i64(0)), s_of(q.i64(1))}));
    return a;
}

// ---- The vacancy funnel ----------------------------------------------------------------------
// Line: month|vacancies|positions|referrals|interviews|hires|hires_from_referrals|hires_per_referral

Answer funnel_lib(Context& c) {
    Answer a;
    const Table t = c.db().reports().funnel(office_param(c), day_param(c, "funnel_from"), day_param(c, "funnel_to"));
    const Cols k{t};
    for (std::size_t i = 0; i < t.rows(); ++i)
        a.lines.push_back(join({k.date("month", i), k.integer("vacancies", i), k.integer("positions", i),
                                k.integer("referrals", i), k.integer("interviews", i), k.integer("hires", i),
                                k.integer("hires_from_referrals", i), k.real("hires_per_referral", i, 9)}));
    return a;
}

// Each month of the period is a range of the office's date indexes, which hold every column read
// (schema 21), so each count is one index range and nothing is sorted: grouping by month instead
// sorts every row of the period in a temporary B-tree first (7.5 ms against 2.7 in the sqlite3
// shell, region, office 1). The first interview is the referral's interviewed_on, kept from its
// events (computing it from the events again visits every referral the office ever made: 17 ms).
const char* kFunnelSql =
    "WITH RECURSIVE months(m) AS (SELECT date(?2, 'start of month') UNION ALL"
    " SELECT date(m, '+1 month') FROM months WHERE date(m, '+1 month') <= ?3),"
    "b AS (SELECT m, max(m, ?2) AS lo, min(date(m, '+1 month', '-1 day'), ?3) AS hi FROM months)"
    "SELECT m,"
    " (SELECT count(*) FROM vacancy WHERE office_id = ?1 AND captured_on BETWEEN lo AND hi),"
    " (SELECT total(positions) FROM vacancy WHERE office_id = ?1 AND captured_on BETWEEN lo AND hi),"
    " (SELECT count(*) FROM referral WHERE office_id = ?1 AND referred_on BETWEEN lo AND hi) AS r,"
    " (SELECT count(*) FROM referral WHERE office_id = ?1 AND interviewed_on BETWEEN lo AND hi),"
    " (SELECT count(*) FROM placement WHERE office_id = ?1 AND start_on BETWEEN lo AND hi),"
    " (SELECT count(referral_id) FROM placement WHERE office_id = ?1 AND start_on BETWEEN lo AND hi) AS h "
    "FROM b ORDER BY m";

Answer funnel_sql(Context& c) {
    Answer a;
    Stmt& q = c.stmt(kFunnelSql);
    q.bind(1, office_param(c)).bind(2, param(c.params, "funnel_from")).bind(3, param(c.params, "funnel_to"));
    while (q.step()) {
        const std::int64_t referrals = q.i64(3), referred = q.i64(6);
        a.lines.push_back(
            join({q.text(0), s_of(q.i64(1)), s_of(static_cast<std::int64_t>(q.real(2))), s_of(referrals),
                  s_of(q.i64(4)), s_of(q.i64(5)), s_of(referred),
                  referrals > 0 ? fmt_real(static_cast<double>(referred) / static_cast<double>(referrals), 9)
                                : std::string()}));
    }
    return a;
}

}  // namespace

const std::vector<Query>& queries() {
    static const std::vector<Query> all = {
        // Opens the database and answers nothing: the process's baseline memory.
        {"noop", "(baseline: open the database only)", [](Context&) { return Answer{}; },
         [](Context&) { return Answer{}; }, [](Context&) { return std::vector<std::string>{}; }},
        {"due_office", "Due list, one office", due_office_lib, due_office_sql,
         [](Context&) { return std::vector<std::string>{due_sql(true)}; }},
        {"due_all", "Due list, all offices", due_all_lib, due_all_sql,
         [](Context&) { return std::vector<std::string>{due_sql(false)}; }},
        {"plan_day", "Visit plan of a day", plan_lib, plan_sql,
         [](Context&) { return std::vector<std::string>{due_sql(true)}; }},
        {"deadline", "Deadline report of service requests", deadline_lib, deadline_sql,
         [](Context&) {
             return std::vector<std::string>{kCalendarSql[2], kDeadlineSql};
         }},
        {"matching", "Top-20 matching of seekers for a vacancy", matching_lib, matching_sql,
         [](Context&) {
             return std::vector<std::string>{kVacancySql, kMatchSql};
         }},
        {"funnel", "Vacancy funnel", funnel_lib, funnel_sql,
         [](Context&) { return std::vector<std::string>{kFunnelSql}; }},
    };
    return all;
}

const Query& query_named(const std::string& name) {
    for (const auto& q : queries())
        if (q.name == name) return q;
    throw std::invalid_argument("unknown query \"" + name + "\"");
}

}  // namespace bench
