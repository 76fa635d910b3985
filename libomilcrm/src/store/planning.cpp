// Saved visit plans: the SQL.
#include "store/planning.hpp"

#include "store/sqlite.hpp"

namespace omilcrm::store {

std::unordered_map<Id, PlanEmployer> plan_employers(DbImpl& db, const std::vector<Id>& ids) {
    auto s = db.stmt(
        "SELECT e.id, e.office_id, e.legal_name, e.trade_name, e.latitude, e.longitude, e.visiting_hours "
        "FROM json_each(?) g JOIN employer e ON e.id = g.value");
    s.bind_all(detail::json_ids(ids));
    std::unordered_map<Id, PlanEmployer> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        const Id id = r.get<Id>();
        PlanEmployer e;
        e.office_id = r.get<Id>();
        e.legal_name = r.get<std::string>();
        const auto trade = r.get<std::string>();
        e.display_name = trade.empty() ? e.legal_name : trade;
        e.latitude = r.get<std::optional<double>>();
        e.longitude = r.get<std::optional<double>>();
        e.visiting_hours = parse_visiting_hours(r.get<std::string>());
        out.emplace(id, std::move(e));
    }
    return out;
}

void supersede_planned_visits(DbImpl& db, Id staff_id, Date day) {
    db.stmt(
          "UPDATE planned_visit SET status = 'superseded', updated_at = ? WHERE staff_id = ? AND on_date = ? "
          "AND status = 'planned'")
        .bind_all(db.now_us(), staff_id, day)
        .exec();
}

void insert_planned_visit(DbImpl& db, PlannedVisit& v) {
    static const std::string sql =
        detail::insert_sql("planned_visit", {"office_id", "staff_id", "employer_id", "on_date", "start_minute",
                                             "end_minute", "travel_minutes", "event_uuid", "revision"});
    // A visit planned afresh is its own event (NULL); a moved one names the visit it continues.
    const std::optional<std::string> event =
        v.event_uuid.empty() || v.event_uuid == v.meta.uuid ? std::nullopt : std::optional(v.event_uuid);
    detail::insert_record(db, sql, v.meta, v.office_id, v.staff_id, v.employer_id, v.day, v.start_minute, v.end_minute,
                          v.travel_minutes, event, v.revision);
    if (v.event_uuid.empty()) v.event_uuid = v.meta.uuid;
}

std::vector<PlannedVisit> list_planned_visits(DbImpl& db, Id office_id, Date from, Date to,
                                              std::optional<Id> staff_id) {
    auto s = db.stmt(
        "SELECT id, uuid, created_at, updated_at, office_id, staff_id, employer_id, on_date, start_minute, "
        "end_minute, travel_minutes, event_uuid, revision FROM planned_visit WHERE office_id = ?1 AND status = "
        "'planned' "
        "AND on_date BETWEEN ?2 AND ?3 AND (?4 IS NULL OR staff_id = ?4) ORDER BY on_date, staff_id, start_minute");
    s.bind_all(office_id, from, to, staff_id);
    std::vector<PlannedVisit> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        PlannedVisit v;
        v.meta = r.meta();
        v.office_id = r.get<Id>();
        v.staff_id = r.get<Id>();
        v.employer_id = r.get<Id>();
        v.day = r.get<Date>();
        v.start_minute = r.get<int>();
        v.end_minute = r.get<int>();
        v.travel_minutes = r.get<int>();
        v.event_uuid = r.get<std::optional<std::string>>().value_or(v.meta.uuid);
        v.revision = r.get<int>();
        out.push_back(std::move(v));
    }
    return out;
}

}  // namespace omilcrm::store
