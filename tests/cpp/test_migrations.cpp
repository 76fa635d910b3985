// Opening files: reopening keeps data, old files are upgraded, newer or foreign files refused.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <regex>
#include <sstream>
#include <vector>

#include "helpers.hpp"
#include "old_files.hpp"
#include "store/migrations.hpp"
#include "store/sqlite.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;

namespace {
// Options that upgrade an older file as it is opened.
OpenOptions upgrading() {
    auto o = omt::fixed_options();
    o.upgrade = Upgrade::Automatic;
    return o;
}

int user_version(const std::string& path) {
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    SQLite::Statement q(raw, "PRAGMA user_version");
    q.executeStep();
    return q.getColumn(0).getInt();
}

// Every table, index and trigger of a file, with the SQL SQLite keeps for it, one per line.
std::string schema_of(SQLite::Database& db) {
    SQLite::Statement q(db,
                        "SELECT type || ' ' || name || ' ON ' || tbl_name || ': ' || ifnull(sql, '') "
                        "FROM sqlite_schema ORDER BY type, name");
    std::string out;
    while (q.executeStep()) out += q.getColumn(0).getString() + "\n";
    return out;
}

}  // namespace

TEST_CASE("Migrations: the embedded files are numbered 1..N without a gap", "[migrations]") {
    const auto& all = detail::migrations();
    REQUIRE_FALSE(all.empty());
    CHECK(Database::latest_schema_version() == static_cast<int>(all.size()));
    for (std::size_t i = 0; i < all.size(); ++i) {
        const std::string number = std::to_string(i + 1);
        const std::string name = std::string(4 - std::min<std::size_t>(4, number.size()), '0') + number + ".sql";
        INFO(name);
        CHECK(all[i].version == static_cast<int>(i) + 1);
        CHECK(all[i].name == name);
        CHECK(contains(std::string(all[i].sql), "-- Schema version " + std::to_string(i + 1) + ": "));
        CHECK(all[i].sql.find('\r') == std::string_view::npos);
    }
}

TEST_CASE("Migrations: a new file's schema equals one upgraded from every older version", "[migrations]") {
    omt::TempFile fresh;
    { auto db = Database::open(fresh.str(), omt::creating_options()); }
    std::string expected;
    {
        SQLite::Database raw(fresh.str(), SQLite::OPEN_READONLY);
        expected = schema_of(raw);
    }
    REQUIRE(contains(expected, "CREATE TABLE office ("));
    const int latest = Database::latest_schema_version();
    for (int from = 1; from < latest; ++from) {
        INFO("upgraded from version " << from);
        omt::TempFile file;
        {
            SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
            detail::migrate(raw, 1);
            omt::add_rows_at_version_1(raw);
            detail::migrate(raw, from);
            REQUIRE(detail::schema_version(raw) == from);
        }
        const UpgradeReport r = Database::upgrade(file.str(), omt::fixed_options());
        CHECK(r.from_version == from);
        CHECK(r.to_version == latest);
        CHECK(r.backup == file.str() + ".v" + std::to_string(from) + ".bak");
        CHECK(user_version(r.backup) == from);
        SQLite::Database raw(file.str(), SQLite::OPEN_READONLY);
        CHECK(detail::schema_version(raw) == latest);
        CHECK(schema_of(raw) == expected);
    }
}

TEST_CASE("Migrations: a new database is at the latest schema version", "[migrations]") {
    auto db = omt::fresh_db();
    CHECK(Database::latest_schema_version() == 21);
    CHECK(db.schema_version() == Database::latest_schema_version());
    CHECK(db.path() == ":memory:");
}

TEST_CASE("Migrations: a file opened, closed and reopened keeps its data", "[migrations]") {
    omt::TempFile file;
    Id office = 0, employer = 0, cluster = 0, contact = 0;
    std::string uuid;
    {
        auto db = Database::open(file.str(), omt::creating_options());
        CHECK(db.path() == file.str());
        omt::Concon c(db);
        office = c.office.meta.id;
        auto in = c.employer("76.086.428-5", "Logística Gulmué SpA");
        in.visiting_hours = parse_visiting_hours("mon-fri 09:00-12:00");
        const auto e = db.employers().add(in);
        employer = e.meta.id;
        uuid = e.meta.uuid;
        contact = db.contacts().add({.employer_id = employer, .name = "María", .primary = true}).meta.id;
        cluster = db.clusters()
                      .add({.office_id = office,
                            .name = "Parque Industrial Gulmué",
                            .kind = ClusterKind::IndustrialPark,
                            .meets = Recurrence::monthly(1, Weekday::Thu)})
                      .meta.id;
        db.clusters().add_member(cluster, employer, Date(2026, 3, 1));
        db.clusters().set_representative(cluster, contact);
    }
    CHECK(user_version(file.str()) == Database::latest_schema_version());

    auto db = Database::open(file.str(), omt::fixed_options());
    CHECK(db.schema_version() == Database::latest_schema_version());
    REQUIRE(db.offices().list().size() == 1u);
    CHECK(db.offices().get(office).commune_code == "05103");
    CHECK(db.staff().list(office).size() == 2u);
    const auto e = db.employers().get(employer);
    CHECK(e.meta.uuid == uuid);
    CHECK(e.rut.str() == "76.086.428-5");
    CHECK(to_string(e.visiting_hours) == "mon-fri 09:00-12:00");
    CHECK(db.contacts().primary(employer)->name == "María");
    const auto cl = db.clusters().get(cluster);
    CHECK(*cl.meets == Recurrence::monthly(1, Weekday::Thu));
    CHECK(*cl.representative_id == contact);
    CHECK(db.clusters().members(cluster, omt::test_day()) == std::vector<Id>{employer});
    CHECK(db.portfolio().history(employer).size() == 1u);
    // And the reopened file takes new data.
    omt::Concon more(db);
    CHECK(db.offices().list().size() == 2u);
}

