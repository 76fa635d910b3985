#pragma once
// The records a new entry points at (its office, employer, staff, contacts, interaction), looked
// up while it is validated. Shared by the single-row and the bulk paths of Interactions::log,
// Requests::open and Vacancies::capture so both check exactly the same things. Not public.
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "omilcrm/database.hpp"

namespace omilcrm::detail {

struct CheckCache;

/// Each record is fetched once and kept for the rest of the call.
///
/// For one entry (`bulk` false) that is one query per record, as Employers::get and friends do
/// (inside the caller's transaction, none for the office, employers and staff an earlier call
/// read while nothing was written since: check_cache.hpp), and a missing record is NotFound. For a bulk call the first
/// record seen of an office brings in every employer, staff member and contact of that office (three queries), and the
/// interactions the rows point at come in one query (prefetch_interactions), so a million rows are validated with a
/// handful of queries; a missing record is then a bad row like any other: ValidationError naming the field and the id
/// (the caller adds "rows[i].").
class References {
public:
    References(DbImpl& db, bool bulk) : db_(db), bulk_(bulk) {}
    References(const References&) = delete;
    References& operator=(const References&) = delete;

    bool bulk() const noexcept { return bulk_; }
    const Office& office(Id id, const char* field = "office");
    const Employer& employer(Id id, const char* field = "employer");
    const StaffMember& staff(Id id, const char* field = "staff");
    /// The employer a contact works for.
    Id contact_employer(Id contact_id, const char* field = "contacts");
    /// An interaction's office, kind, day, staff, employer and cluster; contacts and attendance
    /// are only filled for a single entry (Interactions::get).
    const Interaction& interaction(Id id, const char* field = "interaction");
    /// Employer ids that were members of the cluster on `on` (Clusters::members).
    const std::vector<Id>& members(Id cluster_id, Date on);
    /// Bulk calls: fetches these interactions in one query (ids may repeat; unknown ones are left
    /// for interaction() to report).
    void prefetch_interactions(const std::vector<Id>& ids);

private:
    template <class F>
    auto fetch(const char* field, Id id, F&& get) -> decltype(get());
    template <class T, class Get>
    T cached(std::unordered_map<Id, T> CheckCache::*map, Id id, Get&& get);
    void load_office(Id office_id);

    DbImpl& db_;
    bool bulk_;
    std::unordered_map<Id, Office> offices_;
    std::unordered_map<Id, Employer> employers_;
    std::unordered_map<Id, StaffMember> staff_;
    std::unordered_map<Id, Id> contacts_;  ///< contact -> employer
    std::unordered_map<Id, Interaction> interactions_;
    std::map<std::pair<Id, std::int64_t>, std::vector<Id>> members_;
    std::unordered_set<Id> loaded_;  ///< offices whose employers, staff and contacts are all in
};

/// The staff member an entry of office `office_id` names, when it names one (who referred,
/// recorded a placement or offered a programme): NotFound when there is none, ValidationError
/// naming `field` when they work at another office. Shared by Referrals, Placements and Programmes.
void check_staff_of(DbImpl& db, std::optional<Id> staff_id, Id office_id, const char* field);

}  // namespace omilcrm::detail
