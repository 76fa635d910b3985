#include "store/needs.hpp"

#include "store/sqlite.hpp"

namespace omilcrm::store {

namespace {

constexpr const char* kNeedSelect =
    "SELECT n.id, n.uuid, n.created_at, n.updated_at, n.office_id, n.employer_id, n.category, n.description, "
    "n.raised_on, n.interaction_id, n.request_id, n.dropped_on, n.drop_reason, r.status "
    "FROM employer_need n LEFT JOIN service_request r ON r.id = n.request_id ";

NeedRow need_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    NeedRow row;
    EmployerNeed& n = row.need;
    n.meta = r.meta();
    n.office_id = r.get<Id>();
    n.employer_id = r.get<Id>();
    n.category = r.get<std::string>();
    n.description = r.get<std::string>();
    n.raised_on = r.get<Date>();
    n.interaction_id = r.get<std::optional<Id>>();
    n.request_id = r.get<std::optional<Id>>();
    n.dropped_on = r.get<std::optional<Date>>();
    n.drop_reason = r.get<std::string>();
    row.request_status = r.get<std::optional<std::string>>();
    return row;
}

}  // namespace

void insert_need(DbImpl& db, EmployerNeed& n) {
    static const std::string sql = detail::insert_sql(
        "employer_need",
        {"office_id", "employer_id", "category", "description", "raised_on", "interaction_id", "actor"});
    detail::insert_record(db, sql, n.meta, n.office_id, n.employer_id, n.category, n.description, n.raised_on,
                          n.interaction_id, detail::actor_column(db));
}

std::optional<NeedRow> find_need(DbImpl& db, Id id) {
    auto s = db.stmt(std::string(kNeedSelect) + "WHERE n.id = ?");
    s.bind_all(id);
    if (!s.executeStep()) return std::nullopt;
    return need_of(s);
}

std::vector<NeedRow> list_needs(DbImpl& db, std::optional<Id> office_id, std::optional<Id> employer_id) {
    auto s = db.stmt(std::string(kNeedSelect) +
                     "WHERE (?1 IS NULL OR n.office_id = ?1) AND (?2 IS NULL OR n.employer_id = ?2) "
                     "ORDER BY n.raised_on, n.id");
    s.bind_all(office_id, employer_id);
    std::vector<NeedRow> out;
    while (s.executeStep()) out.push_back(need_of(s));
    return out;
}

void set_need_request(DbImpl& db, Id need_id, Id request_id) {
    db.stmt("UPDATE employer_need SET request_id = ?, updated_at = ? WHERE id = ?")
        .bind_all(request_id, db.now_us(), need_id)
        .exec();
}

void drop_need(DbImpl& db, Id need_id, Date on, const std::string& reason) {
    db.stmt("UPDATE employer_need SET dropped_on = ?, drop_reason = ?, updated_at = ? WHERE id = ?")
        .bind_all(on, reason, db.now_us(), need_id)
        .exec();
}

}  // namespace omilcrm::store