TEST_CASE("Migrations: a file from a newer version is refused and left untouched", "[migrations]") {
    omt::TempFile file;
    {
        auto db = Database::open(file.str(), omt::creating_options());
        omt::Concon c(db);
        db.employers().add(c.employer("76.086.428-5", "A"));
    }
    {
        SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE);
        raw.exec("PRAGMA user_version = 999");
    }
    const std::string before = file.bytes();
    REQUIRE_FALSE(before.empty());

    const auto e = capture<SchemaVersionError>([&] { Database::open(file.str(), omt::fixed_options()); });
    CHECK(contains(e.what(), "\"" + file.str() +
                                 "\" was written by a newer omilcrm: schema 999, this omilcrm reads up to " +
                                 std::to_string(Database::latest_schema_version())));
    CHECK(e.file_version() == 999);
    CHECK(e.supported_version() == Database::latest_schema_version());
    CHECK_FALSE(e.upgradable());
    CHECK(file.bytes() == before);
    CHECK(user_version(file.str()) == 999);
    // Still refused the second time, by every way of opening, and by an upgrade.
    CHECK_THROWS_AS(Database::open(file.str(), upgrading()), SchemaVersionError);
    auto read_only = omt::fixed_options();
    read_only.mode = OpenMode::ReadOnly;
    CHECK_THROWS_AS(Database::open(file.str(), read_only), SchemaVersionError);
    CHECK_THROWS_AS(Database::upgrade(file.str()), SchemaVersionError);
    CHECK(file.bytes() == before);
    CHECK_FALSE(std::filesystem::exists(file.str() + ".v999.bak"));
}

