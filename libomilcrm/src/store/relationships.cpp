#include "store/relationships.hpp"

#include <unordered_map>

#include "store/sqlite.hpp"

namespace omilcrm::store {

std::vector<detail::StageSteps> stage_steps(DbImpl& db, Id office_id, std::optional<Id> employer_id, Date as_of) {
    std::vector<detail::StageSteps> out;
    std::unordered_map<Id, std::size_t> at;
    {
        auto q = db.stmt(
            "SELECT id, legal_name, lead_source, lead_detail FROM employer WHERE office_id = ?1 AND merged_into IS "
            "NULL "
            "AND (?2 IS NULL OR id = ?2) ORDER BY legal_name, id");
        q.bind_all(office_id, employer_id);
        while (q.executeStep()) {
            detail::RowReader r(q);
            detail::StageSteps s;
            s.employer_id = r.get<Id>();
            s.name = r.get<std::string>();
            s.lead_source = r.get([](const std::string& t) { return parse_enum<LeadSource>(t); });
            s.lead_detail = r.get<std::string>();
            at[s.employer_id] = out.size();
            out.push_back(std::move(s));
        }
    }
    // One grouped query per step over the office's rows (each table has an index by office or
    // employer), rather than a correlated subquery per employer.
    const auto first = [&](const char* sql, std::optional<Date> detail::StageSteps::*step) {
        auto q = db.stmt(sql);
        q.bind_all(office_id, employer_id, as_of);
        while (q.executeStep()) {
            detail::RowReader r(q);
            const Id e = r.get<Id>();
            const Date d = r.get<Date>();
            if (const auto it = at.find(e); it != at.end()) out[it->second].*step = d;
        }
    };
    first(
        "SELECT employer_id, min(on_date) FROM ("
        "  SELECT employer_id, on_date FROM interaction WHERE office_id = ?1 AND employer_id IS NOT NULL "
        "  AND deleted_at IS NULL AND on_date <= ?3 AND (?2 IS NULL OR employer_id = ?2) "
        "  UNION ALL "
        "  SELECT a.employer_id, i.on_date FROM interaction i JOIN interaction_attendance a "
        "  ON a.interaction_id = i.id WHERE i.office_id = ?1 AND a.attended = 1 AND i.deleted_at IS NULL "
        "  AND i.on_date <= ?3 AND (?2 IS NULL OR a.employer_id = ?2)) GROUP BY employer_id",
        &detail::StageSteps::first_contact);
    first(
        "SELECT r.employer_id, min(e.on_date) FROM service_request r JOIN request_event e ON e.request_id = r.id "
        "WHERE r.office_id = ?1 AND r.employer_id IS NOT NULL AND (?2 IS NULL OR r.employer_id = ?2) "
        "AND e.kind = 'transition' AND e.to_status = 'resolved' AND e.on_date <= ?3 GROUP BY r.employer_id",
        &detail::StageSteps::first_served);
    first(
        "SELECT employer_id, min(captured_on) FROM vacancy WHERE office_id = ?1 "
        "AND (?2 IS NULL OR employer_id = ?2) AND captured_on <= ?3 GROUP BY employer_id",
        &detail::StageSteps::first_vacancy);
    first(
        "SELECT employer_id, min(start_on) FROM placement WHERE office_id = ?1 "
        "AND (?2 IS NULL OR employer_id = ?2) AND start_on <= ?3 GROUP BY employer_id",
        &detail::StageSteps::first_hire);
    return out;
}

std::vector<detail::ReciprocityEvent> reciprocity_events(DbImpl& db, Id office_id, Date from, Date to) {
    using Kind = detail::ReciprocityEvent::Kind;
    std::vector<detail::ReciprocityEvent> out;
    const auto read = [&](const char* sql, Kind kind) {
        auto q = db.stmt(sql);
        q.bind_all(office_id, from, to);
        while (q.executeStep()) {
            detail::RowReader r(q);
            detail::ReciprocityEvent e{.employer_id = r.get<Id>(), .on = r.get<Date>(), .kind = kind};
            if (kind == Kind::Vacancy) e.positions = r.get<std::int64_t>();
            if (kind == Kind::Resolved) e.on_time = r.get<std::int64_t>() != 0;
            out.push_back(e);
        }
    };
    read(
        "SELECT employer_id, received_on FROM service_request WHERE office_id = ?1 AND employer_id IS NOT NULL "
        "AND received_on BETWEEN ?2 AND ?3",
        Kind::Request);
    // A request resolved, reopened and resolved again was served once, on its first resolution.
    read(
        "SELECT r.employer_id, min(e.on_date) AS first, r.due_on IS NULL OR min(e.on_date) <= r.due_on "
        "FROM service_request r JOIN request_event e ON e.request_id = r.id "
        "WHERE r.office_id = ?1 AND r.employer_id IS NOT NULL AND e.kind = 'transition' "
        "AND e.to_status = 'resolved' GROUP BY r.id HAVING first BETWEEN ?2 AND ?3",
        Kind::Resolved);
    read(
        "SELECT employer_id, captured_on, positions FROM vacancy WHERE office_id = ?1 "
        "AND captured_on BETWEEN ?2 AND ?3",
        Kind::Vacancy);
    read("SELECT employer_id, start_on FROM placement WHERE office_id = ?1 AND start_on BETWEEN ?2 AND ?3", Kind::Hire);
    return out;
}

}  // namespace omilcrm::store
