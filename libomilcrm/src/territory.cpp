#include "omilcrm/territory.hpp"

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "omilcrm/error.hpp"
#include "text.hpp"

namespace omilcrm::data {
// Generated from libomilcrm/data/territory/*.csv by cmake/EmbedData.cmake:
// 0 = regions.csv, 1 = provinces.csv, 2 = communes.csv, 3 = aliases.csv.
std::string_view territory_csv(std::size_t i);
}  // namespace omilcrm::data

namespace omilcrm::territory {

namespace {

// The shipped files are plain CSV without quoted fields.
std::vector<std::vector<std::string>> rows_of(std::string_view csv) {
    std::vector<std::vector<std::string>> rows;
    bool header = true;
    for (auto line : detail::split(csv, '\n')) {
        line = detail::trim(line);
        if (line.empty()) continue;
        if (header) {
            header = false;
            continue;
        }
        std::vector<std::string> fields;
        for (auto f : detail::split(line, ',')) fields.emplace_back(detail::trim(f));
        rows.push_back(std::move(fields));
    }
    return rows;
}

// The Roman numeral regions were known by (I to XVI, by their number; XIII is the Metropolitana).
std::string roman(int n) {
    static constexpr std::pair<int, const char*> digits[] = {{10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}};
    std::string out;
    for (const auto& [value, letters] : digits)
        while (n >= value) {
            out += letters;
            n -= value;
        }
    return out;
}

// A name's folded key, and the same key without a leading word such as "Comuna de" (folded).
template <std::size_t N>
std::vector<std::string> keys_of(std::string_view text, const std::array<std::string_view, N>& prefixes) {
    std::vector<std::string> keys{fold(text)};
    for (const auto prefix : prefixes)
        if (keys[0].size() > prefix.size() && keys[0].starts_with(prefix))
            keys.push_back(keys[0].substr(prefix.size()));
    return keys;
}

constexpr std::array<std::string_view, 6> kCommunePrefixes{
    "ilustremunicipalidadde", "imunicipalidadde", "municipalidadde", "comunade", "comunadel", "comuna"};
constexpr std::array<std::string_view, 3> kProvincePrefixes{"provinciade", "provinciadel", "provincia"};
constexpr std::array<std::string_view, 3> kRegionPrefixes{"regionde", "regiondel", "region"};

struct Index {
    std::unordered_map<std::string, std::size_t> by_key;
    std::vector<std::pair<std::string, std::size_t>> names;  // (folded name or alias, item), for suggestions
    std::size_t code_width = 0;

    void add_code(const std::string& code, std::size_t i) {
        by_key.emplace(code, i);
        code_width = code.size();
    }
    void add_name(std::string_view name, std::size_t i) {
        std::string key = fold(name);
        if (key.empty()) return;
        names.emplace_back(key, i);
        by_key.emplace(std::move(key), i);
    }
};

struct Data {
    std::vector<Region> regions;
    std::vector<Province> provinces;
    std::vector<Commune> communes;
    Index region_index, province_index, commune_index;

