// Imports and exports of offices' spreadsheets: the SQL of the rows they read and write.
#include "store/imports.hpp"

#include "store/sqlite.hpp"

namespace omilcrm::store {

// ---- cluster membership -------------------------------------------------------------------

void add_cluster_member_from_import(DbImpl& db, Id cluster_id, Id employer_id, Date joined) {
    static const std::string sql = detail::insert_sql("cluster_member", {"cluster_id", "employer_id", "joined"});
    RecordMeta meta;
    meta.uuid = new_uuid();
    meta.created_at = meta.updated_at = detail::ts_of(db.now_us());
    detail::insert_record(db, sql, meta, cluster_id, employer_id, joined);
}

void set_cluster_member_joined_from_import(DbImpl& db, Id cluster_id, Id employer_id, Date was, Date joined) {
    db.stmt(
          "UPDATE cluster_member SET joined = ?, updated_at = ? WHERE cluster_id = ? AND employer_id = ? "
          "AND joined = ?")
        .bind_all(joined, db.now_us(), cluster_id, employer_id, was)
        .exec();
}

// ---- job seekers --------------------------------------------------------------------------

std::optional<Id> seeker_id_by_rut(DbImpl& db, Id office_id, const std::string& rut) {
    auto s = db.stmt("SELECT seeker_id FROM seeker_personal WHERE office_id = ? AND rut = ?");
    s.bind_all(office_id, rut);
    if (!s.executeStep()) return std::nullopt;
    return detail::RowReader(s).get<Id>();
}

// ---- interactions -------------------------------------------------------------------------

std::vector<LoggedInteraction> logged_interactions(DbImpl& db, Id office_id) {
    auto s = db.stmt(
        "SELECT id, employer_id, on_date, kind, summary, outcome, next_step FROM interaction "
        "WHERE office_id = ? AND employer_id IS NOT NULL AND deleted_at IS NULL");
    s.bind_all(office_id);
    std::vector<LoggedInteraction> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        LoggedInteraction i;
        i.id = r.get<Id>();
        i.employer_id = r.get<Id>();
        i.on = r.get<Date>();
        i.kind = r.get<std::string>();
        i.summary = r.get<std::string>();
        i.outcome = r.get<std::string>();
        i.next_step = r.get<std::string>();
        out.push_back(std::move(i));
    }
    return out;
}

std::vector<InteractionExportRow> interaction_export_rows(DbImpl& db, Id office_id) {
    auto s = db.stmt(
        "SELECT e.rut, i.on_date, i.at_minute, i.kind, s.name, "
        " (SELECT group_concat(name, ';') FROM (SELECT c.name FROM interaction_contact ic JOIN contact c "
        "   ON c.id = ic.contact_id WHERE ic.interaction_id = i.id ORDER BY c.name)), "
        " i.direction, i.summary, i.outcome, i.next_step "
        "FROM interaction i JOIN employer e ON e.id = i.employer_id JOIN staff s ON s.id = i.staff_id "
        "WHERE i.office_id = ? AND i.deleted_at IS NULL ORDER BY i.on_date, i.at_minute, e.rut, i.id");
    s.bind_all(office_id);
    std::vector<InteractionExportRow> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        InteractionExportRow i;
        i.rut = r.get<std::string>();
        i.on_date = r.get<std::string>();
        i.at_minute = r.get<std::optional<int>>();
        i.kind = r.get<std::string>();
        i.staff = r.get<std::string>();
        i.contacts = r.get<std::string>();
        i.direction = r.get<std::string>();
        i.summary = r.get<std::string>();
        i.outcome = r.get<std::string>();
        i.next_step = r.get<std::string>();
        out.push_back(std::move(i));
    }
    return out;
}

// ---- service requests ---------------------------------------------------------------------

std::vector<KnownRequest> known_requests(DbImpl& db, Id office_id) {
    auto s = db.stmt(
        "SELECT id, coalesce(employer_id, 0), category, received_on, description FROM service_request "
        "WHERE office_id = ?");
    s.bind_all(office_id);
    std::vector<KnownRequest> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        KnownRequest k;
        k.id = r.get<Id>();
        k.employer_id = r.get<Id>();
        k.category = r.get<std::string>();
        k.received = r.get<Date>();
        k.description = r.get<std::string>();
        out.push_back(std::move(k));
    }
    return out;
}

std::vector<RequestExportRow> request_export_rows(DbImpl& db, Id office_id) {
    auto s = db.stmt(
        "SELECT coalesce(e.rut, ''), r.category, r.description, r.address, r.latitude, r.longitude, r.attributes, "
        " r.received_on, r.status, (SELECT on_date FROM request_event v WHERE v.request_id = r.id AND "
        "  v.kind = 'transition' ORDER BY v.id DESC LIMIT 1) "
        "FROM service_request r LEFT JOIN employer e ON e.id = r.employer_id "
        "WHERE r.office_id = ? ORDER BY r.received_on, r.category, e.rut, r.id");
    s.bind_all(office_id);
    std::vector<RequestExportRow> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        RequestExportRow q;
        q.rut = r.get<std::string>();
        q.category = r.get<std::string>();
        q.description = r.get<std::string>();
        q.address = r.get<std::string>();
        q.latitude = r.get<std::optional<double>>();
        q.longitude = r.get<std::optional<double>>();
        q.attributes = r.get<std::string>();
        q.received_on = r.get<std::string>();
        q.status = r.get<std::string>();
        q.status_on = r.get<std::optional<std::string>>();
        out.push_back(std::move(q));
    }
    return out;
}

}  // namespace omilcrm::store