TEST_CASE("Migrations: a version-1 file is upgraded and keeps its employers", "[migrations]") {
    omt::TempFile file;
    // An employer created on 2026-03-10 at 12:00 in Santiago (15:00Z, UTC-3 in March).
    const std::int64_t created = omt::utc(2026, 3, 10, 15, 0).time_since_epoch().count();
    CHECK(created == 1773154800000000);  // 20522 days * 86400 s + 15 h, in microseconds
    {
        SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        detail::migrate(raw, 1);
        CHECK(detail::schema_version(raw) == 1);
        SQLite::Statement office(raw,
                                 "INSERT INTO office (id, uuid, created_at, updated_at, name, commune_code) "
                                 "VALUES (1, '6f1c1f52-9d0e-4b7a-8f00-000000000001', ?1, ?1, 'OMIL Concón', '05103')");
        office.bind(1, created);
        office.exec();
        SQLite::Statement staff(raw,
                                "INSERT INTO staff (id, uuid, created_at, updated_at, office_id, name, role, started) "
                                "VALUES (7, '6f1c1f52-9d0e-4b7a-8f00-000000000007', ?1, ?1, 1, 'Bruno Soto', "
                                "'territorial_manager', '2026-01-05')");
        staff.bind(1, created);
        staff.exec();
        SQLite::Statement employer(
            raw,
            "INSERT INTO employer (id, uuid, created_at, updated_at, office_id, rut, legal_name, "
            "commune_code, visiting_hours, owner_id) VALUES (42, "
            "'6f1c1f52-9d0e-4b7a-8f00-000000000042', ?1, ?1, 1, '760864285', "
            "'Logística Gulmué SpA', '05103', 'mon-fri 09:00-12:00', 7)");
        employer.bind(1, created);
        employer.exec();
    }
    CHECK(user_version(file.str()) == 1);

    auto db = Database::open(file.str(), upgrading());
    REQUIRE(db.upgraded().has_value());
    CHECK(db.upgraded()->from_version == 1);
    CHECK(db.upgraded()->backup == file.str() + ".v1.bak");
    CHECK(db.schema_version() == Database::latest_schema_version());
    CHECK(db.schema_version() == Database::latest_schema_version());
    // Offices from before version 5 get SENCE's usual programmes, each with its own UUID.
    const auto programmes = db.programmes().list(1);
    REQUIRE(programmes.size() == 5);
    CHECK(programmes[0].code == "capacitacion");
    CHECK(programmes[0].meta.uuid.size() == 36);
    CHECK(programmes[0].meta.uuid[14] == '4');
    CHECK(programmes[0].meta.uuid != programmes[1].meta.uuid);
    const auto found = db.employers().find_by_rut("76.086.428-5");
    REQUIRE(found.has_value());
    CHECK(found->meta.id == 42);
    CHECK(found->legal_name == "Logística Gulmué SpA");
    CHECK(found->owner_id == 7);
    CHECK(found->meta.created_at == omt::utc(2026, 3, 10, 15, 0));
    CHECK(to_string(found->visiting_hours) == "mon-fri 09:00-12:00");

    const auto h = db.portfolio().history(42);
    REQUIRE(h.size() == 1u);
    CHECK(h[0].staff_id == 7);
    CHECK(h[0].from == Date(2026, 3, 10));
    CHECK_FALSE(h[0].to.has_value());
    CHECK(db.portfolio().employers_of(7) == std::vector<Id>{42});

    // The new tables work on the upgraded file.
    const auto park =
        db.clusters().add({.office_id = 1, .name = "Parque Industrial Gulmué", .kind = ClusterKind::IndustrialPark});
    db.clusters().add_member(park.meta.id, 42, Date(2026, 4, 1));
    CHECK(db.clusters().members(park.meta.id, omt::test_day()) == std::vector<Id>{42});
    const auto newcomer = db.staff().add({.office_id = 1, .name = "Elena", .role = StaffRole::TerritorialManager});
    CHECK(db.portfolio().hand_over(7, newcomer.meta.id, Date(2026, 12, 1)) == 1u);
    CHECK(db.portfolio().history(42).size() == 2u);
}

TEST_CASE("Migrations: a version-9 file keeps its change log, its old rows without an actor", "[migrations]") {
    omt::TempFile file;
    {
        SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        detail::migrate(raw, 9);
        omt::add_rows_at_version_1(raw);
        raw.exec(
            "INSERT INTO employer_change (employer_id, at, field, old_value, new_value) "
            "VALUES (42, 1773154800000000, 'sector', '', 'Logística')");
    }
    CHECK(user_version(file.str()) == 9);

    auto db = Database::open(file.str(), upgrading());
    CHECK(db.schema_version() == Database::latest_schema_version());
    {
        const auto guard = db.access().act_as({.staff_id = 7});
        db.employers().update(42, {.notes = "Visitada"});
    }
    const Table log = db.employers().changes(42);
    REQUIRE(log.rows() == 2);
    CHECK(log.column("field").text_at(0) == "sector");
    CHECK_FALSE(log.column("actor").valid[0]);
    CHECK(log.column("actor").text_at(1) == "staff:7");
    // The new tables work on the upgraded file.
    const auto issued = db.access().create({.staff_id = 7});
    CHECK(db.access().authenticate(issued.secret)->staff_id == 7);
}

