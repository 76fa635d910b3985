// The lookups of detail::References: the SQL.
#include "store/references.hpp"

#include <string>

#include "store/sqlite.hpp"

namespace omilcrm::store {

std::vector<std::pair<Id, Id>> office_contact_employers(DbImpl& db, Id office_id) {
    auto q = db.stmt(
        "SELECT c.id, c.employer_id FROM contact c JOIN employer e ON e.id = c.employer_id WHERE e.office_id = ?");
    q.bind_all(office_id);
    std::vector<std::pair<Id, Id>> out;
    while (q.executeStep()) {
        detail::RowReader r(q);
        const Id contact = r.get<Id>();
        out.emplace_back(contact, r.get<Id>());
    }
    return out;
}

std::vector<Interaction> interaction_heads(DbImpl& db, const std::vector<Id>& ids) {
    // The ids go to SQLite as one JSON array: one statement whatever their number.
    std::string json = "[";
    for (Id id : ids) {
        if (json.size() > 1) json += ',';
        json += std::to_string(id);
    }
    json += ']';
    auto q = db.stmt(
        "SELECT id, office_id, kind, on_date, staff_id, employer_id, cluster_id FROM interaction "
        "WHERE id IN (SELECT value FROM json_each(?))");
    q.bind_all(json);
    std::vector<Interaction> out;
    while (q.executeStep()) {
        detail::RowReader r(q);
        Interaction i;
        i.meta.id = r.get<Id>();
        i.office_id = r.get<Id>();
        i.kind = parse_enum<InteractionKind>(r.get<std::string>());
        i.on = r.get<Date>();
        i.staff_id = r.get<Id>();
        i.employer_id = r.get<std::optional<Id>>();
        i.cluster_id = r.get<std::optional<Id>>();
        out.push_back(std::move(i));
    }
    return out;
}

}  // namespace omilcrm::store
