#pragma once
// What every repository (Offices, Employers, Vacancies, ...) is: a view over an open database.
// Each capability's header declares its repository on this base; Database hands them out.
#include <cstddef>
#include <functional>

#include "omilcrm/date.hpp"

namespace omilcrm {

/// Told how far a long call has got: rows done so far and the total, first (0, total), then after
/// each row. It may throw to stop the call (Python's Ctrl-C does): the call then rolls back
/// everything it wrote and the exception goes on to the caller.
using Progress = std::function<void(std::size_t done, std::size_t total)>;

namespace detail {
/// One open connection; defined by the store.
struct DbImpl;
}  // namespace detail

/// Common base of the repositories: a view over an open database.
class Repository {
public:
    explicit Repository(detail::DbImpl& db) : db_(&db) {}
    /// Today's date by the database's clock (America/Santiago).
    Date today() const;
    /// This instant by the database's clock.
    Timestamp now() const;

protected:
    detail::DbImpl* db_;
};

}  // namespace omilcrm
