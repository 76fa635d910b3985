#pragma once
// Contact cadence: how often each employer must be contacted, and who is due or overdue.
// The functions in omilcrm::cadence are pure: data and the date in, answers out. The Cadence
// repository (db.cadence()) applies them to the stored policies, employers and contacts.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "omilcrm/clusters.hpp"
#include "omilcrm/enums.hpp"
#include "omilcrm/fields.hpp"
#include "omilcrm/interactions.hpp"
#include "omilcrm/repository.hpp"
#include "omilcrm/table.hpp"

namespace omilcrm {

/// Where a policy applies. The most specific wins: Employer > Segment > Cluster > Office.
enum class PolicyScope { Office, Cluster, Segment, Employer };
template <>
struct EnumNames<PolicyScope> {
    static constexpr std::string_view field = "scope";
    static constexpr auto names = std::to_array<std::string_view>({"office", "cluster", "segment", "employer"});
};

struct CadencePolicy {
    Id id = 0;
    Id office_id = 0;
    /// Which cadence this is: "contact" (any contact) and "visit" are the usual ones. A visit
    /// cadence can differ from a contact cadence; each track is resolved on its own.
    std::string track = "contact";
    PolicyScope scope = PolicyScope::Office;
    Id scope_id = 0;        ///< the cluster or employer, for those scopes
    std::string segment{};  ///< for Segment scope ("key_account")
    int interval_days = 30;
    /// Interaction kinds that count; empty = every kind.
    std::vector<InteractionKind> kinds{};
    std::string name{};

