#include "common.hpp"

#include <sys/resource.h>
#include <time.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace bench {

Scale scale_named(const std::string& name) {
    // Region: a regional directorate's offices; nation: every commune's office, ten times the
    // region in everything ("the rest in proportion").
    if (name == "office") return {"office", 1, 300, 20'000, 2'000, 3'000, 10'000};
    if (name == "region") return {"region", 54, 20'000, 1'000'000, 100'000, 200'000, 500'000};
    if (name == "nation") return {"nation", 345, 200'000, 10'000'000, 1'000'000, 2'000'000, 5'000'000};
    throw std::invalid_argument("unknown scale \"" + name + "\": expected office, region or nation");
}

Date today() { return Date(2026, 11, 23); }
Date history_start() { return today().add_days(-730); }
std::shared_ptr<const omilcrm::Clock> run_clock() { return std::make_shared<omilcrm::FixedClock>(today()); }

Params read_params(const std::string& db_path) {
    std::ifstream in(db_path + ".params");
    if (!in) throw std::runtime_error("cannot read " + db_path + ".params (run `bench_scale generate` first)");
    Params p;
    std::string line;
    while (std::getline(in, line)) {
        const auto eq = line.find('=');
        if (eq != std::string::npos) p[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return p;
}

void write_params(const std::string& db_path, const Params& p) {
    std::ofstream out(db_path + ".params");
    for (const auto& [k, v] : p) out << k << '=' << v << '\n';
}

std::string param(const Params& p, const std::string& key) {
    auto it = p.find(key);
    if (it == p.end()) throw std::runtime_error("parameter \"" + key + "\" missing from the .params file");
    return it->second;
}

std::int64_t param_int(const Params& p, const std::string& key) { return std::stoll(param(p, key)); }

double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

long peak_rss_kb() {
    // VmHWM is the high-water mark of this program's own memory. ru_maxrss would also count the
    // memory of the process this one was forked from before it exec'd (a Python parent's pandas).
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

std::string digest(const std::vector<std::string>& lines) {
    std::uint64_t h = 14695981039346656037ULL;
    auto put = [&](unsigned char c) {
        h ^= c;
        h *= 1099511628211ULL;
    };
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i) put('\n');
        for (unsigned char c : lines[i]) put(c);
    }
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

std::string fmt_real(double x, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
    return buf;
}

std::string iso_of_days(std::int64_t days) { return Date::from_days(days).iso(); }

}  // namespace bench
