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

inline OpenOptions fixed_options() { return {.clock = std::make_shared<FixedClock>(test_day())}; }

/// fixed_options() that create the file when it is missing (OpenMode::Create): a test's new file.
inline OpenOptions creating_options() {
    auto o = fixed_options();
    o.mode = OpenMode::Create;
    return o;
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
        office = db.offices().add({.name = "OMIL Concón",
                                   .commune = "concon",
                                   .address = "Santa Laura 567",
                                   .email = "omil@concon.cl",
                                   .phone = "(32) 212 3456"});
        head = db.staff().add(
            {.office_id = office.meta.id, .name = "Ana Rojas", .role = StaffRole::Head, .started = Date(2026, 1, 5)});
        manager = db.staff().add({.office_id = office.meta.id,
                                  .name = "Bruno Soto",
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
                ("omilcrm_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".omil");
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
        for (const char* suffix : {"", "-wal", "-shm", "-journal", ".outbox-lock"})
            std::filesystem::remove(path_.string() + suffix, ec);
        // And the backups an upgrade wrote beside it: "<name>.v11.bak", "<name>.v11.2.bak", ...
        const std::string stem = path_.filename().string() + ".v";
        for (const auto& entry : std::filesystem::directory_iterator(path_.parent_path(), ec)) {
            const std::string name = entry.path().filename().string();
            if (name.rfind(stem, 0) == 0 && name.size() > 4 && name.compare(name.size() - 4, 4, ".bak") == 0) {
                std::filesystem::remove(entry.path(), ec);
                for (const char* suffix : {"-wal", "-shm", "-journal"})
                    std::filesystem::remove(entry.path().string() + suffix, ec);
            }
        }
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
    for (auto it = columns.begin(); it != columns.end();) it = it->name == "uuid" ? columns.erase(it) : std::next(it);
    std::ostringstream out;
    t.write_csv(out);
    return out.str();
}

/// The Concón office with a psychologist, two employers (Acme in the park, Beta outside) and
/// seekers built on demand: the scene of the vacancy, seeker, referral, placement, programme,
/// matching and report tests.
struct Jobs {
    Database db = fresh_db();
    Concon c{db};
    StaffMember psychologist;
    Cluster park;
    Employer acme, beta;
    int next_rut = 11111111;

    Jobs() { setup(); }
    /// The same scene in an opened database (a file, when a test reads it back raw).
    explicit Jobs(Database opened) : db(std::move(opened)) { setup(); }

    void setup() {
        psychologist = db.staff().add({.office_id = c.office.meta.id,
                                       .name = "Carla Díaz",
                                       .role = StaffRole::LaborPsychologist,
                                       .started = Date(2026, 1, 5)});
        park = db.clusters().add(
            {.office_id = c.office.meta.id, .name = "Parque Industrial Gulmué", .kind = ClusterKind::IndustrialPark});
        NewEmployer a = c.employer("76.086.428-5", "Acme SpA");
        a.address = "Camino Concón-Quintero km 3";
        a.cluster_id = park.meta.id;
        a.joined = Date(2026, 1, 1);
        a.since = Date(2026, 1, 1);
        acme = db.employers().add(a);
        NewEmployer b = c.employer("96.511.460-2", "Beta Ltda");
        b.commune = "Viña del Mar";
        b.since = Date(2026, 1, 1);
        beta = db.employers().add(b);
    }

    Id office() const { return c.office.meta.id; }

    NewJobSeeker seeker(std::string name, std::string commune = "05103") {
        NewJobSeeker s;
        s.office_id = office();
        s.rut = Rut::from_body(static_cast<std::uint32_t>(next_rut++)).str();
        s.name = std::move(name);
        s.commune = std::move(commune);
        s.registered_on = Date(2026, 1, 10);
        s.consent_on = Date(2026, 1, 10);
        s.consent_scope = {"intermediation", "programmes"};
        return s;
    }

    NewVacancy vacancy(const Employer& e, int positions, Date captured, CaptureChannel channel) const {
        NewVacancy v;
        v.employer_id = e.meta.id;
        v.title = "Operario de bodega";
        v.occupation = "9333";
        v.positions = positions;
        v.channel = channel;
        v.captured_on = captured;
        v.captured_by = c.manager.meta.id;
        return v;
    }
};

/// A cell of a table's integer or real column.
inline std::int64_t int_at(const Table& t, std::string_view col, std::size_t row) { return t.column(col).ints.at(row); }
inline double real_at(const Table& t, std::string_view col, std::size_t row) { return t.column(col).reals.at(row); }

}  // namespace omt
