// The floor of the `frame` measurement: the interactions listing of offices 1..N stepped out of
// SQLite into plain column vectors by a bare loop on SQLite's C API, no library and no Python;
// and the library's own C++ side of it (Interactions::table, then the Arrow export) to compare.
#include "frame.hpp"

#include <sqlite3.h>

#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "omilcrm/arrow.hpp"

namespace bench {

using omilcrm::Id;

namespace {

// A text column as Arrow lays it out: the bytes end to end and 64-bit offsets.
struct Text {
    std::string bytes;
    std::vector<std::int64_t> offsets{0};
    void push(std::string_view s) {
        bytes.append(s);
        offsets.push_back(static_cast<std::int64_t>(bytes.size()));
    }
    void null() { offsets.push_back(static_cast<std::int64_t>(bytes.size())); }
};

// The listing's 17 columns: id, uuid, date, time, kind, employer_id, employer, cluster_id,
// cluster, staff_id, staff, direction, attended, summary, outcome, next_step, revision.
struct Columns {
    std::vector<std::int64_t> id, date, employer_id, cluster_id, staff_id, revision;
    std::vector<std::uint8_t> attended, time_valid, cluster_valid;
    Text uuid, time, kind, employer, cluster, staff, direction, summary, outcome, next_step;
    std::size_t rows() const { return id.size(); }
};

std::string_view text(sqlite3_stmt* s, int col) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, col));
    return {p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(s, col))};
}

