#pragma once
// The store's functions for duplicate employers: what the duplicate rules compare of each
// employer, the merges, and moving an employer's records to another and back.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "omilcrm/duplicates.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

/// What the duplicate rules compare of an employer: RUT (compact), names, address and its
/// contacts' phones and e-mails.
struct EmployerIdentity {
    Id id = 0;
    std::string rut{};
    std::string legal_name{};
    std::string trade_name{};
    std::string address{};
    std::vector<std::string> phones{};
    std::vector<std::string> emails{};
};
/// The office's employers that are not merged, by id (two queries, whatever the office's size).
std::vector<EmployerIdentity> employer_identities(DbImpl& db, Id office_id);

/// The employer `employer_id` was merged into (directly), or nullopt.
std::optional<Id> employer_merged_into(DbImpl& db, Id employer_id);
/// Marks an employer merged into another, or (nullopt) not merged.
void set_employer_merged_into(DbImpl& db, Id employer_id, std::optional<Id> into);

void insert_merge(DbImpl& db, EmployerMerge& m);
std::optional<EmployerMerge> find_merge(DbImpl& db, Id merge_id);
std::vector<EmployerMerge> list_merges(DbImpl& db, Id office_id);
void set_merge_rows_moved(DbImpl& db, Id merge_id, std::size_t rows);
void set_merge_undone(DbImpl& db, Id merge_id, Timestamp at, Id staff_id);

/// Moves every record that names `absorb_id` as its employer (in any table with a reference to
/// employer: found in the schema, so tables added later are moved too) to `keep_id`, and notes
/// each one under the merge so that restore_merged_records can put it back. A record the kept
/// employer already has (the same event, meeting attendance or showing) is removed and kept
/// whole in the note; the absorbed employer's primary contact stops being primary when the kept
/// employer has one; its open ownership period is closed on `on`. Returns the records moved.
std::size_t move_employer_records(DbImpl& db, Id merge_id, Id keep_id, Id absorb_id, Date on);
/// Puts back what move_employer_records moved and removed for the merge.
void restore_merged_records(DbImpl& db, Id merge_id, Id keep_id, Id absorb_id);

}  // namespace omilcrm::store
