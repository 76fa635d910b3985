#include "references.hpp"

#include <algorithm>

#include "omilcrm/error.hpp"
#include "store/check_cache.hpp"
#include "store/references.hpp"

namespace omilcrm::detail {

template <class F>
auto References::fetch(const char* field, Id id, F&& get) -> decltype(get()) {
    if (!bulk_) return get();
    try {
        return get();
    } catch (const NotFound&) {
        throw ValidationError(field, std::to_string(id), "not found");
    }
}

// A single entry inside the caller's transaction takes what an earlier call there read
// (check_cache.hpp); a bulk call reads its office's records in one go instead.
template <class T, class Get>
T References::cached(std::unordered_map<Id, T> CheckCache::*map, Id id, Get&& get) {
    CheckCache* cache = bulk_ ? nullptr : check_cache(db_);
    if (!cache) return get();
    auto& m = cache->*map;
    if (auto it = m.find(id); it != m.end()) return it->second;
    return cache->keep(m, id, get());
}

const Office& References::office(Id id, const char* field) {
    auto it = offices_.find(id);
    if (it == offices_.end())
        it = offices_
                 .emplace(id, cached(&CheckCache::offices, id,
                                     [&] { return fetch(field, id, [&] { return Offices(db_).get(id); }); }))
                 .first;
    return it->second;
}

const Employer& References::employer(Id id, const char* field) {
    auto it = employers_.find(id);
    if (it != employers_.end()) return it->second;
    Employer e =
        cached(&CheckCache::employers, id, [&] { return fetch(field, id, [&] { return Employers(db_).get(id); }); });
    const Id office_id = e.office_id;
    const Employer& out = employers_.emplace(id, std::move(e)).first->second;
    load_office(office_id);  // references into an unordered_map survive its growth
    return out;
}

const StaffMember& References::staff(Id id, const char* field) {
    auto it = staff_.find(id);
    if (it != staff_.end()) return it->second;
    StaffMember s =
        cached(&CheckCache::staff, id, [&] { return fetch(field, id, [&] { return Staff(db_).get(id); }); });
    const Id office_id = s.office_id;
    const StaffMember& out = staff_.emplace(id, std::move(s)).first->second;
    load_office(office_id);
    return out;
}

Id References::contact_employer(Id contact_id, const char* field) {
    auto it = contacts_.find(contact_id);
    if (it == contacts_.end()) {
        const Contact c = fetch(field, contact_id, [&] { return Contacts(db_).get(contact_id); });
        it = contacts_.emplace(contact_id, c.employer_id).first;
    }
    return it->second;
}

const Interaction& References::interaction(Id id, const char* field) {
    auto it = interactions_.find(id);
    if (it == interactions_.end())
        it = interactions_.emplace(id, fetch(field, id, [&] { return Interactions(db_).get(id); })).first;
    return it->second;
}

const std::vector<Id>& References::members(Id cluster_id, Date on) {
    const auto key = std::make_pair(cluster_id, on.days());
    auto it = members_.find(key);
    if (it == members_.end()) it = members_.emplace(key, Clusters(db_).members(cluster_id, on)).first;
    return it->second;
}

void References::load_office(Id office_id) {
    if (!bulk_ || !loaded_.insert(office_id).second) return;
    for (auto& e : Employers(db_).list(office_id)) employers_.try_emplace(e.meta.id, std::move(e));
    for (auto& s : Staff(db_).list(office_id)) staff_.try_emplace(s.meta.id, std::move(s));
    for (const auto& [contact, employer] : store::office_contact_employers(db_, office_id))
        contacts_.try_emplace(contact, employer);
}

void References::prefetch_interactions(const std::vector<Id>& ids) {
    if (!bulk_ || ids.empty()) return;
    for (auto& i : store::interaction_heads(db_, ids)) interactions_.try_emplace(i.meta.id, std::move(i));
}

void check_staff_of(DbImpl& db, std::optional<Id> staff_id, Id office_id, const char* field) {
    if (!staff_id) return;
    const StaffMember s = Staff(db).get(*staff_id);
    if (s.office_id != office_id) throw ValidationError(field, std::to_string(*staff_id), "works at another office");
}

}  // namespace omilcrm::detail