// Days since 1970-01-01 of "YYYY-MM-DD" (H. Hinnant's days_from_civil).
std::int64_t days_of(std::string_view d) {
    auto num = [&](std::size_t at, std::size_t n) {
        int v = 0;
        for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (d[i] - '0');
        return v;
    };
    int y = num(0, 4);
    const unsigned m = static_cast<unsigned>(num(5, 2)), day = static_cast<unsigned>(num(8, 2));
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Stmt {
    sqlite3_stmt* s = nullptr;
    Stmt(sqlite3* db, const char* sql) {
        if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK)
            throw std::runtime_error(std::string("prepare: ") + sqlite3_errmsg(db));
    }
    ~Stmt() { sqlite3_finalize(s); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
};

void names(sqlite3* db, const char* sql, Id office, std::unordered_map<Id, std::string>& into) {
    Stmt q(db, sql);
    sqlite3_bind_int64(q.s, 1, office);
    while (sqlite3_step(q.s) == SQLITE_ROW) into.emplace(sqlite3_column_int64(q.s, 0), std::string(text(q.s, 1)));
}

// One office's rows: the interactions (in the office index's order) and the cluster meetings'
// attendance (one row per member, appended, not put in order: the floor does not sort).
__attribute__((flatten)) void read_office(sqlite3* db, Id office, Columns& c) {
    std::unordered_map<Id, std::string> employer, staff, cluster;
    names(db, "SELECT id, legal_name FROM employer WHERE office_id = ?", office, employer);
    names(db, "SELECT id, name FROM staff WHERE office_id = ?", office, staff);
    names(db, "SELECT id, name FROM cluster WHERE office_id = ?", office, cluster);
    const char* sqls[] = {
        "SELECT id, uuid, on_date, at_minute, kind, employer_id, cluster_id, staff_id, direction, 1, summary, "
        "outcome, next_step, revision FROM interaction INDEXED BY interaction_office "
        "WHERE office_id = ?1 AND deleted_at IS NULL AND employer_id IS NOT NULL ORDER BY on_date, at_minute, id",
        "SELECT i.id, i.uuid, i.on_date, i.at_minute, i.kind, a.employer_id, i.cluster_id, i.staff_id, "
        "i.direction, a.attended, i.summary, i.outcome, i.next_step, i.revision FROM cluster c CROSS JOIN "
        "interaction i INDEXED BY interaction_cluster ON i.cluster_id = c.id JOIN interaction_attendance a ON "
        "a.interaction_id = i.id WHERE c.office_id = ?1 AND i.office_id = ?1 AND i.deleted_at IS NULL"};
    for (const char* sql : sqls) {
        Stmt q(db, sql);
        sqlite3_stmt* s = q.s;
        sqlite3_bind_int64(s, 1, office);
        std::string on;
        std::int64_t day = 0;
        while (sqlite3_step(s) == SQLITE_ROW) {
            c.id.push_back(sqlite3_column_int64(s, 0));
            c.uuid.push(text(s, 1));
            if (const auto d = text(s, 2); d != on) {
                day = days_of(d);
                on = d;
            }
            c.date.push_back(day);
            if (sqlite3_column_type(s, 3) == SQLITE_NULL) {
                c.time.null();
                c.time_valid.push_back(0);
            } else {
                const auto m = sqlite3_column_int64(s, 3);
                char hhmm[6] = {static_cast<char>('0' + m / 600),     static_cast<char>('0' + m / 60 % 10), ':',
                                static_cast<char>('0' + m % 60 / 10), static_cast<char>('0' + m % 10),      0};
                c.time.push({hhmm, 5});
                c.time_valid.push_back(1);
            }
            c.kind.push(text(s, 4));
            const Id e = sqlite3_column_int64(s, 5);
            c.employer_id.push_back(e);
            c.employer.push(employer[e]);
            if (sqlite3_column_type(s, 6) == SQLITE_NULL) {
                c.cluster_id.push_back(0);
                c.cluster.null();
                c.cluster_valid.push_back(0);
            } else {
                const Id cl = sqlite3_column_int64(s, 6);
                c.cluster_id.push_back(cl);
                c.cluster.push(cluster[cl]);
                c.cluster_valid.push_back(1);
            }
            const Id st = sqlite3_column_int64(s, 7);
            c.staff_id.push_back(st);
            c.staff.push(staff[st]);
            c.direction.push(text(s, 8));
            c.attended.push_back(sqlite3_column_int64(s, 9) != 0);
            c.summary.push(text(s, 10));
            c.outcome.push(text(s, 11));
            c.next_step.push(text(s, 12));
            c.revision.push_back(sqlite3_column_int64(s, 13));
        }
    }
}

// Order-insensitive checksum of (id, employer_id): the sum over rows of
// (id * 1000003 + employer_id), modulo 2^64 (baselines.py's frame_sum).
std::uint64_t sum_of(const std::int64_t* ids, const std::int64_t* employers, std::size_t n) {
    std::uint64_t h = 0;
    for (std::size_t i = 0; i < n; ++i)
        h += static_cast<std::uint64_t>(ids[i]) * 1000003u + static_cast<std::uint64_t>(employers[i]);
    return h;
}

std::string hex(std::uint64_t v) {
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

}  // namespace

FloorDb::FloorDb(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
        throw std::runtime_error("cannot open " + path);
}

FloorDb::~FloorDb() { sqlite3_close(db); }

FrameRun frame_floor(FloorDb& db, int offices) {
    Columns c;
    for (Id o = 1; o <= offices; ++o) read_office(db.db, o, c);
    return {c.rows(), hex(sum_of(c.id.data(), c.employer_id.data(), c.rows()))};
}

FrameRun frame_library(omilcrm::Database& db, int offices) {
    // The listing of every office as Arrow streams, each read to its one batch, as a consumer does.
    std::size_t rows = 0;
    std::uint64_t h = 0;
    std::vector<ArrowArray> batches;
    for (Id o = 1; o <= offices; ++o) {
        ArrowArrayStream s = omilcrm::to_arrow_stream(db.interactions().table(o));
        ArrowArray a{};
        if (s.get_next(&s, &a) != 0) throw std::runtime_error("get_next failed");
        s.release(&s);
        const auto n = static_cast<std::size_t>(a.length);
        const auto* ids = static_cast<const std::int64_t*>(a.children[0]->buffers[1]);
        const auto* emps = static_cast<const std::int64_t*>(a.children[5]->buffers[1]);
        h += sum_of(ids, emps, n);
        rows += n;
        batches.push_back(a);
    }
    for (auto& a : batches) a.release(&a);
    return {rows, hex(h)};
}

}  // namespace bench