namespace {
// One row in each table that version 13 rebuilt (and the rows they refer to), as a version-12
// file holds them, each with a value of its checked lists other than the first.
void add_rows_at_version_12(SQLite::Database& raw) {
    omt::add_rows_at_version_1(raw);
    for (const char* sql : {
             "INSERT INTO staff (id, uuid, created_at, updated_at, office_id, name, role, started) "
             "VALUES (8, 'u-staff-8', 1, 2, 1, 'Elena Díaz', 'labor_psychologist', '2026-02-02')",
             "INSERT INTO cluster (id, uuid, created_at, updated_at, office_id, name, kind) "
             "VALUES (3, 'u-cluster-3', 1, 2, 1, 'Cámara de Comercio', 'chamber_of_commerce')",
             "INSERT INTO interaction (id, uuid, created_at, updated_at, office_id, kind, on_date, at_minute, "
             "staff_id, employer_id, summary) VALUES (5, 'u-interaction-5', 1, 2, 1, 'phone_call', '2026-03-11', "
             "600, 7, 42, 'Dos vacantes')",
             "INSERT INTO commitment (id, uuid, created_at, updated_at, office_id, employer_id, interaction_id, "
             "owner_id, description, due, status) VALUES (6, 'u-commitment-6', 1, 2, 1, 42, 5, 7, "
             "'Enviar perfiles', '2026-03-20', 'kept')",
             "INSERT INTO cadence_policy (id, uuid, created_at, updated_at, office_id, track, scope, cluster_id, "
             "interval_days) VALUES (2, 'u-policy-2', 1, 2, 1, 'visitas', 'cluster', 3, 30)",
             "INSERT INTO programme (id, uuid, created_at, updated_at, office_id, code, name, kind, audience) "
             "VALUES (90, 'u-programme-90', 1, 2, 1, 'bono', 'Bono al trabajo', 'subsidy', 'seekers')",
             "INSERT INTO service_request (id, uuid, created_at, updated_at, office_id, employer_id, category, "
             "status, received_on, deadline_days, zipcode) VALUES (11, 'u-request-11', 1, 2, 1, 42, 'vacancy', "
             "'in_progress', '2026-03-12', 10, '2510000')",
             "INSERT INTO request_event (id, uuid, created_at, updated_at, request_id, kind, on_date, staff_id, "
             "note, actor) VALUES (12, 'u-request-event-12', 1, 2, 11, 'reroute', '2026-03-13', 7, 'a RR.HH.', "
             "'staff:7')",
             "INSERT INTO request_photo (id, uuid, created_at, updated_at, request_id, content_type, bytes, size) "
             "VALUES (13, 'u-photo-13', 1, 2, 11, 'image/png', x'89504e47', 4)",
             "INSERT INTO event (id, uuid, created_at, updated_at, office_id, kind, title, on_date, commune, "
             "staff_id) VALUES (14, 'u-event-14', 1, 2, 1, 'job_fair', 'Feria laboral', '2026-04-02', '05103', 7)",
             "INSERT INTO outreach_asset (id, uuid, created_at, updated_at, name, kind) "
             "VALUES (15, 'u-asset-15', 1, 2, 'Video OMIL', 'banner')",
             "INSERT INTO showing (id, uuid, created_at, updated_at, asset_id, office_id, on_date, setting, "
             "audience, audience_size, event_id) VALUES (16, 'u-showing-16', 1, 2, 15, 1, '2026-04-02', "
             "'municipal_department', 'job_seekers', 40, 14)",
             "INSERT INTO access_token (id, uuid, created_at, updated_at, name, office_id, staff_id, role, "
             "can_write, secret_hash) VALUES (17, 'u-token-17', 1, 2, 'Bruno', 1, 7, 'coordinator', 1, "
             "'0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef')",
             "INSERT INTO job_seeker (id, uuid, created_at, updated_at, office_id, commune, education, "
             "registered_on, consent_on, consent_scope) VALUES (18, 'u-seeker-18', 1, 2, 1, '05103', 'media', "
             "'2026-03-01', '2026-03-01', 'intermediación')",
             "INSERT INTO rights_request (id, uuid, created_at, updated_at, office_id, seeker_id, kind, "
             "received_on, verified_by, verification, due_on, status) VALUES (19, 'u-rights-19', 1, 2, 1, 18, "
             "'rectification', '2026-03-02', 7, 'cédula', '2026-03-30', 'extended')",
         })
        raw.exec(sql);
}

// Every table's columns, in order.
std::map<std::string, std::vector<std::string>> columns_of(SQLite::Database& db) {
    std::map<std::string, std::vector<std::string>> out;
    SQLite::Statement q(db,
                        "SELECT t.name, c.name FROM sqlite_schema t, pragma_table_info(t.name) c "
                        "WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite_%' ORDER BY t.name, c.cid");
    while (q.executeStep()) out[q.getColumn(0).getString()].push_back(q.getColumn(1).getString());
    return out;
}

// Every table's rows, each its columns quoted by SQLite and joined, sorted: what an upgrade keeps.
// With `only`, those tables and columns (a later version's added columns left out).
std::map<std::string, std::vector<std::string>> rows_of(
    SQLite::Database& db, const std::map<std::string, std::vector<std::string>>& only = {}) {
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& [t, columns] : only.empty() ? columns_of(db) : only) {
        std::string select;
        for (const auto& c : columns) select += (select.empty() ? "" : " || '|' || ") + ("quote(" + c + ")");
        SQLite::Statement q(db, "SELECT " + select + " FROM " + t + " ORDER BY 1");
        auto& rows = out[t];
        while (q.executeStep()) rows.push_back(q.getColumn(0).getString());
    }
    return out;
}

// A column whose CHECK allows one of a list of names: `kind IN ('visit','phone_call',...)`.
struct CheckedList {
    std::string table, column;
    std::vector<std::string> values;  ///< as SQL literals: 'visit'
};

