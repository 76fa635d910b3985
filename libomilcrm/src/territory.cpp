#include "omilcrm/territory.hpp"

#include <unordered_map>
#include <vector>

#include "omilcrm/error.hpp"
#include "text.hpp"

namespace omilcrm::data {
// Generated from libomilcrm/data/territory/*.csv by cmake/EmbedData.cmake:
// 0 = regions.csv, 1 = provinces.csv, 2 = communes.csv.
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

struct Data {
    std::vector<Region> regions;
    std::vector<Province> provinces;
    std::vector<Commune> communes;
    std::unordered_map<std::string, std::size_t> region_by_key, province_by_key, commune_by_key;

    Data() {
        for (auto& r : rows_of(data::territory_csv(0)))
            regions.push_back({r.at(0), r.at(1), r.at(2), r.at(3), r.at(4)});
        for (auto& r : rows_of(data::territory_csv(1))) provinces.push_back({r.at(0), r.at(1), r.at(2)});
        std::unordered_map<std::string, std::string> region_of_province;
        for (auto& p : provinces) region_of_province[p.code] = p.region_code;
        for (auto& r : rows_of(data::territory_csv(2)))
            communes.push_back({r.at(0), r.at(1), r.at(2), region_of_province.at(r.at(2))});
        for (std::size_t i = 0; i < regions.size(); ++i) {
            region_by_key.emplace(regions[i].code, i);
            region_by_key.emplace(fold(regions[i].name), i);
            region_by_key.emplace(fold(regions[i].short_name), i);
            region_by_key.emplace(fold(regions[i].abbreviation), i);
            region_by_key.emplace(fold(regions[i].iso_code), i);
        }
        for (std::size_t i = 0; i < provinces.size(); ++i) {
            province_by_key.emplace(provinces[i].code, i);
            province_by_key.emplace(fold(provinces[i].name), i);
        }
        for (std::size_t i = 0; i < communes.size(); ++i) {
            commune_by_key.emplace(communes[i].code, i);
            commune_by_key.emplace(fold(communes[i].name), i);
        }
    }
};

const Data& data() {
    static const Data d;
    return d;
}

template <class T>
const T* lookup(const std::vector<T>& items, const std::unordered_map<std::string, std::size_t>& index,
                std::string_view key) {
    const auto trimmed = detail::trim(key);
    if (trimmed.empty()) return nullptr;
    auto it = index.find(std::string(trimmed));
    if (it == index.end()) it = index.find(fold(trimmed));
    return it == index.end() ? nullptr : &items[it->second];
}

}  // namespace

std::string fold(std::string_view text) { return detail::fold_text(text); }

std::span<const Region> regions() { return data().regions; }
std::span<const Province> provinces() { return data().provinces; }
std::span<const Commune> communes() { return data().communes; }

const Commune* find_commune(std::string_view key) noexcept {
    try {
        return lookup(data().communes, data().commune_by_key, key);
    } catch (...) {
        return nullptr;
    }
}
const Province* find_province(std::string_view key) noexcept {
    try {
        return lookup(data().provinces, data().province_by_key, key);
    } catch (...) {
        return nullptr;
    }
}
const Region* find_region(std::string_view key) noexcept {
    try {
        return lookup(data().regions, data().region_by_key, key);
    } catch (...) {
        return nullptr;
    }
}

const Commune& commune(std::string_view key, std::string_view field) {
    if (const auto* c = find_commune(key)) return *c;
    throw ValidationError(std::string(field), std::string(key),
                          "no such commune (give a CUT code such as 05103 or a name such as Concón)");
}
const Province& province(std::string_view key, std::string_view field) {
    if (const auto* p = find_province(key)) return *p;
    throw ValidationError(std::string(field), std::string(key), "no such province");
}
const Region& region(std::string_view key, std::string_view field) {
    if (const auto* r = find_region(key)) return *r;
    throw ValidationError(std::string(field), std::string(key), "no such region");
}

}  // namespace omilcrm::territory
