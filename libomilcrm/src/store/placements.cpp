// Placements and their follow-ups: the SQL.
#include "store/placements.hpp"

#include "store/sqlite.hpp"

namespace omilcrm::store {

namespace {

constexpr const char* kPlacementSelect =
    "SELECT p.id, p.uuid, p.created_at, p.updated_at, p.office_id, p.seeker_id, p.vacancy_id, p.employer_id, "
    "p.referral_id, p.start_on, p.contract_type, p.recorded_by, c30.employed, c30.checked_on, c90.employed, "
    "c90.checked_on FROM placement p "
    "LEFT JOIN placement_check c30 ON c30.placement_id = p.id AND c30.day = 30 "
    "LEFT JOIN placement_check c90 ON c90.placement_id = p.id AND c90.day = 90";

Placement placement_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    Placement p;
    p.meta = r.meta();
    p.office_id = r.get<Id>();
    p.seeker_id = r.get<Id>();
    p.vacancy_id = r.get<Id>();
    p.employer_id = r.get<Id>();
    p.referral_id = r.get<std::optional<Id>>();
    p.start_on = r.get<Date>();
    p.contract_type = parse_enum<EmploymentType>(r.get<std::string>());
    p.recorded_by = r.get<std::optional<Id>>();
    p.employed_30 = r.get<std::optional<bool>>();
    p.checked_30 = r.get<std::optional<Date>>();
    p.employed_90 = r.get<std::optional<bool>>();
    p.checked_90 = r.get<std::optional<Date>>();
    return p;
}

std::vector<Placement> placements_where(DbImpl& db, const char* where, Id key) {
    auto s = db.stmt(std::string(kPlacementSelect) + " WHERE " + where + " ORDER BY p.start_on, p.id");
    s.bind_all(key);
    std::vector<Placement> out;
    while (s.executeStep()) out.push_back(placement_of(s));
    return out;
}

}  // namespace

void insert_placement(DbImpl& db, Placement& p) {
    static const std::string sql =
        detail::insert_sql("placement", {"office_id", "seeker_id", "vacancy_id", "employer_id", "referral_id",
                                         "start_on", "contract_type", "recorded_by"});
    detail::insert_record(db, sql, p.meta, p.office_id, p.seeker_id, p.vacancy_id, p.employer_id, p.referral_id,
                          p.start_on, p.contract_type, p.recorded_by);
}

std::optional<Placement> find_placement(DbImpl& db, Id id) {
    auto s = db.stmt(std::string(kPlacementSelect) + " WHERE p.id = ?");
    s.bind_all(id);
    if (!s.executeStep()) return std::nullopt;
    return placement_of(s);
}

std::vector<Placement> placements_of_office(DbImpl& db, Id office_id) {
    return placements_where(db, "p.office_id = ?", office_id);
}
std::vector<Placement> placements_of_vacancy(DbImpl& db, Id vacancy_id) {
    return placements_where(db, "p.vacancy_id = ?", vacancy_id);
}

std::vector<Id> placed_vacancies_of_seeker(DbImpl& db, Id seeker_id) {
    auto s = db.stmt("SELECT vacancy_id FROM placement WHERE seeker_id = ?");
    s.bind_all(seeker_id);
    std::vector<Id> out;
    while (s.executeStep()) out.push_back(detail::RowReader(s).get<Id>());
    return out;
}

void insert_placement_check(DbImpl& db, Id placement_id, int day, bool employed, Date checked_on,
                            std::optional<Id> staff_id, const std::string& note) {
    db.stmt(
          "INSERT INTO placement_check (placement_id, day, employed, checked_on, staff_id, note, at, actor) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(placement_id, day, employed, checked_on, staff_id, note, db.now_us(), detail::actor_column(db))
        .exec();
}

}  // namespace omilcrm::store
