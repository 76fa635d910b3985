// bench_scale: the data and the C++ side of the scale benchmark (bench/scale/run.py drives it).
//
//   bench_scale generate --scale office|region|nation --seed 42 --out FILE.omilcrm [--batch 100000]
//       The query database: offices set up through the library, the bulk rows through its bulk
//       API, then the life that follows (meetings, requests' life cycle, referrals, placements).
//       Writes FILE.params (what the queries ask about). Prints JSON.
//   bench_scale load --sink lib|raw --scale S --seed N --out FILE [--batch N]
//       Only the bulk rows, timed: through the library's bulk API, or the raw SQLite loader (same
//       rows, same schema and indexes). Prints JSON with rows and seconds per table.
//   bench_scale query NAME --db FILE --impl lib|sql [--repeat 5]
//       Runs one query repeatedly; prints JSON with the times, the answer's digest and peak RSS.
//   bench_scale check --db FILE [--query NAME]     library and SQL answers must be equal
//   bench_scale explain --db FILE [--query NAME]   EXPLAIN QUERY PLAN of the SQL baselines
//   bench_scale list                               the queries, as JSON
//   bench_scale frame --db FILE --offices N --impl floor|lib [--repeat 5]
//       The interactions listing of offices 1..N: the floor (a bare sqlite3_step loop into column
//       vectors) or the library's C++ side (Interactions::table, then the Arrow export).
#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "common.hpp"
#include "frame.hpp"
#include "generate.hpp"
#include "queries.hpp"
#include "raw_sink.hpp"

using namespace bench;

namespace {

const char* kUsage =
    "usage: bench_scale COMMAND [options]\n"
    "  generate --scale office|region|nation --out FILE.omilcrm [--seed 42] [--batch 100000]\n"
    "      the query database (bulk API, then the life that follows) and FILE.params\n"
    "  load --sink lib|raw --scale S --out FILE [--seed 42] [--batch 100000]\n"
    "      only the bulk rows, timed: the library's bulk API or the raw SQLite loader\n"
    "  query NAME --db FILE --impl lib|sql [--repeat 5]   one query, repeatedly\n"
    "  check --db FILE [--query NAME]     library and SQL answers must be equal\n"
    "  explain --db FILE [--query NAME]   EXPLAIN QUERY PLAN of the SQL baselines\n"
    "  list                               the queries\n"
    "  frame --db FILE --offices N --impl floor|lib [--repeat 5]   the interactions listing's floor\n"
    "Output is JSON; bench/scale/run.py drives it (scripts/bench.sh).\n";

struct Args {
    std::string command;
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;
    std::string get(const std::string& key, const std::string& fallback = {}) const {
        auto it = options.find(key);
        if (it != options.end()) return it->second;
        if (fallback.empty()) throw std::invalid_argument("missing --" + key);
        return fallback;
    }
};

Args parse(int argc, char** argv) {
    Args a;
    if (argc < 2) throw std::invalid_argument(kUsage);
    a.command = argv[1];
    for (int i = 2; i < argc; ++i) {
        std::string s = argv[i];
        if (s.rfind("--", 0) == 0) {
            if (i + 1 >= argc) throw std::invalid_argument(s + " needs a value");
            a.options[s.substr(2)] = argv[++i];
        } else {
            a.positional.push_back(s);
        }
    }
    return a;
}

void remove_db(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal", ".params"}) std::filesystem::remove(path + suffix);
}

// Row counts of every table of the file (the load's check that both sinks wrote the same rows).
std::map<std::string, std::int64_t> table_counts(const std::string& path) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
        throw std::runtime_error("cannot open " + path);
    std::vector<std::string> names;
    {
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name", -1, &s, nullptr);
        while (sqlite3_step(s) == SQLITE_ROW)
            names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
        sqlite3_finalize(s);
    }
    std::map<std::string, std::int64_t> out;
    for (const auto& n : names) {
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db, ("SELECT count(*) FROM \"" + n + "\"").c_str(), -1, &s, nullptr);
        if (sqlite3_step(s) == SQLITE_ROW) out[n] = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
    }
    sqlite3_close(db);
    return out;
}

