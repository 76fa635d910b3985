#include "omilcrm/isco.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <vector>

#include "omilcrm/error.hpp"
#include "csv_records.hpp"
#include "text.hpp"

namespace omilcrm::data {
// Generated from libomilcrm/data/isco08/isco08_codes_en.csv (0) and isco08_codes_es.csv (1) by
// cmake/EmbedData.cmake.
std::string_view isco08_csv(std::size_t i);
}  // namespace omilcrm::data

namespace omilcrm::isco {

namespace {

struct Data {
    std::vector<Occupation> groups;  // sorted by code

    Data() {
        const std::string_view csv = data::isco08_csv(0);
        std::size_t pos = 0;
        detail::next_csv_record(csv, pos);  // header: code,level,preferredLabel
        while (pos < csv.size()) {
            auto f = detail::next_csv_record(csv, pos);
            if (f.size() == 1 && detail::trim(f[0]).empty()) continue;
            if (f.size() != 3) throw std::logic_error("isco08 data: expected 3 fields in a row");
            Occupation o;
            o.code = std::string(detail::trim(f[0]));
            const auto level = detail::trim(f[1]);
            std::from_chars(level.data(), level.data() + level.size(), o.level);
            o.label = std::string(detail::trim(f[2]));
            if (o.level < 1 || o.level > 4 || o.code.size() != static_cast<std::size_t>(o.level))
                throw std::logic_error("isco08 data: bad row for code " + o.code);
            groups.push_back(std::move(o));
        }
        std::sort(groups.begin(), groups.end(),
                  [](const Occupation& a, const Occupation& b) { return a.code < b.code; });
        // The Spanish titles: the same codes (libomilcrm/data/isco08/SOURCE.md).
        const std::string_view es = data::isco08_csv(1);
        pos = 0;
        detail::next_csv_record(es, pos);  // header: code,level,label
        std::size_t titled = 0;
        while (pos < es.size()) {
            auto f = detail::next_csv_record(es, pos);
            if (f.size() == 1 && detail::trim(f[0]).empty()) continue;
            if (f.size() != 3) throw std::logic_error("isco08 Spanish data: expected 3 fields in a row");
            const auto code = detail::trim(f[0]);
            auto it = std::lower_bound(groups.begin(), groups.end(), code,
                                       [](const Occupation& o, std::string_view k) { return o.code < k; });
            if (it == groups.end() || it->code != code)
                throw std::logic_error("isco08 Spanish data: unknown code " + std::string(code));
            it->label_es = std::string(detail::trim(f[2]));
            ++titled;
        }
        if (titled != groups.size()) throw std::logic_error("isco08 Spanish data: a group has no title");
    }
};

const Data& data() {
    static const Data d;  // built once, thread-safe (C++11 magic statics)
    return d;
}

}  // namespace

std::span<const Occupation> all() { return data().groups; }

const Occupation* find(std::string_view code) noexcept {
    try {
        const auto key = detail::trim(code);
        if (key.empty() || key.size() > 4) return nullptr;
        const auto& g = data().groups;
        auto it = std::lower_bound(g.begin(), g.end(), key,
                                   [](const Occupation& o, std::string_view k) { return o.code < k; });
        return it != g.end() && it->code == key ? &*it : nullptr;
    } catch (...) {
        return nullptr;
    }
}

const Occupation& occupation(std::string_view code, std::string_view field, bool unit_only) {
    const Occupation* o = find(code);
    if (!o)
        throw ValidationError(std::string(field), std::string(code),
                              unit_only ? "no such ISCO-08 unit group (expected 4 digits such as 9333)"
                                        : "no such ISCO-08 group (expected 1 to 4 digits such as 9333)");
    if (unit_only && o->level != 4)
        throw ValidationError(
            std::string(field), std::string(code),
            "expected a 4-digit ISCO-08 unit group such as 9333, not a level " + std::to_string(o->level) + " group");
    return *o;
}

std::vector<const Occupation*> path(std::string_view code) {
    const Occupation& o = occupation(code);
    std::vector<const Occupation*> out;
    for (std::size_t n = 1; n <= o.code.size(); ++n)
        if (const Occupation* up = find(std::string_view(o.code).substr(0, n))) out.push_back(up);
    return out;
}

int shared_levels(std::string_view a, std::string_view b) noexcept {
    int n = 0;
    while (n < 4 && static_cast<std::size_t>(n) < a.size() && static_cast<std::size_t>(n) < b.size() && a[n] >= '0' &&
           a[n] <= '9' && a[n] == b[n])
        ++n;
    return n;
}

}  // namespace omilcrm::isco