// The lists of three or more values in the CHECK constraints of a file's tables.
std::vector<CheckedList> in_lists_of(SQLite::Database& db) {
    static const std::regex in_list(R"((\w+) IN \(([^)]*)\))");
    std::vector<CheckedList> out;
    SQLite::Statement q(db, "SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name");
    while (q.executeStep()) {
        const std::string table = q.getColumn(0).getString(), sql = q.getColumn(1).getString();
        for (std::sregex_iterator m(sql.begin(), sql.end(), in_list), end; m != end; ++m) {
            CheckedList l{table, (*m)[1].str(), {}};
            std::stringstream values((*m)[2].str());
            for (std::string v; std::getline(values, v, ',');) {
                const auto first = v.find_first_not_of(" \n"), last = v.find_last_not_of(" \n");
                l.values.push_back(v.substr(first, last + 1 - first));
            }
            if (l.values.size() >= 3) out.push_back(std::move(l));
        }
    }
    return out;
}

// The opcodes of the program SQLite compiles for `sql`.
std::vector<std::string> program_of(SQLite::Database& db, const std::string& sql) {
    std::vector<std::string> ops;
    SQLite::Statement q(db, "EXPLAIN " + sql);
    while (q.executeStep()) ops.push_back(q.getColumn(1).getString());
    return ops;
}
}  // namespace

TEST_CASE("Migrations: a version-12 file keeps every row, and its checks still refuse a bad value", "[migrations]") {
    omt::TempFile file;
    std::map<std::string, std::vector<std::string>> before, columns;
    std::vector<CheckedList> lists;
    {
        SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        detail::migrate(raw, 12);
        add_rows_at_version_12(raw);
        before = rows_of(raw);
        columns = columns_of(raw);
        lists = in_lists_of(raw);
    }
    // Staff role, employer size and status, interaction kind...: every list version 13 rewrites.
    REQUIRE(lists.size() == 19u);
    for (const auto& l : lists) {
        INFO(l.table);
        CHECK(before.at(l.table).size() >= 1u);
    }

    auto db = Database::open(file.str(), upgrading());
    REQUIRE(db.upgraded().has_value());
    CHECK(db.upgraded()->from_version == 12);
    CHECK(db.schema_version() == Database::latest_schema_version());
    CHECK(db.interactions().get(5).kind == InteractionKind::PhoneCall);
    CHECK(db.staff().get(8).role == StaffRole::LaborPsychologist);
    db.close();

    SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE);
    raw.exec("PRAGMA foreign_keys = ON");
    CHECK(rows_of(raw, columns) == before);  // later versions' columns aside
    CHECK(in_lists_of(raw).empty());
    {
        SQLite::Statement integrity(raw, "PRAGMA integrity_check");
        REQUIRE(integrity.executeStep());
        CHECK(integrity.getColumn(0).getString() == "ok");
        SQLite::Statement keys(raw, "PRAGMA foreign_key_check");
        CHECK_FALSE(keys.executeStep());
    }
    for (const auto& l : lists) {
        INFO(l.table << "." << l.column);
        const std::string update =
            "UPDATE " + l.table + " SET " + l.column + " = ? WHERE rowid = (SELECT min(rowid) FROM " + l.table + ")";
        // Every value the list allowed is still allowed...
        for (const auto& v : l.values) {
            SQLite::Statement s(raw, update);
            s.bind(1, v.substr(1, v.size() - 2));
            CHECK(s.exec() == 1);
        }
        // ...and nothing else, not even one of them in other letters.
        for (const char* bad : {"not_a_value", "", "OTHER"}) {
            SQLite::Statement s(raw, update);
            s.bind(1, bad);
            try {
                s.exec();
                FAIL_CHECK("\"" << bad << "\" was accepted");
            } catch (const SQLite::Exception& e) {
                CHECK(e.getExtendedErrorCode() == SQLITE_CONSTRAINT_CHECK);
            }
        }
    }
}

TEST_CASE("Migrations: no insert or update builds a temporary B-tree for its checks", "[migrations]") {
    // SQLite compiles `x IN (a, b, c)` into a table it builds on every run of the statement; the
    // checks compare instead, so writing one row builds nothing (no OpenEphemeral in its program).
    omt::TempFile file;
    { auto db = Database::open(file.str(), omt::creating_options()); }
    SQLite::Database raw(file.str(), SQLite::OPEN_READONLY);
    std::vector<std::pair<std::string, bool>> tables;  // name, has a rowid
    {
        SQLite::Statement q(raw,
                            "SELECT name, sql NOT LIKE '%WITHOUT ROWID%' FROM sqlite_schema "
                            "WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
        while (q.executeStep()) tables.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getInt() != 0);
    }
    REQUIRE(tables.size() > 40u);
    for (const auto& [table, rowid] : tables) {
        INFO(table);
        std::vector<std::string> columns;
        SQLite::Statement c(raw, "SELECT name FROM pragma_table_info(?)");
        c.bind(1, table);
        while (c.executeStep()) columns.push_back(c.getColumn(0).getString());
        std::string insert = "INSERT INTO " + table + " (", values, set;
        for (const auto& col : columns) {
            insert += (values.empty() ? "" : ", ") + col;
            values += values.empty() ? "?" : ", ?";
            if (col != "id") set += (set.empty() ? "" : ", ") + col + " = ?";
        }
        insert += ") VALUES (" + values + ")";
        const auto ops = program_of(raw, insert);
        REQUIRE(std::find(ops.begin(), ops.end(), "Insert") != ops.end());
        CHECK(std::count(ops.begin(), ops.end(), "OpenEphemeral") == 0);
        if (rowid && !set.empty()) {
            const auto update = program_of(raw, "UPDATE " + table + " SET " + set + " WHERE rowid = ?");
            CHECK(std::count(update.begin(), update.end(), "OpenEphemeral") == 0);
        }
    }
}

