#pragma once
// Shared fixtures for the Catch2 suite: a fresh in-memory database on a fixed day, a Concón
// office with staff, and temporary files that clean up after themselves.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unistd.h>

#include "omilcrm/omilcrm.hpp"

namespace omt {

using namespace omilcrm;

/// The day every test runs on: Monday 2026-11-23.
inline Date test_day() { return Date(2026, 11, 23); }

inline OpenOptions fixed_options() {
    return {.clock = std::make_shared<FixedClock>(test_day())};
}

/// A fresh private in-memory database whose today() is 2026-11-23.
inline Database fresh_db() { return Database::open(":memory:", fixed_options()); }

/// A UTC instant.
inline Timestamp utc(int y, unsigned m, unsigned d, int h = 0, int min = 0) {
    using namespace std::chrono;
    return Timestamp{sys_days{year{y} / month{m} / day{d}} + hours{h} + minutes{min}};
}

/// The Concón office with a head (Ana) and a territorial manager (Bruno), both since 2026-01-05.
struct Concon {
    Office office;
    StaffMember head;
    StaffMember manager;

    explicit Concon(Database& db) {
        office = db.offices().add({.name = "OMIL Concón", .commune = "concon",
                                   .address = "Santa Laura 567", .email = "omil@concon.cl",
                                   .phone = "(32) 212 3456"});
        head = db.staff().add({.office_id = office.meta.id, .name = "Ana Rojas",
                               .role = StaffRole::Head, .started = Date(2026, 1, 5)});
        manager = db.staff().add({.office_id = office.meta.id, .name = "Bruno Soto",
                                  .role = StaffRole::TerritorialManager,
                                  .started = Date(2026, 1, 5)});
    }

    NewEmployer employer(std::string rut, std::string legal_name) const {
        NewEmployer e;
        e.office_id = office.meta.id;
        e.rut = std::move(rut);
        e.legal_name = std::move(legal_name);
        return e;
    }
};

/// A path in the temp folder, removed (with its -wal, -shm and -journal files) at scope end.
class TempFile {
public:
    TempFile() {
        static std::atomic<int> counter{0};
        path_ = std::filesystem::temp_directory_path() /
                ("omilcrm_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) +
                 ".omil");
        remove_all();
    }
    ~TempFile() { remove_all(); }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    std::string str() const { return path_.string(); }
    const std::filesystem::path& path() const { return path_; }

    /// The file's bytes.
    std::string bytes() const {
        std::ifstream in(path_, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }

private:
    void remove_all() {
        std::error_code ec;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
            std::filesystem::remove(path_.string() + suffix, ec);
    }
    std::filesystem::path path_;
};

/// Runs `f` and returns the exception of type E it threw; fails the test when it throws none.
template <class E, class F>
E capture(F&& f) {
    try {
        f();
    } catch (const E& e) {
        return e;
    }
    FAIL("expected an exception, none was thrown");
    throw std::logic_error("unreachable");
}

/// True when `haystack` contains `needle`.
inline bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
}

/// The table as CSV without its uuid column: what two databases filled alike must agree on (each
/// record gets a fresh random UUID).
inline std::string csv_without_uuid(Table t) {
    auto& columns = t.columns();
    for (auto it = columns.begin(); it != columns.end();)
        it = it->name == "uuid" ? columns.erase(it) : std::next(it);
    std::ostringstream out;
    t.write_csv(out);
    return out.str();
}

}  // namespace omt
