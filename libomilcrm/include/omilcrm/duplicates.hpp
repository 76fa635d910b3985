#pragma once
// Duplicate employers: the same company entered twice (imported from two spreadsheets, under
// another spelling or its trade name). The likely pairs with a score and the reasons, the merge
// of one employer into another (one transaction, undoable) and the record of merges. The
// Duplicates repository (db.duplicates()).
#include <optional>
#include <string_view>
#include <vector>

#include "omilcrm/employers.hpp"
#include "omilcrm/enums.hpp"
#include "omilcrm/fields.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/repository.hpp"
#include "omilcrm/table.hpp"

namespace omilcrm {

/// Why two employers look like the same company.
enum class DuplicateReason {
    SameRut,      ///< the same RUT body
    SameName,     ///< the same legal or trade name, once accents, case, punctuation and "SpA" are dropped
    SimilarName,  ///< names alike (a typo, a word more or less)
    SameAddress,  ///< the same address, folded
    SamePhone,    ///< a contact phone in common
    SameEmail,    ///< a contact e-mail in common
};
template <>
struct EnumNames<DuplicateReason> {
    static constexpr std::string_view field = "reason";
    static constexpr auto names = std::to_array<std::string_view>(
        {"same_rut", "same_name", "similar_name", "same_address", "same_phone", "same_email"});
};

/// Two employers of one office that are likely the same company.
struct DuplicateCandidate {
    Id employer_id = 0;  ///< the older of the two (the lower id); 0 for an employer not yet added
    Id other_id = 0;
    double score = 0;  ///< 0 to 1: how likely they are the same company
    std::vector<DuplicateReason> reasons{};
};
template <>
struct RecordFields<DuplicateCandidate> {
    using C = DuplicateCandidate;
    static constexpr auto fields =
        std::make_tuple(field("employer_id", &C::employer_id), field("other_id", &C::other_id),
                        field("score", &C::score), field("reasons", &C::reasons));
};

/// One employer merged into another: who did it, when, and whether it was undone.
struct EmployerMerge {
    RecordMeta meta{};
    Id office_id = 0;
    Id kept_id = 0;      ///< the employer that stays, and now holds the other's records
    Id absorbed_id = 0;  ///< the employer merged away: kept, marked merged, out of every listing
    Id merged_by = 0;    ///< the staff member who merged them
    Timestamp merged_at{};
    std::size_t rows_moved = 0;  ///< records moved from the absorbed employer to the kept one
    std::optional<Timestamp> undone_at{};
    std::optional<Id> undone_by{};
};
template <>
struct RecordFields<EmployerMerge> {
    using M = EmployerMerge;
    static constexpr auto fields = std::make_tuple(
        field("meta", &M::meta), field("office_id", &M::office_id), field("kept_id", &M::kept_id),
        field("absorbed_id", &M::absorbed_id), field("merged_by", &M::merged_by), field("merged_at", &M::merged_at),
        field("rows_moved", &M::rows_moved), field("undone_at", &M::undone_at), field("undone_by", &M::undone_by));
};

class Duplicates : public Repository {
public:
    using Repository::Repository;
    /// Candidates scoring below this are not listed unless asked for.
    static constexpr double default_min_score = 0.5;

    /// The office's pairs of employers that are likely the same company, best first (merged
    /// employers left out). Pairs are found through shared keys (name words, RUT body, phone,
    /// e-mail, address), never by comparing every pair, so an office of 20,000 employers takes
    /// about a second. An out-of-range min_score is a ValidationError naming "min_score".
    std::vector<DuplicateCandidate> candidates(Id office_id, double min_score = default_min_score) const;
    /// The likely duplicates of one employer among its office's others, best first.
    std::vector<DuplicateCandidate> of(Id employer_id, double min_score = default_min_score) const;
    /// The likely duplicates of an employer about to be added (employer_id 0, other_id the one
    /// the office has), best first; nothing is written and nothing is refused.
    std::vector<DuplicateCandidate> check(const NewEmployer& e, double min_score = default_min_score) const;
    /// candidates() with both employers' RUT and names, for display: employer_id, employer_rut,
    /// employer_name, other_id, other_rut, other_name, score, reasons.
    Table table(Id office_id, double min_score = default_min_score) const;

    /// Merges `absorb_id` into `keep_id`, by staff member `staff_id`, in one transaction: every
    /// record of the absorbed employer (contacts, interactions, commitments, follow-ups,
    /// requests, vacancies, referrals, placements, cluster memberships, portfolio periods, the
    /// change log, events...) moves to the kept one, and the absorbed employer stays, marked
    /// merged, out of every listing and due list. The kept employer's fields are unchanged.
    /// Refused (ValidationError or Conflict naming the field and value, nothing written): an
    /// employer with itself, employers of different offices, an employer already merged, a
    /// staff member of another office.
    EmployerMerge merge(Id keep_id, Id absorb_id, Id staff_id);
    /// Undoes a merge, by staff member `staff_id`: every moved record goes back and the absorbed
    /// employer is listed again, exactly as before the merge (records added since stay with
    /// the kept employer). Refused when already undone, or when the kept employer has since
    /// been merged into another (undo that first).
    EmployerMerge undo(Id merge_id, Id staff_id);
    EmployerMerge get(Id merge_id) const;
    /// The office's merges, newest first (undone ones included).
    std::vector<EmployerMerge> merges(Id office_id) const;
    /// The employer this one was merged into (following later merges), or nullopt when it is not merged.
    std::optional<Id> merged_into(Id employer_id) const;
};

}  // namespace omilcrm