TEST_CASE("Migrations: a version-13 file's clusters and planned visits start at revision 0", "[migrations]") {
    omt::TempFile file;
    {
        SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        detail::migrate(raw, 13);
        omt::add_rows_at_version_1(raw);
        raw.exec(
            "INSERT INTO cluster (id, uuid, created_at, updated_at, office_id, name, kind, meets) VALUES "
            "(3, 'c0ffee00-0000-4000-8000-000000000003', 1773154800000000, 1773154800000000, 1, 'Parque', "
            "'industrial_park', 'monthly week=1 weekday=thu')");
    }
    auto db = Database::open(file.str(), upgrading());
    CHECK(db.schema_version() == Database::latest_schema_version());
    const Cluster park = db.clusters().get(3);
    CHECK(park.revision == 0);
    CHECK(db.clusters().set_meets(3, Recurrence::weekly(Weekday::Tue)).revision == 1);
}

TEST_CASE("Migrations: a version-14 file's employers have no activity until one is given", "[migrations]") {
    omt::TempFile file;
    {
        SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        detail::migrate(raw, 14);
        omt::add_rows_at_version_1(raw);
    }
    auto db = Database::open(file.str(), upgrading());
    CHECK(db.schema_version() == Database::latest_schema_version());
    const Employer before = db.employers().get(42);
    CHECK(before.activity.empty());
    CHECK(db.employers().update(42, {.activity = "492300"}).activity == "49230");
    CHECK(db.employers().get(42).legal_name == before.legal_name);
}

TEST_CASE("Migrations: a version-15 file's employers are all unmerged and can be merged", "[migrations]") {
    omt::TempFile file;
    {
        SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        detail::migrate(raw, 15);
        omt::add_rows_at_version_1(raw);
    }
    auto db = Database::open(file.str(), upgrading());
    CHECK(db.schema_version() == Database::latest_schema_version());
    const Employer before = db.employers().get(42);
    CHECK(db.employers().count(before.office_id) == 1);
    CHECK_FALSE(db.duplicates().merged_into(42));
    CHECK(db.duplicates().merges(before.office_id).empty());
    CHECK(db.employers().get(42).legal_name == before.legal_name);
}

TEST_CASE("Migrations: a version-16 file's employers come from an unknown source until told", "[migrations]") {
    omt::TempFile file;
    {
        SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        detail::migrate(raw, 16);
        omt::add_rows_at_version_1(raw);
    }
    auto db = Database::open(file.str(), upgrading());
    CHECK(db.schema_version() == Database::latest_schema_version());
    const Employer before = db.employers().get(42);
    CHECK(before.lead_source == LeadSource::Unknown);
    CHECK(before.lead_detail.empty());
    CHECK(db.needs().of(42).empty());
    const Employer after =
        db.employers().update(42, {.lead_source = LeadSource::MayorsOffice, .lead_detail = "Gabinete del alcalde"});
    CHECK(after.lead_source == LeadSource::MayorsOffice);
    CHECK(after.legal_name == before.legal_name);
    // The store's check holds the names the library knows.
    SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE);
    CHECK_THROWS(raw.exec("UPDATE employer SET lead_source = 'rumour' WHERE id = 42"));
}

TEST_CASE("Migrations: a version-17 file upgrades with an empty outbox and every trigger on", "[migrations]") {
    omt::TempFile file;
    {
        SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        detail::migrate(raw, 17);
        omt::add_rows_at_version_1(raw);
    }
    auto db = Database::open(file.str(), upgrading());
    CHECK(db.schema_version() == Database::latest_schema_version());
    const Employer before = db.employers().get(42);
    const Id office = before.office_id;
    CHECK(db.outbox().list(office).empty());
    CHECK(db.outbox().enabled(office, Notification::RequestRouted));
    CHECK_FALSE(db.outbox().template_of(office, Notification::Digest).custom);
    CHECK(db.employers().get(42).legal_name == before.legal_name);
}

