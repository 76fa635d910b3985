#pragma once
// The deterministic data generator. The same seed gives the same rows (only UUIDs, which the
// library draws itself, differ between runs). Offices, staff, clusters, policies and local
// holidays are set up through the library; employers, job seekers, interactions, service
// requests and vacancies are then streamed in batches to a Sink: the library's bulk API, or the
// raw SQLite loader (raw_sink.cpp) that writes the same rows. The life that follows (cluster
// meetings, requests moving through their states, referrals, interviews, placements) is played
// through the library afterwards, for the query database only.
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "common.hpp"

namespace bench {

using namespace omilcrm;

/// Deterministic randomness: std::mt19937_64's sequence is fixed by the standard and no
/// std distribution (whose algorithms vary between libraries) is used.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : g_(seed) {}
    std::uint64_t next() { return g_(); }
    std::uint32_t below(std::uint64_t n) { return static_cast<std::uint32_t>(g_() % n); }
    double unit() { return static_cast<double>(g_() >> 11) * 0x1.0p-53; }
    bool chance(double p) { return unit() < p; }
    int between(int lo, int hi) { return lo + static_cast<int>(below(static_cast<std::uint64_t>(hi - lo + 1))); }
    template <class T>
    const T& pick(const std::vector<T>& v) {
        return v[below(v.size())];
    }

private:
    std::mt19937_64 g_;
};

/// A seed for one independent stream of the run (splitmix64 of seed and stream number).
std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t stream);

struct CategoryInfo {
    std::string code;
    std::vector<std::string> attributes;
};

struct OfficeInfo {
    Id id = 0;
    std::string commune;  ///< CUT code
    std::string commune_name;
    std::string region;
    double lat = 0, lon = 0;
    double weight = 1;  ///< share of the scale's totals
    Id head = 0;
    std::vector<Id> managers;  ///< territorial managers (they own the employers)
    std::vector<Id> staff;     ///< everyone
    Id psychologist = 0;
    std::vector<Id> clusters;
    std::vector<CategoryInfo> categories;
    std::vector<std::string> province_communes;  ///< same province (includes its own)
    std::vector<std::string> region_communes;
};

struct EmployerInfo {
    Id id = 0;
    Id owner = 0;
    std::string commune;
    std::string address;
    Date since;
    EmployerStatus status = EmployerStatus::Prospect;
    SizeBand size = SizeBand::Unknown;
    bool key_account = false;
};

/// What the bulk phase produced that later steps need.
struct World {
    Scale scale;
    std::uint64_t seed = 0;
    std::vector<OfficeInfo> offices;
    std::vector<std::vector<EmployerInfo>> employers;  ///< per office
    std::vector<std::vector<Id>> consenting_seekers;   ///< per office: may be referred
    /// Per office, how many rows of each kind it gets.
    std::vector<std::int64_t> n_employers, n_seekers, n_interactions, n_requests, n_vacancies;
};

/// Where the bulk rows go. Each call is one batch, written in its own transaction.
class Sink {
public:
    virtual ~Sink() = default;
    virtual std::vector<Id> employers(const std::vector<NewEmployer>& rows) = 0;
    virtual std::vector<Id> seekers(const std::vector<NewJobSeeker>& rows) = 0;
    virtual std::vector<Id> interactions(const std::vector<NewInteraction>& rows) = 0;
    virtual std::vector<Id> requests(const std::vector<NewServiceRequest>& rows) = 0;
    virtual std::vector<Id> vacancies(const std::vector<NewVacancy>& rows) = 0;
    /// How the sink writes a table ("Employers::add_many", "raw sqlite3 prepared INSERT", ...).
    virtual std::string how(const std::string& table) const = 0;
};

struct TableLoad {
    std::int64_t rows = 0;   ///< the table's own rows (employers, seekers, ...)
    double seconds = 0;      ///< wall time spent inside the sink (row generation excluded)
    double cpu_seconds = 0;  ///< CPU time of the same
    int batches = 0;
};
using LoadStats =
    std::map<std::string, TableLoad>;  ///< by table: employers, seekers, interactions, requests, vacancies

/// Offices with their staff, clusters, cadence policies, local holidays and (from the library)
/// departments, catalogue and routing rules. Identical for every sink.
World setup_offices(Database& db, const Scale& scale, std::uint64_t seed);

/// Streams the bulk rows to the sink in batches of `batch` rows.
void bulk_load(World& w, Sink& sink, std::size_t batch, LoadStats& stats);

/// The life after the bulk load, through the library: per-employer policies, cluster meetings
/// with attendance, request transitions, referrals, interviews, placements, cancellations and
/// withdrawals. Then picks what the queries ask about and returns it as parameters.
Params play_lifecycle(Database& db, World& w);

/// The library as a sink: add_many, and log_many/open_many/capture_many when the library has
/// them (else the single-row call inside one transaction per batch).
class LibrarySink final : public Sink {
public:
    /// With `bound_wal`, the database is closed and opened again between batches once its
    /// write-ahead log passes 512 MB (the library keeps a read transaction open, so the log is
    /// not checkpointed while it stays open): for generating large files, not for measuring.
    explicit LibrarySink(Database& db, bool bound_wal = false) : db_(db), bound_wal_(bound_wal) {}
    std::vector<Id> employers(const std::vector<NewEmployer>& rows) override;
    std::vector<Id> seekers(const std::vector<NewJobSeeker>& rows) override;
    std::vector<Id> interactions(const std::vector<NewInteraction>& rows) override;
    std::vector<Id> requests(const std::vector<NewServiceRequest>& rows) override;
    std::vector<Id> vacancies(const std::vector<NewVacancy>& rows) override;
    std::string how(const std::string& table) const override;

private:
    void after_batch();
    Database& db_;
    bool bound_wal_ = false;
};

/// Closes and opens the database again, so that SQLite checkpoints its write-ahead log.
void reopen(Database& db);

}  // namespace bench
