#pragma once
// The shape shared by the bulk paths: for_row names the bad row in every *_many;
// insert_rows is the whole loop of Interactions::log_many, Requests::open_many and
// Vacancies::capture_many (Employers and Seekers keep their own loop for the batch's duplicate
// RUTs). Not public.
#include <string>
#include <vector>

#include "omilcrm/error.hpp"
#include "omilcrm/repository.hpp"
#include "store/store.hpp"

namespace omilcrm::detail {

/// Tells `progress`, if any, that `done` of `total` rows are written (it may throw to stop).
inline void report(const Progress& progress, std::size_t done, std::size_t total) {
    if (progress) progress(done, total);
}

/// Runs `f` for rows[i]; a ValidationError it throws is thrown again naming the row:
/// "rows[12].staff".
template <class F>
decltype(auto) for_row(std::size_t i, F&& f) {
    try {
        return f();
    } catch (const ValidationError& e) {
        throw ValidationError("rows[" + std::to_string(i) + "]." + e.field(), e.value(), e.reason());
    }
}

/// In one scope (a transaction, or a savepoint inside the caller's), each row is prepared
/// (checked) and inserted through the cached statements, one row at a time, so a million
/// prepared rows are never held at once and none is prepared twice. A bad row throws, naming
/// the row, and the scope rolls back everything written before it: all or nothing. Preparing
/// reads what the caller's lookups hold, never the rows of the batch written before it. Empty
/// input writes nothing.
template <class Row, class Prepare, class Insert>
std::vector<Id> insert_rows(DbImpl& db, const std::vector<Row>& rows, const Progress& progress, Prepare&& prepare,
                            Insert&& insert) {
    if (rows.empty()) return {};
    std::vector<Id> ids;
    ids.reserve(rows.size());
    Scope scope(db);
    report(progress, 0, rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        auto prepared = for_row(i, [&] { return prepare(rows[i]); });
        ids.push_back(insert(prepared));
        report(progress, i + 1, rows.size());
    }
    scope.commit();
    return ids;
}

}  // namespace omilcrm::detail