TEST_CASE("Migrations: a version-18 file keeps its outbox and starts with no check-ins", "[migrations]") {
    omt::TempFile file;
    {
        SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        detail::migrate(raw, 18);
        omt::add_rows_at_version_1(raw);
        raw.exec(
            "INSERT INTO outbox_message (id, uuid, created_at, updated_at, office_id, recipient_kind, "
            "recipient_address, template, trigger_table, trigger_id, subject, body_text, body_html, message_id, "
            "next_attempt_at) SELECT 7, 'c0ffee00-0000-4000-8000-000000000007', 1773154800000000, "
            "1773154800000000, office_id, 'staff', 'bruno@concon.cl', 'digest', 'staff', 1, 'Tu resumen', 'Hola', "
            "'<p>Hola</p>', '<c0ffee@omilcrm>', 1773154800000000 FROM employer WHERE id = 42");
        raw.exec(
            "INSERT INTO outbox_setting (office_id, trigger, enabled, updated_at) "
            "SELECT office_id, 'digest', 0, 1773154800000000 FROM employer WHERE id = 42");
    }
    auto db = Database::open(file.str(), upgrading());
    CHECK(db.schema_version() == Database::latest_schema_version());
    const Employer before = db.employers().get(42);
    const Id office = before.office_id;
    const auto kept = db.outbox().list(office);
    REQUIRE(kept.size() == 1);
    CHECK(kept[0].subject == "Tu resumen");
    CHECK(kept[0].message_id == "<c0ffee@omilcrm>");
    CHECK_FALSE(db.outbox().enabled(office, Notification::Digest));
    CHECK(db.outbox().enabled(office, Notification::CheckinDue));
    CHECK(db.checkins().days_before(office) == kDefaultCheckInDaysBefore);
    CHECK(db.checkins().due(office, omt::test_day()).empty());
    CHECK(db.employers().get(42).legal_name == before.legal_name);
    // The new table's checks hold.
    SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE);
    CHECK_THROWS(raw.exec("INSERT INTO checkin_setting (office_id, days_before, updated_at) VALUES (1, 61, 0)"));
}

TEST_CASE("Migrations: a version-19 file keeps its events and starts with no partners", "[migrations]") {
    omt::TempFile file;
    {
        SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        detail::migrate(raw, 19);
        omt::add_rows_at_version_1(raw);
        raw.exec(
            "INSERT INTO event (id, uuid, created_at, updated_at, office_id, kind, title, on_date, place, commune, "
            "organiser, staff_id, notes) VALUES (5, '6f1c1f52-9d0e-4b7a-8f00-000000000105', 1773154800000000, "
            "1773154800000000, 1, 'job_fair', 'Feria laboral Concón', '2026-10-15', 'Plaza', '05103', '', 7, '')");
        raw.exec(
            "INSERT INTO outreach_asset (id, uuid, created_at, updated_at, name, kind, produced_by, description) "
            "VALUES (3, '6f1c1f52-9d0e-4b7a-8f00-000000000203', 1773154800000000, 1773154800000000, "
            "'Video institucional', 'video', 'SENCE', '')");
    }
    auto db = Database::open(file.str(), upgrading());
    CHECK(db.schema_version() == Database::latest_schema_version());
    const Event fair = db.events().get(5);
    CHECK(fair.title == "Feria laboral Concón");
    CHECK(fair.partner_hosts.empty());
    CHECK(db.events().partners(5).empty());
    CHECK(db.partners().list(1).empty());
    CHECK(db.outreach().appearances(3).empty());
    CHECK(db.employers().get(42).legal_name == "Logística Gulmué SpA");
    const Partner u =
        db.partners().add({.office_id = 1, .name = "Universidad de Valparaíso", .kind = PartnerKind::University});
    db.events().invite_partners(5, {u.meta.id});
    CHECK(db.events().partners(5).at(0).invited);
    // The store's check holds the kinds the library knows.
    SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE);
    CHECK_THROWS(raw.exec("UPDATE partner SET kind = 'church' WHERE id = " + std::to_string(u.meta.id)));
}

