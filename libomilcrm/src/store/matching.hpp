#pragma once
// The store's functions for matching: the pool of an office's seekers, and what tells a pool
// loaded earlier is still current.
#include <cstdint>

#include "omilcrm/matching.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

/// Where the job seekers stand, as far as a cache of them can tell: the changes made through
/// this connection (detail::seekers_changed, rollbacks included) and the file's data version
/// (changes committed by other connections). A pool loaded at one stamp is current while the
/// stamp stays the same.
struct SeekersStamp {
    std::uint64_t changes = 0;
    std::int64_t data_version = 0;
    friend bool operator==(const SeekersStamp&, const SeekersStamp&) = default;
};
SeekersStamp seekers_stamp(DbImpl& db);

/// Every active seeker of the office who consented to intermediation, with their experience, as
/// the matching engine ranks them: two queries in all.
matching::SeekerPool load_seeker_pool(DbImpl& db, Id office_id);

}  // namespace omilcrm::store
