// The rules of the regional view, pure: the territorial balance (public, region.hpp) and the
// regional reports' arithmetic (region_rules.hpp).
#include "region_rules.hpp"

#include <cmath>
#include <map>
#include <string>
#include <utility>

#include "omilcrm/error.hpp"
#include "omilcrm/region.hpp"

namespace omilcrm::regional {

void add_cadence(Figures& f, const std::vector<ComplianceRow>& rows) {
    for (const auto& r : rows)
        if (r.group == "office") {
            f.cadence_employers += static_cast<std::int64_t>(r.employers);
            f.cadence_complied += static_cast<std::int64_t>(r.complied);
        }
}

void add_requests(Figures& f, const Table& deadline_compliance) {
    const auto& received = deadline_compliance.column("received").ints;
    const auto& resolved = deadline_compliance.column("resolved").ints;
    const auto& on_time = deadline_compliance.column("resolved_on_time").ints;
    for (std::size_t i = 0; i < deadline_compliance.rows(); ++i) {
        f.requests += received[i];
        f.resolved += resolved[i];
        f.on_time += on_time[i];
    }
}

void add(Figures& sum, const Figures& f) {
    sum.employers += f.employers;
    sum.contacted += f.contacted;
    sum.cadence_employers += f.cadence_employers;
    sum.cadence_complied += f.cadence_complied;
    sum.requests += f.requests;
    sum.resolved += f.resolved;
    sum.on_time += f.on_time;
    sum.vacancies += f.vacancies;
    sum.positions += f.positions;
    sum.placements += f.placements;
    sum.showings += f.showings;
}

std::optional<double> cadence_compliance(const Figures& f) noexcept {
    return ratio(f.cadence_complied, f.cadence_employers);
}

std::optional<double> on_time_share(const Figures& f) noexcept { return ratio(f.on_time, f.resolved); }

ProvincesSummary by_province(const std::vector<Province>& region_provinces, const std::vector<OfficeFigures>& offices) {
    std::map<std::string, ProvinceFigures> by_code;
    for (const auto& p : region_provinces) {
        auto& e = by_code[p.code];
        e.code = p.code;
        e.name = p.name;
    }
    for (const auto& o : offices) {
        auto& e = by_code[o.province_code];
        e.code = o.province_code;
        e.name = o.province;
        ++e.offices;
        add(e.figures, o.figures);
    }
    std::int64_t offices_total = 0, placements_total = 0, showings_total = 0;
    for (const auto& [code, e] : by_code) {
        offices_total += e.offices;
        placements_total += e.figures.placements;
        showings_total += e.figures.showings;
    }
    ProvincesSummary out;
    std::vector<double> weights, placements, showings;
    for (auto& [code, e] : by_code) {
        e.share_of_offices = ratio(e.offices, offices_total);
        e.share_of_placements = ratio(e.figures.placements, placements_total);
        e.share_of_showings = ratio(e.figures.showings, showings_total);
        weights.push_back(double(e.offices));
        placements.push_back(double(e.figures.placements));
        showings.push_back(double(e.figures.showings));
        out.provinces.push_back(std::move(e));
    }
    out.placements_balance = territorial_balance(placements, weights);
    out.showings_balance = territorial_balance(showings, weights);
    return out;
}

}  // namespace omilcrm::regional

namespace omilcrm {

std::optional<double> territorial_balance(const std::vector<double>& values, const std::vector<double>& weights) {
    if (values.size() != weights.size())
        throw ValidationError("weights", std::to_string(weights.size()) + " provinces",
                              "must be as many as the values (" + std::to_string(values.size()) + ")");
    double sv = 0, sw = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (values[i] < 0 || std::isnan(values[i]))
            throw ValidationError("values[" + std::to_string(i) + "]", std::to_string(values[i]),
                                  "must not be negative");
        if (weights[i] < 0 || std::isnan(weights[i]))
            throw ValidationError("weights[" + std::to_string(i) + "]", std::to_string(weights[i]),
                                  "must not be negative");
        sv += values[i];
        sw += weights[i];
    }
    if (sv == 0 || sw == 0) return std::nullopt;
    double gap = 0;
    for (std::size_t i = 0; i < values.size(); ++i) gap += std::abs(values[i] / sv - weights[i] / sw);
    return 1.0 - gap / 2.0;
}

}  // namespace omilcrm
