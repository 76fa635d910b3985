#pragma once
// The regional view: a regional directorate's database, built by importing its offices' files
// (records matched by UUID), its province representatives, the reports per office and province,
// and the territorial balance; the Regional repository (db.regional()).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/fields.hpp"
#include "omilcrm/offices.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/repository.hpp"
#include "omilcrm/table.hpp"

namespace omilcrm {

/// The region a regional database belongs to (Regional::setup).
struct RegionalDirectorate {
    std::string region_code{};  ///< "08"
    std::string name{};         ///< "Dirección Regional SENCE Biobío"
};
template <>
struct RecordFields<RegionalDirectorate> {
    static constexpr auto fields = std::make_tuple(field("region_code", &RegionalDirectorate::region_code),
                                                   field("name", &RegionalDirectorate::name));
};

/// A province's representative before the regional directorate (two per province).
struct Representative {
    RecordMeta meta{};
    std::string province_code{};
    std::string name{};
    std::string role{};
    std::optional<Id> office_id{};
    std::string email{};
    std::string phone{};
};
template <>
struct RecordFields<Representative> {
    static constexpr auto fields =
        std::make_tuple(field("meta", &Representative::meta), field("province_code", &Representative::province_code),
                        field("name", &Representative::name), field("role", &Representative::role),
                        field("office_id", &Representative::office_id), field("email", &Representative::email),
                        field("phone", &Representative::phone));
};

/// What one import of an office file did.
struct ImportResult {
    Id office_id = 0;
    std::string office_uuid{};
    std::string office_name{};
    std::size_t inserted = 0;  ///< rows new to the regional database
    std::size_t updated = 0;   ///< rows already there (matched by UUID), refreshed
};
template <>
struct RecordFields<ImportResult> {
    static constexpr auto fields =
        std::make_tuple(field("office_id", &ImportResult::office_id), field("office_uuid", &ImportResult::office_uuid),
                        field("office_name", &ImportResult::office_name), field("inserted", &ImportResult::inserted),
                        field("updated", &ImportResult::updated));
};

/// How evenly something spreads across provinces: 1 - half the sum over provinces of
/// |share of `values` - share of `weights`|. 1 when the values spread exactly as the weights (for
/// instance, as the offices) do; 0 when they all fall where there is no weight. Both lists are per
/// province, in the same order. Nothing to compare (all values or all weights zero) gives nullopt;
/// lists of different sizes or negative numbers are refused with ValidationError.
std::optional<double> territorial_balance(const std::vector<double>& values, const std::vector<double>& weights);

// ---- Repositories --------------------------------------------------------------------------

/// The regional view: one database for a regional directorate, built by importing its offices'
/// files. Regional reports work on any database with several offices.
class Regional : public Repository {
public:
    using Repository::Repository;
    /// Makes this database the region's (once; the same region again changes nothing).
    RegionalDirectorate setup(std::string_view region, const std::string& name);
    std::optional<RegionalDirectorate> directorate() const;
    /// Registers an office of the region (by commune) before its file arrives: only registered
    /// offices are imported, and reports show them even when they send nothing. The first file
    /// imported for the commune gives the office its identity (UUID).
    Office register_office(std::string_view commune, const std::string& name = {});
    /// A province representative (at most two per province of the region).
    Representative add_representative(std::string_view province, const std::string& name, const std::string& role = {},
                                      std::optional<Id> office_id = {}, const std::string& email = {},
                                      const std::string& phone = {});
    std::vector<Representative> representatives() const;
    /// Imports an office's file: every record is matched by UUID, so importing the same or a
    /// newer file again updates without duplicating; shared material (the region's video) keeps
    /// the regional copy's details. Seekers' personal data is not copied. Refused,
    /// with nothing changed: a file that is not an omilcrm database of this schema version, one
    /// with no or several offices, an office outside the region or not registered, an office whose
    /// commune the region already holds under another UUID, or a file older than the last one
    /// imported for that office. Not inside a transaction. One transaction: a failure changes
    /// nothing.
    ImportResult import_office(const std::string& path);
    /// The import log: office, source, when, inserted and updated rows.
    Table imports() const;
    /// Per office, for [from, to]: province, employers, employers contacted, cadence compliance,
    /// requests received and resolved on time, vacancies and positions captured, placements,
    /// showings of outreach material.
    Table offices_report(Date from, Date to) const;
    /// The same per province, with each province's share of offices, placements and showings;
    /// metadata "placements_balance" and "showings_balance" (territorial_balance against offices).
    Table provinces_report(Date from, Date to) const;
};

}  // namespace omilcrm
