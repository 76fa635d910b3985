#pragma once
// The store's functions for needs as neighbours (Needs).
#include <optional>
#include <vector>

#include "omilcrm/needs.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

void insert_need(DbImpl& db, EmployerNeed& n);
/// A need with its request's status (none when no request answers it).
struct NeedRow {
    EmployerNeed need;
    std::optional<std::string> request_status;
};
std::optional<NeedRow> find_need(DbImpl& db, Id id);
/// Needs of an office or of one employer, oldest first (by raised_on, then id).
std::vector<NeedRow> list_needs(DbImpl& db, std::optional<Id> office_id, std::optional<Id> employer_id);
void set_need_request(DbImpl& db, Id need_id, Id request_id);
void drop_need(DbImpl& db, Id need_id, Date on, const std::string& reason);

}  // namespace omilcrm::store
