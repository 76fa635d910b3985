// Single-row writes inside one transaction: N Interactions::log() and N Employers::add() calls
// in one db.transaction(), against hand-written SQLite (prepared INSERTs of the same rows on the
// C API, in one transaction), in the same run. Not a test; build it optimised:
//
//   cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DOMILCRM_BENCH=ON
//   cmake --build build-bench --target bench_single_rows
//   build-bench/bench/bench_single_rows        # optional arguments: rows per run (20000),
//                                              # runs (5), folder for the files (/tmp), and
//                                              # "library" or "raw" to run one side only (for
//                                              # a profiler: perf record --call-graph dwarf)
//
// Every run starts from a copy of the same file, made by the library: an office, its head and
// territorial manager, and 200 employers. Both sides use the file as the library leaves it: WAL,
// synchronous NORMAL. The raw side writes what the library writes for each call: an interaction
// row; an employer row and its first ownership period (employer_owner). It runs twice, with
// SQLite's defaults (foreign keys off, as a plain sqlite3 connection starts) and with foreign keys
// on (the library's setting, so each insert also checks its references). The library also checks
// every call's input (the employer, the staff member, the office) and returns the record. Printed:
// the median rows per second of each side over the runs, of wall time and of the process's CPU
// time (steadier on a shared machine), and the library's share of the raw side's speed.
#include <sqlite3.h>

#include <algorithm>
#include <ctime>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/database.hpp"
#include "omilcrm/rut.hpp"

using namespace omilcrm;

namespace {

using Steady = std::chrono::steady_clock;
constexpr int kEmployers = 200;

// Rows per second of wall time and of the process's CPU time (user and system): on a shared
// machine the second still compares the two sides when other work takes the cores.
struct Speed {
    double wall = 0, cpu = 0;
};

double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

class Timer {
public:
    Timer() : wall_(Steady::now()), cpu_(cpu_seconds()) {}
    Speed rows_per_second(int n) const {
        return {n / std::chrono::duration<double>(Steady::now() - wall_).count(), n / (cpu_seconds() - cpu_)};
    }

private:
    Steady::time_point wall_;
    double cpu_;
};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n == 0 ? 0 : n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

void copy_file(const std::string& from, const std::string& to) {
    namespace fs = std::filesystem;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(to + suffix);
    fs::copy_file(from, to);
}

void remove_file(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path + suffix);
}

struct Seed {
    Id office = 0, manager = 0;
    std::vector<Id> employers;
};

// The starting file: an office, its head and manager, kEmployers employers; left in WAL mode.
Seed make_seed(const std::string& path) {
    remove_file(path);
    OpenOptions o;
    o.mode = OpenMode::Create;
    auto db = Database::open(path, o);
    Seed s;
    s.office = db.offices().add({.name = "OMIL Concón", .commune = "concon"}).meta.id;
    db.staff().add({.office_id = s.office, .name = "Ana Rojas", .role = StaffRole::Head, .started = Date(2020, 1, 6)});
    s.manager = db.staff()
                    .add({.office_id = s.office,
                          .name = "Bruno Soto",
                          .role = StaffRole::TerritorialManager,
                          .started = Date(2020, 1, 6)})
                    .meta.id;
    std::vector<NewEmployer> rows;
    for (int i = 0; i < kEmployers; ++i)
        rows.push_back({.office_id = s.office,
                        .rut = Rut::from_body(76'000'000 + static_cast<std::uint32_t>(i)).str(),
                        .legal_name = "Empresa " + std::to_string(i)});
    s.employers = db.employers().add_many(rows);
    return s;
}

// The i-th interaction, the same on both sides.
NewInteraction interaction(const Seed& s, int i) {
    return {.kind = i % 3 == 0 ? InteractionKind::PhoneCall : InteractionKind::Visit,
            .on = Date(2024, 1, 1).add_days(i % 600),
            .at_minute = 540 + i % 480,
            .staff_id = s.manager,
            .employer_id = s.employers[static_cast<std::size_t>(i % kEmployers)],
            .summary = "Visita a la planta; dos vacantes de operario",
            .outcome = "Enviar perfiles"};
}