std::string counts_json(const std::map<std::string, std::int64_t>& counts) {
    std::string out = "{";
    bool first = true;
    for (const auto& [k, v] : counts) {
        if (!v) continue;
        out += (first ? "" : ", ") + json_string(k) + ": " + std::to_string(v);
        first = false;
    }
    return out + "}";
}

std::string load_json(const LoadStats& stats, const Sink& sink) {
    std::string out = "{";
    bool first = true;
    for (const auto& [table, t] : stats) {
        char buf[200];
        std::snprintf(buf, sizeof buf,
                      "\"rows\": %lld, \"seconds\": %.6f, \"cpu_seconds\": %.6f, \"batches\": %d, \"how\": ",
                      static_cast<long long>(t.rows), t.seconds, t.cpu_seconds, t.batches);
        out += (first ? "" : ", ") + json_string(table) + ": {" + buf + json_string(sink.how(table)) + "}";
        first = false;
    }
    return out + "}";
}

int generate(const Args& a) {
    const Scale scale = scale_named(a.get("scale"));
    const auto seed = static_cast<std::uint64_t>(std::stoull(a.get("seed", "42")));
    const auto batch = static_cast<std::size_t>(std::stoull(a.get("batch", "100000")));
    const std::string path = a.get("out");
    remove_db(path);
    const auto t0 = Steady::now();
    LoadStats stats;
    double bulk_s = 0, life_s = 0;
    Params params;
    {
        auto db = Database::open(path, {.clock = run_clock(), .mode = OpenMode::Create});
        World w = setup_offices(db, scale, seed);
        LibrarySink sink(db, /*bound_wal=*/true);
        auto t1 = Steady::now();
        bulk_load(w, sink, batch, stats);
        bulk_s = seconds_since(t1);
        t1 = Steady::now();
        params = play_lifecycle(db, w);
        life_s = seconds_since(t1);
        std::cout << "{\"load\": " << load_json(stats, sink) << ",\n";
        db.close();
    }
    // Everything in the main file (no WAL left behind). No ANALYZE: the library does not run it either.
    {
        sqlite3* raw = nullptr;
        sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
        sqlite3_exec(raw, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
        sqlite3_close(raw);
    }
    write_params(path, params);
    const auto counts = table_counts(path);
    std::cout << " \"bulk_seconds\": " << bulk_s << ", \"lifecycle_seconds\": " << life_s
              << ", \"total_seconds\": " << seconds_since(t0)
              << ", \"file_bytes\": " << std::filesystem::file_size(path) << ", \"peak_rss_kb\": " << peak_rss_kb()
              << ",\n \"tables\": " << counts_json(counts) << "}\n";
    return 0;
}

// Size of the write-ahead log now (0 when there is none).
std::uintmax_t wal_bytes(const std::string& path) {
    std::error_code ec;
    const auto n = std::filesystem::file_size(path + "-wal", ec);
    return ec ? 0 : n;
}

int load(const Args& a) {
    const Scale scale = scale_named(a.get("scale"));
    const auto seed = static_cast<std::uint64_t>(std::stoull(a.get("seed", "42")));
    const auto batch = static_cast<std::size_t>(std::stoull(a.get("batch", "100000")));
    const std::string path = a.get("out"), kind = a.get("sink");
    remove_db(path);
    LoadStats stats;
    std::string how;
    // Closing is timed too: it checkpoints what the write-ahead log still holds into the file.
    double close_s = 0, close_cpu = 0;
    std::uintmax_t wal_before_close = 0;
    {
        auto db = Database::open(path, {.clock = run_clock(), .mode = OpenMode::Create});
        World w = setup_offices(db, scale, seed);
        // History loaded in bulk is not news to the departments: no routing e-mail is queued for
        // it (the raw loader writes none either); the check-ins are scheduled by both.
        for (const auto& o : w.offices) db.outbox().set_enabled(o.id, Notification::RequestRouted, false);
        if (kind == "lib") {
            LibrarySink sink(db);
            bulk_load(w, sink, batch, stats);
            how = load_json(stats, sink);
            wal_before_close = wal_bytes(path);
            const auto t0 = Steady::now();
            const double c0 = cpu_seconds();
            db.close();
            close_s = seconds_since(t0);
            close_cpu = cpu_seconds() - c0;
        } else if (kind == "raw") {
            auto routing = read_routing(db, w);
            db.close();  // the schema and indexes are the library's; from here on, raw SQLite only
            auto sink = std::make_unique<RawSink>(path, std::move(routing));
            bulk_load(w, *sink, batch, stats);
            how = load_json(stats, *sink);
            wal_before_close = wal_bytes(path);
            const auto t0 = Steady::now();
            const double c0 = cpu_seconds();
            sink.reset();
            close_s = seconds_since(t0);
            close_cpu = cpu_seconds() - c0;
        } else {
            throw std::invalid_argument("--sink must be lib or raw");
        }
    }
    const long rss = peak_rss_kb();
    std::cout << "{\"sink\": " << json_string(kind) << ", \"load\": " << how << ", \"close_seconds\": " << close_s
              << ", \"close_cpu_seconds\": " << close_cpu << ", \"wal_bytes_before_close\": " << wal_before_close
              << ", \"peak_rss_kb\": " << rss << ", \"tables\": " << counts_json(table_counts(path)) << "}\n";
    return 0;
}

int run_query(const Args& a) {
    if (a.positional.empty()) throw std::invalid_argument("query NAME");
    const Query& q = query_named(a.positional[0]);
    const std::string impl = a.get("impl");
    const int repeat = std::stoi(a.get("repeat", "5"));
    Context ctx(a.get("db"));
    if (impl == "lib") ctx.db();
    else if (impl == "sql") ctx.sql();
    else throw std::invalid_argument("--impl must be lib or sql");
    const auto& fn = impl == "lib" ? q.lib : q.sql;
    std::vector<double> times, cpu;
    Answer answer;
    for (int i = 0; i < repeat; ++i) {
        answer = {};  // the previous answer is not kept while the next one is computed
        const auto t0 = Steady::now();
        const double c0 = cpu_seconds();
        answer = fn(ctx);
        cpu.push_back(cpu_seconds() - c0);
        times.push_back(seconds_since(t0));
    }
    auto list = [](const std::vector<double>& v) {
        std::string out;
        for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + fmt_real(v[i], 9);
        return out;
    };
    std::cout << "{\"query\": " << json_string(q.name) << ", \"impl\": " << json_string(impl) << ", \"times\": ["
              << list(times) << "], \"cpu_times\": [" << list(cpu) << "], \"rows\": " << answer.lines.size()
              << ", \"digest\": " << json_string(digest(answer.lines))
              << ", \"candidates\": " << answer.candidates.size()
              << ", \"candidates_digest\": " << json_string(digest(answer.candidates))
              << ", \"peak_rss_kb\": " << peak_rss_kb() << "}\n";
    return 0;
}

int check(const Args& a) {
    const std::string only = a.options.count("query") ? a.options.at("query") : "";
    Context ctx(a.get("db"));
    int failures = 0;
    for (const auto& q : queries()) {
        if (!only.empty() && q.name != only) continue;
        const Answer lib = q.lib(ctx), sql = q.sql(ctx);
        const bool same = lib.lines == sql.lines;
        std::printf("%-12s %s (%zu rows)\n", q.name.c_str(), same ? "equal" : "DIFFERENT", lib.lines.size());
        if (!same) {
            ++failures;
            const std::size_t n = std::max(lib.lines.size(), sql.lines.size());
            int shown = 0;
            for (std::size_t i = 0; i < n && shown < 5; ++i) {
                const std::string x = i < lib.lines.size() ? lib.lines[i] : "(none)";
                const std::string y = i < sql.lines.size() ? sql.lines[i] : "(none)";
                if (x != y) {
                    std::printf("  row %zu\n    lib: %s\n    sql: %s\n", i, x.c_str(), y.c_str());
                    ++shown;
                }
            }
            std::printf("  (%zu library rows, %zu SQL rows)\n", lib.lines.size(), sql.lines.size());
        }
    }
    return failures ? 1 : 0;
}

int explain(const Args& a) {
    const std::string only = a.options.count("query") ? a.options.at("query") : "";
    Context ctx(a.get("db"));
    for (const auto& q : queries()) {
        if (!only.empty() && q.name != only) continue;
        if (q.name == "deadline") {
            ctx.exec(
                "CREATE TEMP TABLE IF NOT EXISTS bday(d TEXT PRIMARY KEY, n INTEGER NOT NULL, n_prev INTEGER NOT NULL) "
                "WITHOUT ROWID");
        }
        for (const auto& sql : q.statements(ctx)) {
            std::printf("== %s\n", q.name.c_str());
            Stmt s(ctx.sql(), "EXPLAIN QUERY PLAN " + sql);
            while (s.step())
                std::printf("  %3lld %3lld  %s\n", static_cast<long long>(s.i64(0)), static_cast<long long>(s.i64(1)),
                            s.text(3).c_str());
        }
    }
    return 0;
}

int run_frame(const Args& a) {
    const std::string path = a.get("db"), impl = a.get("impl");
    const int offices = std::stoi(a.get("offices")), repeat = std::stoi(a.get("repeat", "5"));
    if (impl != "floor" && impl != "lib") throw std::invalid_argument("--impl must be floor or lib");
    std::unique_ptr<Database> db;
    std::unique_ptr<FloorDb> raw;
    if (impl == "lib") db = std::make_unique<Database>(Database::open(path, {.clock = run_clock()}));
    else raw = std::make_unique<FloorDb>(path);
    std::vector<double> times, cpu;
    FrameRun run;
    for (int i = 0; i < repeat; ++i) {
        run = {};
        const auto t0 = Steady::now();
        const double c0 = cpu_seconds();
        run = impl == "floor" ? frame_floor(*raw, offices) : frame_library(*db, offices);
        cpu.push_back(cpu_seconds() - c0);
        times.push_back(seconds_since(t0));
    }
    auto list = [](const std::vector<double>& v) {
        std::string out;
        for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + fmt_real(v[i], 9);
        return out;
    };
    std::cout << "{\"impl\": " << json_string(impl) << ", \"times\": [" << list(times) << "], \"cpu_times\": ["
              << list(cpu) << "], \"rows\": " << run.rows << ", \"sum_digest\": " << json_string(run.sum)
              << ", \"offices\": " << offices << ", \"peak_rss_kb\": " << peak_rss_kb() << "}\n";
    return 0;
}

int list() {
    std::cout << "{\"sqlite\": " << json_string(sqlite3_libversion()) << ", \"queries\": [";
    bool first = true;
    for (const auto& q : queries()) {
        std::cout << (first ? "" : ", ") << "{\"name\": " << json_string(q.name)
                  << ", \"title\": " << json_string(q.title) << "}";
        first = false;
    }
    std::cout << "]}\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        if (argc >= 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "help")) {
            std::fputs(kUsage, stdout);
            return 0;
        }
        const Args a = parse(argc, argv);
        if (a.command == "generate") return generate(a);
        if (a.command == "frame") return run_frame(a);
        if (a.command == "load") return load(a);
        if (a.command == "query") return run_query(a);
        if (a.command == "check") return check(a);
        if (a.command == "explain") return explain(a);
        if (a.command == "list") return list();
        throw std::invalid_argument("unknown command \"" + a.command + "\"");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_scale: %s\n", e.what());
        return 2;
    }
}
