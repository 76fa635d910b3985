#pragma once
// The measured queries, each twice: the library's call, and the same answer computed by
// hand-written SQL on the raw SQLite C API. Both give their answer in one canonical form
// (common.hpp's Answer), so equality is checked, not assumed.
#include <sqlite3.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common.hpp"

namespace bench {

/// A prepared statement of the raw connection.
class Stmt {
public:
    Stmt(sqlite3* db, const std::string& sql);
    ~Stmt();
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    Stmt& reset();
    Stmt& bind(int i, std::int64_t v);
    Stmt& bind(int i, double v);
    Stmt& bind(int i, const std::string& v);
    Stmt& bind_null(int i);
    bool step();
    bool null(int i) const;
    std::int64_t i64(int i) const;
    double real(int i) const;
    std::string text(int i) const;
    const std::string& sql() const { return sql_; }

private:
    sqlite3* db_;
    sqlite3_stmt* s_ = nullptr;
    std::string sql_;
};

/// What a query runs against: the library's Database or a raw connection (one per process, so
/// that the peak memory of each is measured alone).
struct Context {
    std::string path;
    Params params;
    std::optional<omilcrm::Database> lib;
    sqlite3* raw = nullptr;
    std::map<std::string, std::unique_ptr<Stmt>> cache;

    explicit Context(const std::string& db_path);
    ~Context();
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;
    omilcrm::Database& db();
    sqlite3* sql();
    /// A statement of the raw connection, prepared once and reset.
    Stmt& stmt(const std::string& sql);
    void exec(const std::string& sql);
};

struct Query {
    std::string name;
    std::string title;  ///< for the results table
    std::function<Answer(Context&)> lib;
    std::function<Answer(Context&)> sql;
    /// The statements the SQL side runs (for `explain`).
    std::function<std::vector<std::string>(Context&)> statements;
};

const std::vector<Query>& queries();
const Query& query_named(const std::string& name);

}  // namespace bench
