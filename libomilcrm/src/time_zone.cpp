// Chile's time zones from the operating system's tz database, through date/tz (USE_OS_TZDB).
#include "omilcrm/time_zone.hpp"

#include <date/tz.h>
// date/ptz.h (the POSIX TZ rules) writes `hh_mm_ss` under both `using namespace date` and
// `using namespace std::chrono`, ambiguous in C++20: name date's in its namespace first.
namespace Posix {
using date::hh_mm_ss;
}
#include <date/ptz.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "omilcrm/error.hpp"
#include "omilcrm/territory.hpp"

namespace omilcrm {

namespace chr = std::chrono;

namespace {

constexpr const char* kZoneinfo = "/usr/share/zoneinfo";
// Before any zone's first recorded period (date/tz starts them in the year -32767).
constexpr date::sys_seconds kFirstInstant = date::sys_days{date::year{-30000} / 1 / 1};

// date/tz reads /usr/share/zoneinfo the first time a zone is asked for; without it, its error
// ("discover_tz_dir failed to find zoneinfo") says nothing of what to install.
void check_database() {
    static std::once_flag checked;
    std::call_once(checked, [] {
        struct stat sb {};
        if (::stat(kZoneinfo, &sb) != 0 || !S_ISDIR(sb.st_mode))
            throw Error(std::string("no tz database: libomilcrm reads time zones from ") + kZoneinfo +
                        ", which is missing (install the operating system's tzdata package: "
                        "apt-get install tzdata, dnf install tzdata)");
    });
}

const date::time_zone* locate(std::string_view zone) {
    check_database();
    try {
        return date::locate_zone(zone);
    } catch (const std::runtime_error&) {
        return nullptr;
    }
}

/// The rule after a zone's last recorded change: the POSIX TZ string that ends its TZif file
/// ("<-04>4<-03>,M9.1.6/24,M4.1.6/24"). date/tz (USE_OS_TZDB) reads only the recorded changes,
/// which end in 2037, and would keep the last offset for ever; date/ptz reads this string.
std::optional<Posix::time_zone> footer_rule(const std::string& name) {
    std::ifstream in(std::string(kZoneinfo) + "/" + name, std::ios::binary);
    if (!in) return std::nullopt;
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() < 2 || bytes.back() != '\n') return std::nullopt;
    const auto start = bytes.rfind('\n', bytes.size() - 2);
    if (start == std::string::npos) return std::nullopt;
    const std::string footer = bytes.substr(start + 1, bytes.size() - start - 2);
    if (footer.find(',') == std::string::npos) return std::nullopt;  // no summer time: nothing to add
    try {
        return Posix::time_zone(footer);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

/// One zone: the recorded changes from date/tz, then the rule of its POSIX TZ string.
class Zone {
public:
    Zone(const date::time_zone& z) : zone_(&z), rule_(footer_rule(z.name())) {}

    date::sys_info info(date::sys_seconds s) const {
        date::sys_info i = zone_->get_info(s);
        if (rule_ && i.end >= kForever) {
            date::sys_info r = rule_->get_info(s);
            if (r.begin < i.begin) r.begin = i.begin;
            return r;
        }
        return i;
    }

private:
    static constexpr date::sys_seconds kForever = date::sys_days{date::year{30000} / 1 / 1};
    const date::time_zone* zone_;
    std::optional<Posix::time_zone> rule_;
};

const Zone* find(std::string_view zone) {
    static std::mutex mutex;
    static std::map<std::string, std::unique_ptr<Zone>, std::less<>> zones;
    const date::time_zone* z = locate(zone);
    if (!z) return nullptr;
    const std::lock_guard lock(mutex);
    auto it = zones.find(zone);
    if (it == zones.end()) it = zones.emplace(std::string(zone), std::make_unique<Zone>(*z)).first;
    return it->second.get();
}

const Zone& zone_of(std::string_view zone) {
    const Zone* z = find(zone);
    if (!z)
        throw ValidationError("time_zone", std::string(zone),
                              "is not a zone of the tz database (e.g. America/Santiago)");
    return *z;
}

date::sys_seconds seconds_of(Timestamp t) { return chr::floor<chr::seconds>(t); }

int minutes_of(chr::seconds s) { return static_cast<int>(chr::duration_cast<chr::minutes>(s).count()); }

zones::Transition transition_from(const date::sys_info& before, const date::sys_info& after) {
    zones::Transition t;
    t.at = Timestamp{after.begin};
    t.offset_before = minutes_of(before.offset);
    t.offset_after = minutes_of(after.offset);
    t.name = after.abbrev;
    t.summer_time = after.save != chr::minutes{0};
    return t;
}

bool same_rule(const date::sys_info& a, const date::sys_info& b) {
    return a.offset == b.offset && a.abbrev == b.abbrev && (a.save == chr::minutes{0}) == (b.save == chr::minutes{0});
}

}  // namespace

namespace zones {

bool known(std::string_view zone) { return find(zone) != nullptr; }

int utc_offset_minutes(std::string_view zone, Timestamp t) {
    return minutes_of(zone_of(zone).info(seconds_of(t)).offset);
}

Date local_day(std::string_view zone, Timestamp t) {
    const auto local = t + chr::minutes{utc_offset_minutes(zone, t)};
    return Date::from_days(chr::floor<chr::days>(local).time_since_epoch().count());
}

Timestamp instant_of(std::string_view zone, Date day, int minute) {
    if (minute < 0 || minute > 1440)
        throw ValidationError("minute", std::to_string(minute), "must be minutes after midnight, 0..1440");
    const Zone& z = zone_of(zone);
    // The wall time read as if it were UTC; the real instant is within a day of it.
    const date::sys_seconds wall{chr::days{day.days()} + chr::minutes{minute}};
    std::vector<date::sys_info> around;
    for (date::sys_seconds s = wall - chr::hours{26};;) {
        around.push_back(z.info(s));
        if (around.back().end > wall + chr::hours{26}) break;
        s = around.back().end;
    }
    // The first offset that reads the wall time as an instant of its own period: the only one,
    // or the earlier of two when the clock was turned back.
    for (const auto& i : around)
        if (const auto s = wall - i.offset; i.begin <= s && s < i.end) return Timestamp{s};
    // None: the clock skipped the wall time; it is read with the offset before the gap.
    for (auto i = around.rbegin(); i != around.rend(); ++i)
        if (const auto s = wall - i->offset; i->end <= s) return Timestamp{s};
    return Timestamp{wall - around.front().offset};
}

Timestamp end_of_day(std::string_view zone, Date day) { return instant_of(zone, day.add_days(1), 0) - chr::seconds{1}; }

std::string local_datetime(std::string_view zone, Timestamp t) {
    const date::sys_seconds s = seconds_of(t);
    const int offset = minutes_of(zone_of(zone).info(s).offset);
    const auto local = s + chr::minutes{offset};
    const auto days = chr::floor<chr::days>(local);
    const chr::year_month_day ymd{days};
    const chr::hh_mm_ss hms{local - days};
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()), offset < 0 ? '-' : '+', std::abs(offset) / 60,
                  std::abs(offset) % 60);
    return buf;
}

std::vector<Transition> transitions(std::string_view zone, Timestamp from, Timestamp to) {
    const Zone& z = zone_of(zone);
    std::vector<Transition> out;
    date::sys_info info = z.info(seconds_of(from));
    while (info.end <= seconds_of(to)) {
        const date::sys_info next = z.info(info.end);
        if (next.begin != info.end) break;  // the end of the time line
        if (!same_rule(info, next)) out.push_back(transition_from(info, next));
        info = next;
    }
    return out;
}

Transition in_force(std::string_view zone, Timestamp t) {
    const Zone& z = zone_of(zone);
    date::sys_info info = z.info(seconds_of(t));
    // Periods that only renew the same rule (the recorded changes handing over to the POSIX
    // rule, say) are not changes.
    while (info.begin > kFirstInstant) {
        const date::sys_info before = z.info(info.begin - chr::seconds{1});
        if (!same_rule(before, info)) return transition_from(before, info);
        info.begin = before.begin;
    }
    Transition none;  // the zone's first period: no change before it
    none.at = t;
    none.offset_before = none.offset_after = minutes_of(info.offset);
    none.name = info.abbrev;
    none.summer_time = info.save != chr::minutes{0};
    return none;
}

std::string database_version() {
    check_database();
    std::string v = date::get_tzdb().version;
    if (v.empty() || v == "unknown") {
        // Debian's date/tz does not read it; tzdata.zi starts with "# version 2025b".
        std::ifstream in(std::string(kZoneinfo) + "/tzdata.zi");
        std::string line;
        if (in && std::getline(in, line) && line.rfind("# version ", 0) == 0) v = line.substr(10);
    }
    return v;
}

}  // namespace zones

namespace territory {

std::string_view time_zone(const Commune& c) {
    if (c.code == "05201") return "Pacific/Easter";            // Isla de Pascua
    if (c.region_code == "12") return "America/Punta_Arenas";  // Magallanes y de la Antártica Chilena
    if (c.region_code == "11") {
        // Aysén: its own zone since tzdata 2025b (UTC-3 all year from 2025); an older tz database
        // has only Punta Arenas, which shows the same times from April 2025 on.
        static const bool coyhaique = zones::known("America/Coyhaique");
        return coyhaique ? "America/Coyhaique" : "America/Punta_Arenas";
    }
    return zones::mainland;
}

std::string_view time_zone(std::string_view code_or_name, std::string_view field) {
    return time_zone(commune(code_or_name, field));
}

}  // namespace territory

}  // namespace omilcrm