TEST_CASE("Migrations: a version-20 file's referrals get the day of their first interview", "[migrations]") {
    omt::TempFile file;
    Id first = 0, never = 0, office = 0;
    {
        omt::Jobs j(Database::open(file.str(), omt::creating_options()));
        office = j.office();
        const Id v = j.db.vacancies().capture(j.vacancy(j.acme, 2, Date(2026, 3, 10), CaptureChannel::Visit)).meta.id;
        const Id a = j.db.seekers().add(j.seeker("Pedro Pérez")).meta.id;
        const Id b = j.db.seekers().add(j.seeker("María Soto")).meta.id;
        first = j.db.referrals().refer(a, v, {}, Date(2026, 3, 11)).meta.id;
        never = j.db.referrals().refer(b, v, {}, Date(2026, 3, 11)).meta.id;
        j.db.referrals().advance(first, ReferralStage::Interview, {}, Date(2026, 3, 15));
        j.db.referrals().evaluate(first, EvaluationResult::Suitable, j.psychologist.meta.id, Date(2026, 3, 16));
        j.db.referrals().advance(first, ReferralStage::Interview, {}, Date(2026, 3, 20));
    }
    {
        // The file as version 20 left it: no column, no trigger, the indexes as they were.
        SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE);
        raw.exec("DROP TRIGGER referral_event_first_interview");
        raw.exec("DROP INDEX referral_interviewed");
        raw.exec("ALTER TABLE referral DROP COLUMN interviewed_on");
        raw.exec("DROP INDEX vacancy_office");
        raw.exec("CREATE INDEX vacancy_office ON vacancy(office_id, captured_on)");
        raw.exec("DROP INDEX placement_office");
        raw.exec("CREATE INDEX placement_office ON placement(office_id, start_on)");
        raw.exec("PRAGMA user_version = 20");
    }
    auto db = Database::open(file.str(), upgrading());
    CHECK(db.schema_version() == 21);
    const auto interviewed = [&](Id referral) {
        SQLite::Database raw(file.str(), SQLite::OPEN_READONLY);
        SQLite::Statement q(raw, "SELECT interviewed_on FROM referral WHERE id = ?");
        q.bind(1, referral);
        REQUIRE(q.executeStep());
        return q.getColumn(0).isNull() ? std::string("NULL") : q.getColumn(0).getString();
    };
    CHECK(interviewed(first) == "2026-03-15");  // the earliest of its two interviews
    CHECK(interviewed(never) == "NULL");
    // From now on the trigger keeps it: an interview recorded through the library, and one
    // inserted by hand with an earlier day.
    db.referrals().advance(never, ReferralStage::Interview, {}, Date(2026, 3, 25));
    CHECK(interviewed(never) == "2026-03-25");
    {
        SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE);
        raw.exec("INSERT INTO referral_event (referral_id, at, on_date, from_stage, to_stage) VALUES (" +
                 std::to_string(never) + ", 0, '2026-03-12', 'referred', 'interview')");
        raw.exec("INSERT INTO referral_event (referral_id, at, on_date, from_stage, to_stage) VALUES (" +
                 std::to_string(never) + ", 0, '2026-03-30', 'interview', 'not_selected')");
    }
    CHECK(interviewed(never) == "2026-03-12");
    const Table f = db.reports().funnel(office, Date(2026, 3, 1), Date(2026, 3, 31));
    CHECK(omt::int_at(f, "interviews", 0) == 2);
}

TEST_CASE("Migrations: a SQLite file of another application is refused untouched", "[migrations]") {
    omt::TempFile file;
    {
        SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        raw.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)");
        raw.exec("INSERT INTO invoices (total) VALUES (1250.5)");
    }
    const std::string before = file.bytes();
    const auto e = capture<StorageError>([&] { Database::open(file.str(), omt::fixed_options()); });
    CHECK(contains(e.what(), "not an omilcrm database"));
    CHECK(contains(e.what(), file.str()));
    CHECK(file.bytes() == before);
    SQLite::Database raw(file.str(), SQLite::OPEN_READONLY);
    CHECK(raw.tableExists("invoices"));
    CHECK_FALSE(raw.tableExists("employer"));
}

TEST_CASE("Migrations: a file with another application id is refused", "[migrations]") {
    omt::TempFile file;
    {
        SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        raw.exec("PRAGMA application_id = 1234");
    }
    CHECK_THROWS_AS(Database::open(file.str(), omt::fixed_options()), StorageError);
}

TEST_CASE("Migrations: a file that is not SQLite at all is refused untouched", "[migrations]") {
    omt::TempFile file;
    {
        std::ofstream out(file.path(), std::ios::binary);
        out << "id,name\n1,not a database at all, just some CSV text that is long enough\n";
    }
    const std::string before = file.bytes();
    CHECK_THROWS_AS(Database::open(file.str(), omt::fixed_options()), StorageError);
    CHECK(file.bytes() == before);
}

TEST_CASE("Migrations: a missing folder is a StorageError naming it", "[migrations]") {
    const auto dir = std::filesystem::temp_directory_path() / "omilcrm_no_such_folder_xyz";
    const auto e =
        capture<StorageError>([&] { Database::open((dir / "office.omil").string(), omt::creating_options()); });
    CHECK(contains(e.what(), "folder"));
    CHECK(contains(e.what(), dir.string()));
    CHECK_FALSE(std::filesystem::exists(dir));
}
