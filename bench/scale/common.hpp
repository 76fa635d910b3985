#pragma once
// Shared by the parts of bench_scale: the scales, the run's parameters file, timing, peak memory,
// answer digests and a little JSON output.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "omilcrm/omilcrm.hpp"

namespace bench {

using omilcrm::Date;
using omilcrm::Id;

/// Totals of one scale. Every office gets a share of each total (office 1, the capital's, a
/// bigger one).
struct Scale {
    std::string name;
    int offices = 1;
    std::int64_t employers = 0;
    std::int64_t interactions = 0;
    std::int64_t requests = 0;
    std::int64_t vacancies = 0;
    std::int64_t seekers = 0;
};
/// "office", "region" or "nation"; throws std::invalid_argument otherwise.
Scale scale_named(const std::string& name);

/// The day every run stands on (a Monday; the shipped holiday data covers 2024-2027).
Date today();
/// Two years of history end on today().
Date history_start();
/// A clock standing on today() (noon in Santiago): every database of the run is opened with it.
std::shared_ptr<const omilcrm::Clock> run_clock();

/// key=value lines written next to the database by `generate` (office, staff member and vacancy
/// the queries use, the periods, the counts).
using Params = std::map<std::string, std::string>;
Params read_params(const std::string& db_path);
void write_params(const std::string& db_path, const Params& p);
std::string param(const Params& p, const std::string& key);
std::int64_t param_int(const Params& p, const std::string& key);

using Steady = std::chrono::steady_clock;
inline double seconds_since(Steady::time_point t0) { return std::chrono::duration<double>(Steady::now() - t0).count(); }

/// CPU time of this process so far (user + system), in seconds.
double cpu_seconds();

/// Peak resident set size of this program so far, in KiB (VmHWM of /proc/self/status).
long peak_rss_kb();

/// FNV-1a 64 of the lines joined by '\n', as 16 hex digits: the answer's fingerprint, computed
/// the same way by run.py for the pandas baselines.
std::string digest(const std::vector<std::string>& lines);

/// Minimal JSON writing for the results the orchestrator reads.
std::string json_string(const std::string& s);

/// A canonical answer: one line per row, fields joined by '|'.
struct Answer {
    std::vector<std::string> lines;
    /// For the day plan: the candidates (sorted ids), which the pandas baseline reproduces.
    std::vector<std::string> candidates;
};

std::string fmt_real(double x, int decimals);  // "%.<decimals>f"
std::string iso_of_days(std::int64_t days);

}  // namespace bench
