// Matching: the seeker pool's SQL.
#include "store/matching.hpp"

#include "store/sqlite.hpp"
#include "text.hpp"

namespace omilcrm::detail {

void seekers_changed(DbImpl& db) noexcept { ++db.seeker_generation; }

}  // namespace omilcrm::detail

namespace omilcrm::store {

SeekersStamp seekers_stamp(DbImpl& db) {
    auto q = db.stmt("PRAGMA data_version");
    q.executeStep();
    return {db.seeker_generation, detail::RowReader(q).get<std::int64_t>()};
}

matching::SeekerPool load_seeker_pool(DbImpl& db, Id office_id) {
    // On SQLite's C API, the lists parsed in place: the first matching call of a process pays
    // for this, once per office's register (tens of thousands of rows).
    std::vector<matching::Profile> profiles;
    {
        detail::RawStmt q(db,
                          "SELECT id, commune, education, skills, licences, shifts, available_from, consent_scope "
                          "FROM job_seeker WHERE office_id = ? AND active = 1 ORDER BY id");
        q.bind(1, office_id);
        while (q.step()) {
            bool consented = false;
            detail::for_each_item(q.text(7),
                                  [&](std::string_view s) { consented = consented || s == "intermediation"; });
            if (!consented) continue;
            matching::Profile p;
            p.id = q.int64(0);
            p.commune = std::string(q.text(1));
            p.education = parse_enum<EducationLevel>(q.text(2));
            p.skills = detail::split_list(q.text(3));
            p.licences = detail::split_list(q.text(4));
            detail::for_each_item(q.text(5), [&](std::string_view s) { p.shifts.push_back(parse_enum<Shift>(s)); });
            if (!q.is_null(6)) p.available_from = Date::parse(q.text(6));
            profiles.push_back(std::move(p));
        }
    }
    {
        detail::RawStmt q(
            db,
            "SELECT e.seeker_id, e.occupation, e.months FROM seeker_experience e JOIN job_seeker s "
            "ON s.id = e.seeker_id WHERE s.office_id = ? AND s.active = 1 ORDER BY s.id, e.id");  // s.id: the join's
                                                                                                  // own order, no sort
        q.bind(1, office_id);
        std::size_t i = 0;  // both lists are in seeker id order: walk them together
        while (q.step()) {
            const Id id = q.int64(0);
            while (i < profiles.size() && profiles[i].id < id) ++i;
            if (i == profiles.size()) break;
            if (profiles[i].id == id)
                profiles[i].experience.push_back({std::string(q.text(1)), static_cast<int>(q.int64(2))});
        }
    }
    return matching::SeekerPool(std::move(profiles));
}

}  // namespace omilcrm::store
