#pragma once
// The records that single-row calls (Interactions::log, Employers::add) read to check their
// references, kept while the caller's transaction lasts: thousands of such calls in one
// transaction read the same employer, staff member and office again and again, which was a
// quarter of a call. Not public.
//
// Safe because the cache is current exactly as long as nothing else was written: it is emptied
// whenever the connection's count of changed rows (triggers' included), its count of rollbacks
// or its transaction differs from the stamp taken when it was last known current, and the
// caller's transaction holds the file's write lock, so no other connection writes meanwhile.
// A call moves the stamp past its own writes (keep_check_cache) only when they changed no row
// the cache can hold. Only what is found is kept: an id that is not there is read every time.
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "omilcrm/employers.hpp"
#include "omilcrm/offices.hpp"
#include "store/store.hpp"

namespace omilcrm::detail {

struct CheckCache {
    std::unordered_map<Id, Office> offices;
    std::unordered_map<Id, Employer> employers;
    std::unordered_map<Id, StaffMember> staff;
    std::unordered_map<Id, std::vector<StaffMember>> office_staff;  ///< Staff::list(office)

    /// Where the data stood when the cache was last known current.
    std::int64_t changes = -1;
    std::uint64_t rollbacks = 0;
    std::uint64_t transaction = 0;

    /// Records kept at most, so one long transaction does not hold a whole file's worth.
    static constexpr std::size_t kMaxRecords = 4096;
    std::size_t size() const noexcept { return offices.size() + employers.size() + staff.size() + office_staff.size(); }
    void clear() {
        offices.clear();
        employers.clear();
        staff.clear();
        office_staff.clear();
    }
    /// Keeps `value` under `id` in `map`, when there is room; returns it.
    template <class Map, class T>
    const T& keep(Map& map, Id id, T&& value) {
        if (size() >= kMaxRecords) clear();
        return map.insert_or_assign(id, std::forward<T>(value)).first->second;
    }
};

}  // namespace omilcrm::detail
