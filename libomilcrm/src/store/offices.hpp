#pragma once
// The store's functions for offices and their staff.
#include <optional>
#include <vector>

#include "omilcrm/offices.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

/// Inserts a prepared office (validated, metadata filled); sets o.meta.id.
void insert_office(DbImpl& db, Office& o);
std::optional<Office> find_office(DbImpl& db, Id id);
std::vector<Office> list_offices(DbImpl& db);
bool office_exists(DbImpl& db, Id id);

/// Inserts a prepared staff member; sets m.meta.id.
void insert_staff(DbImpl& db, StaffMember& m);
std::optional<StaffMember> find_staff(DbImpl& db, Id id);
/// The staff of an office, by id.
std::vector<StaffMember> list_staff(DbImpl& db, Id office_id);
void set_staff_left(DbImpl& db, Id staff_id, Date left_on);

}  // namespace omilcrm::store
