#pragma once
// The portfolio: who owns the relationship with each employer, with history, and the Portfolio
// repository (db.portfolio()) that assigns employers and hands a person's portfolio over.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "omilcrm/fields.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/repository.hpp"

namespace omilcrm {

/// One period during which a staff member owned the relationship with an employer.
struct Ownership {
    Id employer_id = 0;
    Id staff_id = 0;
    Date from{};
    std::optional<Date> to{};  ///< exclusive; empty while current
    std::string reason{};
};
template <>
struct RecordFields<Ownership> {
    static constexpr auto fields = std::make_tuple(
        field("employer_id", &Ownership::employer_id), field("staff_id", &Ownership::staff_id),
        field("start", &Ownership::from), field("end", &Ownership::to), field("reason", &Ownership::reason));
};

// ---- Repositories --------------------------------------------------------------------------

/// Who owns which employer, with history.
class Portfolio : public Repository {
public:
    using Repository::Repository;
    /// Gives the employer to another staff member of its office from `on`; the history keeps the
    /// previous owner's period.
    Ownership assign(Id employer_id, Id staff_id, Date on, std::string reason = {});
    /// Hands every employer owned by `from_staff` to `to_staff` from `on`, with their open
    /// commitments and follow-ups, in one transaction. Returns the number of employers.
    std::size_t hand_over(Id from_staff, Id to_staff, Date on, std::string reason = {});
    /// Employers a staff member owns now.
    std::vector<Id> employers_of(Id staff_id) const;
    /// Ownership periods of an employer, oldest first.
    std::vector<Ownership> history(Id employer_id) const;
};

}  // namespace omilcrm
