#pragma once
// The rules of employers, their contacts and their cluster membership that need no database:
// records and "today" in, answers out. Used by Employers, Contacts and the memberships import;
// tested without a database. Not public.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/clusters.hpp"
#include "omilcrm/date.hpp"
#include "omilcrm/employers.hpp"
#include "omilcrm/offices.hpp"

namespace omilcrm::detail {

/// One entry for an employer's change log: `field` goes from `old_value` to `new_value`.
struct FieldChange {
    std::string field, old_value, new_value;
    bool operator==(const FieldChange&) const = default;
};

/// What changes from `before` to `after`, field by field in the record's order (legal_name,
/// trade_name, sector, activity, size, address, commune, latitude, longitude, visiting_hours, status,
/// notes, segment), each value as text; an unchanged field is left out. A new value that is
/// not storable text (check_text) is a ValidationError naming its field.
std::vector<FieldChange> employer_changes(const Employer& before, const Employer& after);

/// An employer's activity as stored: "" for blank text, else the CIIU4.CL code `text` names (a
/// six-digit SII code read as its subclass or class; ciiu::activity). Throws ValidationError
/// (field "activity") for an unknown code.
std::string activity_code(std::string_view text);

/// The same for a contact (name, role, email, phone), each field named
/// "contact <id> <field>" as the employer's change log keeps it.
std::vector<FieldChange> contact_changes(const Contact& before, const Contact& after);

/// Who owns a new employer when no owner is given: the first of the office's staff (in the
/// order given) who is its territorial manager and works there `today`, else the first such
/// head; nullopt when there is neither.
std::optional<Id> default_owner(const std::vector<StaffMember>& staff, Date today);

/// What a memberships import does with a row saying that an employer was a member of a
/// cluster from `joined` (until `left`, when given), given the employer's periods there.
enum class MembershipRowAction {
    Unchanged,   ///< the period is known (and closed, or the row does not close it)
    Add,         ///< a new period from `joined` (closed on `left` when given)
    MoveJoined,  ///< the open period that began later (`moved_from`) began on `joined` instead
                 ///< (closed on `left` when given)
    Close,       ///< the known open period closes on `left`
};
struct MembershipRowPlan {
    MembershipRowAction action = MembershipRowAction::Unchanged;
    Date moved_from;  ///< for MoveJoined: the joining date that `joined` replaces
    bool operator==(const MembershipRowPlan&) const = default;
};
/// `periods` are the employer's periods in the cluster (others' are ignored). A period that
/// began on `joined` is the row's. Otherwise an open period that began later, which no other
/// period covering `joined` contradicts and which `left` (if any) does not end before it
/// began, is taken to be the row's, joined "from today" by an employers import before the
/// file said since when: the file's earlier date stands. Otherwise the row is a new period.
MembershipRowPlan plan_membership_row(const std::vector<Membership>& periods, Id employer_id, Date joined,
                                      std::optional<Date> left);

}  // namespace omilcrm::detail