// The i-th new employer, the same on both sides.
NewEmployer employer(const Seed& s, int i) {
    return {.office_id = s.office,
            .rut = Rut::from_body(77'000'000 + static_cast<std::uint32_t>(i)).str(),
            .legal_name = "Comercial " + std::to_string(i) + " SpA",
            .sector = "Comercio",
            .address = "Av. Borgoño " + std::to_string(1000 + i)};
}

Speed library_interactions(const std::string& path, const Seed& s, int n) {
    auto db = Database::open(path);
    const Timer timer;
    {
        auto tx = db.transaction();
        for (int i = 0; i < n; ++i) db.interactions().log(interaction(s, i));
        tx.commit();
    }
    return timer.rows_per_second(n);
}

Speed library_employers(const std::string& path, const Seed& s, int n) {
    auto db = Database::open(path);
    const Timer timer;
    {
        auto tx = db.transaction();
        for (int i = 0; i < n; ++i) db.employers().add(employer(s, i));
        tx.commit();
    }
    return timer.rows_per_second(n);
}

// ---- raw SQLite --------------------------------------------------------------------------

struct Raw {
    sqlite3* db = nullptr;
    explicit Raw(const std::string& path, bool foreign_keys) {
        if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
            throw std::runtime_error("cannot open " + path);
        exec("PRAGMA journal_mode = WAL");
        exec("PRAGMA synchronous = NORMAL");
        if (foreign_keys) exec("PRAGMA foreign_keys = ON");
    }
    ~Raw() { sqlite3_close(db); }
    void exec(const char* sql) const {
        char* error = nullptr;
        if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
            const std::string why = error ? error : "?";
            sqlite3_free(error);
            throw std::runtime_error(why);
        }
    }
    sqlite3_stmt* prepare(const char* sql) const {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK) throw std::runtime_error(sqlite3_errmsg(db));
        return s;
    }
    void step(sqlite3_stmt* s) const {
        if (sqlite3_step(s) != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db));
        sqlite3_reset(s);
    }
};

void text(sqlite3_stmt* s, int i, std::string_view v) {
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}

std::int64_t now_us() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Speed raw_interactions(const std::string& path, const Seed& s, int n, bool foreign_keys) {
    Raw r(path, foreign_keys);
    const Timer timer;
    sqlite3_stmt* ins = r.prepare(
        "INSERT INTO interaction (uuid, created_at, updated_at, office_id, kind, on_date, at_minute, staff_id, "
        "employer_id, cluster_id, direction, summary, outcome, next_step) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    r.exec("BEGIN IMMEDIATE");
    for (int i = 0; i < n; ++i) {
        const NewInteraction in = interaction(s, i);
        const std::int64_t now = now_us();
        text(ins, 1, new_uuid());
        sqlite3_bind_int64(ins, 2, now);
        sqlite3_bind_int64(ins, 3, now);
        sqlite3_bind_int64(ins, 4, s.office);
        text(ins, 5, to_string(in.kind));
        text(ins, 6, in.on.iso());
        sqlite3_bind_int64(ins, 7, *in.at_minute);
        sqlite3_bind_int64(ins, 8, in.staff_id);
        sqlite3_bind_int64(ins, 9, in.employer_id);
        sqlite3_bind_null(ins, 10);
        text(ins, 11, to_string(in.direction));
        text(ins, 12, in.summary);
        text(ins, 13, in.outcome);
        text(ins, 14, in.next_step);
        r.step(ins);
    }
    r.exec("COMMIT");
    sqlite3_finalize(ins);
    return timer.rows_per_second(n);
}

Speed raw_employers(const std::string& path, const Seed& s, int n, bool foreign_keys) {
    Raw r(path, foreign_keys);
    const Timer timer;
    sqlite3_stmt* ins = r.prepare(
        "INSERT INTO employer (uuid, created_at, updated_at, office_id, rut, legal_name, trade_name, sector, size, "
        "address, commune_code, latitude, longitude, visiting_hours, status, notes, owner_id, segment) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    sqlite3_stmt* owner = r.prepare(
        "INSERT INTO employer_owner (uuid, created_at, updated_at, employer_id, staff_id, from_date, reason, actor) "
        "VALUES (?,?,?,?,?,?,?,?)");
    const std::string today = SystemClock().today().iso();
    r.exec("BEGIN IMMEDIATE");
    for (int i = 0; i < n; ++i) {
        const NewEmployer e = employer(s, i);
        const std::int64_t now = now_us();
        text(ins, 1, new_uuid());
        sqlite3_bind_int64(ins, 2, now);
        sqlite3_bind_int64(ins, 3, now);
        sqlite3_bind_int64(ins, 4, s.office);
        text(ins, 5, Rut(e.rut).compact());
        text(ins, 6, e.legal_name);
        text(ins, 7, e.trade_name);
        text(ins, 8, e.sector);
        text(ins, 9, to_string(e.size));
        text(ins, 10, e.address);
        text(ins, 11, "05103");
        sqlite3_bind_null(ins, 12);
        sqlite3_bind_null(ins, 13);
        text(ins, 14, "");
        text(ins, 15, to_string(e.status));
        text(ins, 16, e.notes);
        sqlite3_bind_int64(ins, 17, s.manager);
        text(ins, 18, e.segment);
        r.step(ins);
        const std::int64_t id = sqlite3_last_insert_rowid(r.db);
        text(owner, 1, new_uuid());
        sqlite3_bind_int64(owner, 2, now);
        sqlite3_bind_int64(owner, 3, now);
        sqlite3_bind_int64(owner, 4, id);
        sqlite3_bind_int64(owner, 5, s.manager);
        text(owner, 6, today);
        text(owner, 7, "first owner");
        sqlite3_bind_null(owner, 8);
        r.step(owner);
    }
    r.exec("COMMIT");
    sqlite3_finalize(ins);
    sqlite3_finalize(owner);
    return timer.rows_per_second(n);
}

}  // namespace

