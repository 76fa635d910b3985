#pragma once
// The internal rules of the regional view (territorial_balance, public, is in region.hpp): the
// regional reports' arithmetic, an office's figures from what its records count, their sums per
// province, the ratios and shares. Pure: data in, answer out, no database. Not public.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "omilcrm/database.hpp"
#include "omilcrm/table.hpp"
#include "omilcrm/territory.hpp"
#include "reports_rules.hpp"

namespace omilcrm::regional {

/// What an office (or a province's offices) did in a report period.
struct Figures {
    std::int64_t employers = 0;          ///< the office's employers
    std::int64_t contacted = 0;          ///< employers contacted in the period
    std::int64_t cadence_employers = 0;  ///< employers judged by the contact cadence
    std::int64_t cadence_complied = 0;   ///< of those, contacted as their cadence asks
    std::int64_t requests = 0;           ///< requests received
    std::int64_t resolved = 0;           ///< requests resolved
    std::int64_t on_time = 0;            ///< of those, resolved within their deadline
    std::int64_t vacancies = 0, positions = 0, placements = 0, showings = 0;
};

/// Adds the office's cadence compliance: employers judged and complied from the "office" rows of
/// Cadence::compliance (the "staff" and "cluster" rows are parts of the office, not added again).
void add_cadence(Figures& f, const std::vector<ComplianceRow>& rows);
/// Adds requests received, resolved and resolved on time, summed over the rows (one per
/// category) of Requests::deadline_compliance: its columns "received", "resolved" and
/// "resolved_on_time".
void add_requests(Figures& f, const Table& deadline_compliance);
/// Adds every count of `f` to `sum`.
void add(Figures& sum, const Figures& f);

/// num / den, or none when den is 0: a share of nothing is unknown, not 0 (reports_rules.hpp).
using detail::ratio;
/// The share of the employers judged that complied with their cadence (none when none was judged).
std::optional<double> cadence_compliance(const Figures& f) noexcept;
/// The share of the resolved requests resolved on time (none when none was resolved).
std::optional<double> on_time_share(const Figures& f) noexcept;

/// One office's figures and its province ("" for both when its commune is unknown).
struct OfficeFigures {
    std::string province_code, province;
    Figures figures;
};

/// A province's offices and the sums of their figures, with its share of the region's.
struct ProvinceFigures {
    std::string code, name;
    std::int64_t offices = 0;
    Figures figures;
    std::optional<double> share_of_offices, share_of_placements, share_of_showings;
};

struct ProvincesSummary {
    std::vector<ProvinceFigures> provinces;  ///< by province code
    /// territorial_balance of placements and of showings against the offices per province.
    std::optional<double> placements_balance, showings_balance;
};

/// The offices' figures summed per province: every province of `region_provinces` (listed even
/// without offices) and every province an office is in, by code; each one's share of the offices,
/// placements and showings of all of them (none when the total is 0), and how evenly placements
/// and showings spread against the offices (territorial_balance).
ProvincesSummary by_province(const std::vector<Province>& region_provinces, const std::vector<OfficeFigures>& offices);

}  // namespace omilcrm::regional
