#pragma once
// Needs as neighbours: the office asks each company what it needs from the municipality
// («consultándoles sobre sus necesidades como vecinos»): pruning, lighting, patrols, garbage,
// public works, or anything else. A diagnosis records each need (a category of the office's
// service catalogue, or free text), the requests then answer them, and the report shows the needs
// raised beside those served. The Needs repository is db.needs().
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/date.hpp"
#include "omilcrm/enums.hpp"
#include "omilcrm/fields.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/repository.hpp"
#include "omilcrm/table.hpp"

namespace omilcrm {

struct Employer;        // employers.hpp
struct Interaction;     // interactions.hpp
struct ServiceRequest;  // requests.hpp

/// Where a need stands, from its history: open (nothing done yet), answered (a request was
/// opened for it), served (that request was resolved or closed), dropped (the company no longer
/// needs it, or it is not the municipality's to do).
enum class NeedStatus { Open, Answered, Served, Dropped };
template <>
struct EnumNames<NeedStatus> {
    static constexpr std::string_view field = "status";
    static constexpr auto names = std::to_array<std::string_view>({"open", "answered", "served", "dropped"});
};

struct EmployerNeed {
    RecordMeta meta{};
    Id office_id = 0;
    Id employer_id = 0;
    std::string category{};  ///< a service category code of the office ("tree_pruning"); "" for other
    std::string description{};
    Date raised_on{};
    std::optional<Id> interaction_id{};  ///< the visit or meeting of the diagnosis
    std::optional<Id> request_id{};      ///< the request that answers it
    std::optional<Date> dropped_on{};
    std::string drop_reason{};
    NeedStatus status = NeedStatus::Open;  ///< derived: see NeedStatus
};
template <>
struct RecordFields<EmployerNeed> {
    using N = EmployerNeed;
    static constexpr auto fields = std::make_tuple(
        field("meta", &N::meta), field("office_id", &N::office_id), ref<Employer>("employer_id", &N::employer_id),
        field("category", &N::category), field("description", &N::description), field("raised_on", &N::raised_on),
        ref<Interaction>("interaction_id", &N::interaction_id), ref<ServiceRequest>("request_id", &N::request_id),
        field("dropped_on", &N::dropped_on), field("drop_reason", &N::drop_reason), field("status", &N::status));
};

struct NewNeed {
    Id employer_id = 0;
    std::string category{};     ///< a category code of the office's catalogue, or "" (then a description)
    std::string description{};  ///< what exactly; required when there is no category
    std::optional<Date> on{};   ///< the day it was raised; default today
    std::optional<Id> interaction_id{};
};
/// As Needs.add() takes them in Python.
template <>
struct RecordFields<NewNeed> {
    static constexpr auto fields =
        std::make_tuple(ref<Employer>("employer", &NewNeed::employer_id).required(),
                        field("category", &NewNeed::category), field("description", &NewNeed::description),
                        field("on", &NewNeed::on), ref<Interaction>("interaction", &NewNeed::interaction_id));
};

class Needs : public Repository {
public:
    using Repository::Repository;
    /// Records a need the employer raised. The category must be one of the office's service
    /// catalogue (ValidationError naming "category" otherwise, with the codes); without one, the
    /// description is required. The interaction, when given, is one of the same employer.
    EmployerNeed add(const NewNeed& n);
    /// A diagnosis: several needs of one employer, in one transaction (all or none).
    std::vector<EmployerNeed> diagnose(const std::vector<NewNeed>& needs);
    EmployerNeed get(Id id) const;
    /// The employer's needs, oldest first.
    std::vector<EmployerNeed> of(Id employer_id) const;
    /// The office's needs, oldest first; only those still open or answered with `pending_only`.
    std::vector<EmployerNeed> list(Id office_id, bool pending_only = false) const;
    /// Links the request that answers the need: a request of the same employer (ValidationError
    /// naming "request" otherwise). A need is answered once (Conflict when it already was) and
    /// a dropped one is not answered.
    EmployerNeed answer(Id need_id, Id request_id);
    /// The company no longer needs it, or it is not the municipality's to do; `reason` required.
    EmployerNeed drop(Id need_id, Date on, const std::string& reason);
    /// Needs raised in [from, to] per category (the category's name, "(other)" for free text),
    /// then a total row: raised, answered (a request opened), served (it was resolved), dropped,
    /// still open, and the served share of those raised.
    Table report(Id office_id, Date from, Date to) const;
    /// The office's needs as a table: id, employer_id, employer, category, description,
    /// raised_on, status, request_id, request_status.
    Table table(Id office_id) const;
};

}  // namespace omilcrm