int main(int argc, char** argv) {
    const int n = argc > 1 ? std::atoi(argv[1]) : 20000;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
    const std::string dir = argc > 3 ? argv[3] : "/tmp";
    const std::string only = argc > 4 ? argv[4] : "";
    const bool library_side = only != "raw", raw_side = only != "library";
    const std::string seed_path = dir + "/bench_single_rows_seed.omilcrm";
    const std::string path = dir + "/bench_single_rows.omilcrm";
    const Seed s = make_seed(seed_path);

    std::printf("SQLite %s; %d rows per run, %d runs; median rows per second of wall time, and of CPU time\n",
                sqlite3_libversion(), n, runs);
    struct Case {
        const char* what;
        Speed (*lib)(const std::string&, const Seed&, int);
        Speed (*raw)(const std::string&, const Seed&, int, bool);
    };
    const Case cases[] = {{"Interactions::log", library_interactions, raw_interactions},
                          {"Employers::add", library_employers, raw_employers}};
    for (const auto& c : cases) {
        std::vector<Speed> lib, raw, raw_fk;
        for (int run = 0; run < runs; ++run) {
            // Alternated, each from a fresh copy of the seed.
            if (raw_side) {
                copy_file(seed_path, path);
                raw.push_back(c.raw(path, s, n, false));
            }
            if (library_side) {
                copy_file(seed_path, path);
                lib.push_back(c.lib(path, s, n));
            }
            if (raw_side) {
                copy_file(seed_path, path);
                raw_fk.push_back(c.raw(path, s, n, true));
            }
        }
        auto wall = [](const std::vector<Speed>& v) {
            std::vector<double> x;
            for (const auto& r : v) x.push_back(r.wall);
            return median(x);
        };
        auto cpu = [](const std::vector<Speed>& v) {
            std::vector<double> x;
            for (const auto& r : v) x.push_back(r.cpu);
            return median(x);
        };
        std::printf("%-18s wall: library %7.0f  raw sqlite3 %7.0f (%.2fx)  raw + foreign keys %7.0f (%.2fx)\n", c.what,
                    wall(lib), wall(raw), wall(lib) / wall(raw), wall(raw_fk), wall(lib) / wall(raw_fk));
        std::printf("%-18s CPU:  library %7.0f  raw sqlite3 %7.0f (%.2fx)  raw + foreign keys %7.0f (%.2fx)\n", "",
                    cpu(lib), cpu(raw), cpu(lib) / cpu(raw), cpu(raw_fk), cpu(lib) / cpu(raw_fk));
    }
    remove_file(path);
    remove_file(seed_path);
    return 0;
}
