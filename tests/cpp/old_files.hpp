#pragma once
// Rows written straight into an office file at an old schema version, for the tests of upgrading
// (test_migrations.cpp, test_opening.cpp).
#include <SQLiteCpp/Database.h>

namespace omt {

// An office, its manager and an employer, as a version-1 file holds them, so that the migrations
// after it have rows to backfill and tables to rebuild.
inline void add_rows_at_version_1(SQLite::Database& raw) {
    raw.exec(
        "INSERT INTO office (id, uuid, created_at, updated_at, name, commune_code) "
        "VALUES (1, '6f1c1f52-9d0e-4b7a-8f00-000000000001', 1773154800000000, 1773154800000000, "
        "'OMIL Concón', '05103')");
    raw.exec(
        "INSERT INTO staff (id, uuid, created_at, updated_at, office_id, name, role, started) "
        "VALUES (7, '6f1c1f52-9d0e-4b7a-8f00-000000000007', 1773154800000000, 1773154800000000, 1, "
        "'Bruno Soto', 'territorial_manager', '2026-01-05')");
    raw.exec(
        "INSERT INTO employer (id, uuid, created_at, updated_at, office_id, rut, legal_name, "
        "commune_code, owner_id) VALUES (42, '6f1c1f52-9d0e-4b7a-8f00-000000000042', "
        "1773154800000000, 1773154800000000, 1, '760864285', 'Logística Gulmué SpA', '05103', 7)");
}

}  // namespace omt