    bool counts(InteractionKind k) const noexcept;
};
template <>
struct RecordFields<CadencePolicy> {
    static constexpr auto fields =
        std::make_tuple(field("id", &CadencePolicy::id), field("office_id", &CadencePolicy::office_id),
                        field("track", &CadencePolicy::track), field("scope", &CadencePolicy::scope),
                        field("scope_id", &CadencePolicy::scope_id), field("segment", &CadencePolicy::segment),
                        field("interval_days", &CadencePolicy::interval_days), field("kinds", &CadencePolicy::kinds),
                        field("name", &CadencePolicy::name));
};

struct NewCadencePolicy {
    Id office_id = 0;
    std::string track = "contact";
    PolicyScope scope = PolicyScope::Office;
    Id scope_id = 0;
    std::string segment{};
    int interval_days = 30;
    std::vector<InteractionKind> kinds{};
    std::string name{};
};
template <>
struct RecordFields<NewCadencePolicy> {
    static constexpr auto fields =
        std::make_tuple(ref<Office>("office", &NewCadencePolicy::office_id).required(),
                        field("interval_days", &NewCadencePolicy::interval_days).required(),
                        field("track", &NewCadencePolicy::track), field("scope", &NewCadencePolicy::scope),
                        field("scope_id", &NewCadencePolicy::scope_id), field("segment", &NewCadencePolicy::segment),
                        field("kinds", &NewCadencePolicy::kinds), field("name", &NewCadencePolicy::name));
};

namespace cadence {

/// What the engine needs to know of an employer.
struct EmployerFacts {
    Id employer_id = 0;
    Id owner_id = 0;
    std::string segment{};
    Date added{};  ///< when the office took it on (NewEmployer::since); a never-contacted employer is due from then
    std::vector<Membership> memberships{};
};

/// One qualifying-or-not contact with an employer.
struct ContactEvent {
    Id employer_id = 0;
    Date on{};
    InteractionKind kind = InteractionKind::Other;
};

struct DueItem {
    Id employer_id = 0;
    Id owner_id = 0;
    std::optional<Date> last_contact{};  ///< last qualifying contact on or before the day
    Date due{};                          ///< last contact + interval, or `added` if never contacted
    std::int64_t days_overdue = 0;       ///< the day - due; negative = days left
    Id policy_id = 0;
    PolicyScope scope = PolicyScope::Office;
    int interval_days = 0;
    std::string policy_name{};
};
}  // namespace cadence

template <>
struct RecordFields<cadence::DueItem> {
    using D = cadence::DueItem;
    static constexpr auto fields = std::make_tuple(
        field("employer_id", &D::employer_id), field("owner_id", &D::owner_id), field("last_contact", &D::last_contact),
        field("due", &D::due), field("days_overdue", &D::days_overdue), field("policy_id", &D::policy_id),
        field("scope", &D::scope), field("interval_days", &D::interval_days), field("policy_name", &D::policy_name));
};

namespace cadence {

/// The policy of `track` that applies to the employer on `day`, or nullptr. Cluster policies
/// apply while the employer is a member (not from the day it left); among several clusters the
/// shortest interval wins; ties go to the lowest policy id.
const CadencePolicy* applicable_policy(const EmployerFacts& e, const std::vector<CadencePolicy>& policies,
                                       const std::string& track, Date day);

/// Every employer with a policy, most urgent first: most days overdue, never-contacted before
/// contacted, then employer id. With within_days = 0 only those due on or before `day`;
/// within_days = 7 adds those due in the next week.
std::vector<DueItem> due_list(const std::vector<EmployerFacts>& employers, const std::vector<ContactEvent>& contacts,
                              const std::vector<CadencePolicy>& policies, const std::string& track, Date day,
                              int within_days = 0);

/// True when, on no day of [from, to], the employer's contact was overdue (judged each day by
/// the policy that applied that day): it was contacted within its interval throughout. Days
/// before the employer was added do not count, and a new employer has one interval from the
/// day it was added for its first contact.
bool complied(const EmployerFacts& e, const std::vector<ContactEvent>& contacts_of_e,
              const std::vector<CadencePolicy>& policies, const std::string& track, Date from, Date to);

}  // namespace cadence

// ---- The repository ------------------------------------------------------------------------

struct DueOptions {
    std::string track = "contact";
    std::optional<Id> staff_id{};  ///< only this staff member's employers
    int within_days = 0;           ///< also those due in the next n days
};

/// Compliance of one group (the office, a staff member's portfolio, a cluster's members).
struct ComplianceRow {
    std::string group{};  ///< "office", "staff" or "cluster"
    Id group_id = 0;
    std::string name{};
    std::size_t employers = 0;
    std::size_t complied = 0;
    /// The last day judged: the period's end, or today while the period is not over (days that
    /// have not come are not missed contacts); empty when the period has not begun.
    std::optional<Date> judged_to{};
    double share() const noexcept { return employers ? double(complied) / double(employers) : 0.0; }
};

namespace detail {
struct DueLists;
}  // namespace detail

/// Cadence policies, the due list and compliance over the stored data. A due list is kept,
/// in the repository, until anything stored changes (here or through another connection), so
/// asking again for the same office and day costs a lookup.
class Cadence : public Repository {
public:
    using Repository::Repository;
    CadencePolicy add_policy(const NewCadencePolicy& p);
    /// Retires a policy (kept in the file, no longer applied).
    void retire_policy(Id policy_id);
    std::vector<CadencePolicy> policies(Id office_id) const;
    /// Who must be contacted on `day`, most urgent first.
    std::vector<cadence::DueItem> due(Id office_id, Date day, const DueOptions& o = {}) const;
    /// The due list as a table, with names and owners.
    Table due_table(Id office_id, Date day, const DueOptions& o = {}) const;
    /// Share of employers contacted within their interval throughout [from, to], for the
    /// office, each staff member (by current owner) and each cluster (members on the last day
    /// judged). A period that is not over is judged up to today (judged_to(), in period.hpp):
    /// each row says the day in `judged_to`; a period that has not begun judges no employer.
    std::vector<ComplianceRow> compliance(Id office_id, Date from, Date to, const std::string& track = "contact") const;
    /// compliance() as a table; its metadata "judged_to" is the last day judged ("" for none).
    Table compliance_table(Id office_id, Date from, Date to, const std::string& track = "contact") const;

private:
    mutable std::shared_ptr<detail::DueLists> due_lists_;
};

}  // namespace omilcrm