    Data() {
        for (auto& r : rows_of(data::territory_csv(0)))
            regions.push_back({r.at(0), r.at(1), r.at(2), r.at(3), r.at(4)});
        for (auto& r : rows_of(data::territory_csv(1))) provinces.push_back({r.at(0), r.at(1), r.at(2)});
        std::unordered_map<std::string, std::string> region_of_province;
        for (auto& p : provinces) region_of_province[p.code] = p.region_code;
        for (auto& r : rows_of(data::territory_csv(2)))
            communes.push_back({r.at(0), r.at(1), r.at(2), region_of_province.at(r.at(2))});
        for (std::size_t i = 0; i < regions.size(); ++i) {
            region_index.add_code(regions[i].code, i);
            region_index.add_name(regions[i].name, i);
            region_index.add_name(regions[i].short_name, i);
            region_index.add_name(regions[i].abbreviation, i);
            region_index.add_name(regions[i].iso_code, i);
            region_index.add_name(roman(std::stoi(regions[i].code)), i);
        }
        for (std::size_t i = 0; i < provinces.size(); ++i) {
            province_index.add_code(provinces[i].code, i);
            province_index.add_name(provinces[i].name, i);
        }
        for (std::size_t i = 0; i < communes.size(); ++i) {
            commune_index.add_code(communes[i].code, i);
            commune_index.add_name(communes[i].name, i);
        }
        for (auto& a : rows_of(data::territory_csv(3))) {
            const std::string& kind = a.at(0);
            const std::string& code = a.at(1);
            Index& index = kind == "region" ? region_index : kind == "province" ? province_index : commune_index;
            index.add_name(a.at(2), index.by_key.at(code));
        }
    }
};

const Data& data() {
    static const Data d;
    return d;
}

// By code (with or without its leading zeros), by name or alias, with or without a leading word
// such as "Comuna de".
template <class T, std::size_t N>
const T* lookup(const std::vector<T>& items, const Index& index, std::string_view key,
                const std::array<std::string_view, N>& prefixes) {
    const auto trimmed = detail::trim(key);
    if (trimmed.empty()) return nullptr;
    if (auto it = index.by_key.find(std::string(trimmed)); it != index.by_key.end()) return &items[it->second];
    if (trimmed.size() < index.code_width &&
        std::all_of(trimmed.begin(), trimmed.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        const std::string padded = std::string(index.code_width - trimmed.size(), '0') + std::string(trimmed);
        if (auto it = index.by_key.find(padded); it != index.by_key.end()) return &items[it->second];
    }
    for (const auto& k : keys_of(trimmed, prefixes))
        if (auto it = index.by_key.find(k); it != index.by_key.end()) return &items[it->second];
    return nullptr;
}

// Levenshtein distance between two folded keys.
std::size_t distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

// Up to three names closest to `key` (fewest edits of the folded text, at most a third of it),
// as "Concón, Conchalí".
template <class T, std::size_t N>
std::string closest(const std::vector<T>& items, const Index& index, std::string_view key,
                    const std::array<std::string_view, N>& prefixes) {
    const auto keys = keys_of(detail::trim(key), prefixes);
    std::vector<std::pair<std::size_t, std::size_t>> scored;  // (distance, item)
    for (const auto& [name, item] : index.names) {
        std::size_t best = std::string::npos;
        for (const auto& k : keys) best = std::min(best, distance(k, name));
        if (best <= std::max<std::size_t>(2, keys.back().size() / 3)) scored.emplace_back(best, item);
    }
    std::sort(scored.begin(), scored.end());
    std::string out;
    std::vector<std::size_t> shown;
    for (const auto& [d, item] : scored) {
        if (std::find(shown.begin(), shown.end(), item) != shown.end()) continue;
        if (shown.size() == 3) break;
        shown.push_back(item);
        out += (out.empty() ? "" : ", ") + items[item].name;
    }
    return out;
}

std::string refusal(std::string_view what, const std::string& suggestions, std::string_view example) {
    std::string why = "no such " + std::string(what);
    if (!suggestions.empty()) why += " (did you mean " + suggestions + "?)";
    return why + "; give " + std::string(example);
}

}  // namespace

std::string fold(std::string_view text) { return detail::fold_text(text); }

std::span<const Region> regions() { return data().regions; }
std::span<const Province> provinces() { return data().provinces; }
std::span<const Commune> communes() { return data().communes; }

const Commune* find_commune(std::string_view key) noexcept {
    try {
        return lookup(data().communes, data().commune_index, key, kCommunePrefixes);
    } catch (...) {
        return nullptr;
    }
}
const Province* find_province(std::string_view key) noexcept {
    try {
        return lookup(data().provinces, data().province_index, key, kProvincePrefixes);
    } catch (...) {
        return nullptr;
    }
}
const Region* find_region(std::string_view key) noexcept {
    try {
        return lookup(data().regions, data().region_index, key, kRegionPrefixes);
    } catch (...) {
        return nullptr;
    }
}

const Commune& commune(std::string_view key, std::string_view field) {
    if (const auto* c = find_commune(key)) return *c;
    throw ValidationError(std::string(field), std::string(key),
                          refusal("commune", closest(data().communes, data().commune_index, key, kCommunePrefixes),
                                  "a CUT code such as 05103 or a name such as Concón"));
}
const Province& province(std::string_view key, std::string_view field) {
    if (const auto* p = find_province(key)) return *p;
    throw ValidationError(std::string(field), std::string(key),
                          refusal("province", closest(data().provinces, data().province_index, key, kProvincePrefixes),
                                  "a code such as 051 or a name such as Valparaíso"));
}
const Region& region(std::string_view key, std::string_view field) {
    if (const auto* r = find_region(key)) return *r;
    throw ValidationError(
        std::string(field), std::string(key),
        refusal("region", closest(data().regions, data().region_index, key, kRegionPrefixes),
                "a code such as 05, a number or Roman numeral such as V, or a name such as Valparaíso"));
}

}  // namespace omilcrm::territory
