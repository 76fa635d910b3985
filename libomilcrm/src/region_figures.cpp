// The regional reports' arithmetic (region_figures.hpp).
#include "region_figures.hpp"

#include <map>
#include <utility>

#include "omilcrm/outreach.hpp"

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

std::optional<double> ratio(std::int64_t num, std::int64_t den) noexcept {
    if (den == 0) return std::nullopt;
    return double(num) / double(den);
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
