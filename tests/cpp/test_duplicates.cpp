// Duplicate employers through the public API: candidates, merge, undo, and every refusal.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <map>
#include <string>
#include <vector>

#include "helpers.hpp"

using namespace omt;

namespace {

// Every row of every table, as text, by table: what a merge and its undo must leave as it was.
// The merges' own tables are left out: they record that the merge happened and was undone.
std::map<std::string, std::vector<std::string>> every_row(const std::string& path) {
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    std::map<std::string, std::vector<std::string>> out;
    SQLite::Statement tables(raw,
                             "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                             "AND name NOT IN ('employer_merge', 'employer_merge_row') ORDER BY name");
    while (tables.executeStep()) {
        const std::string t = tables.getColumn(0).getString();
        SQLite::Statement rows(raw, "SELECT * FROM \"" + t + "\"");
        auto& v = out[t];
        while (rows.executeStep()) {
            std::string row;
            for (int i = 0; i < rows.getColumnCount(); ++i) {
                const auto c = rows.getColumn(i);
                row += c.isNull() ? std::string("NULL") : std::to_string(c.getType()) + ":" + c.getString();
                row += "|";
            }
            v.push_back(std::move(row));
        }
        std::sort(v.begin(), v.end());
    }
    return out;
}

// An office with Logística Gulmué twice (under two spellings), and a third employer.
struct Twins {
    TempFile file;
    Database db = Database::open(file.str(), creating_options());
    Concon c{db};
    Employer logi, logi2, envases;
    Cluster park;

    Twins() {
        NewEmployer a = c.employer("76.086.428-5", "Logística Gulmué SpA");
        a.address = "Camino Concón-Quintero km 3";
        a.since = Date(2026, 1, 10);
        logi = db.employers().add(a);
        NewEmployer b = c.employer("77.111.222-6", "LOGISTICA GULMUE S.P.A.");
        b.trade_name = "Gulmué Express";
        b.since = Date(2026, 2, 1);
        b.owner_id = c.head.meta.id;
        logi2 = db.employers().add(b);
        envases = db.employers().add(c.employer("96.512.340-7", "Envases del Pacífico S.A."));
        park = db.clusters().add(
            {.office_id = c.office.meta.id, .name = "Parque Industrial Gulmué", .kind = ClusterKind::IndustrialPark});
    }
    Id office() const { return c.office.meta.id; }
};

}  // namespace

TEST_CASE("Duplicates: candidates name both employers, the score and the reasons", "[duplicates]") {
    Twins t;
    const auto pairs = t.db.duplicates().candidates(t.office());
    REQUIRE(pairs.size() == 1);
    CHECK(pairs[0].employer_id == t.logi.meta.id);
    CHECK(pairs[0].other_id == t.logi2.meta.id);
    CHECK(pairs[0].reasons == std::vector<DuplicateReason>{DuplicateReason::SameName});
    CHECK(pairs[0].score >= Duplicates::default_min_score);

    // A shared contact phone adds to it.
    t.db.contacts().add({.employer_id = t.logi.meta.id, .name = "Carolina Fuentes", .phone = "9 8765 4321"});
    t.db.contacts().add({.employer_id = t.logi2.meta.id, .name = "C. Fuentes", .phone = "+56 9 8765 4321"});
    const auto again = t.db.duplicates().candidates(t.office());
    REQUIRE(again.size() == 1);
    CHECK(again[0].reasons == std::vector<DuplicateReason>{DuplicateReason::SameName, DuplicateReason::SamePhone});
    CHECK(again[0].score > pairs[0].score);

    const auto of = t.db.duplicates().of(t.logi2.meta.id);
    REQUIRE(of.size() == 1);
    CHECK(of[0].employer_id == t.logi2.meta.id);
    CHECK(of[0].other_id == t.logi.meta.id);
    CHECK(t.db.duplicates().of(t.envases.meta.id).empty());

    const Table table = t.db.duplicates().table(t.office());
    REQUIRE(table.rows() == 1);
    CHECK(table.column("employer_name").text_at(0) == "Logística Gulmué SpA");
    CHECK(table.column("other_name").text_at(0) == "Gulmué Express");
    CHECK(table.column("reasons").text_at(0) == "same_name, same_phone");

    CHECK_THROWS_AS(t.db.duplicates().candidates(t.office(), 1.5), ValidationError);
    CHECK_THROWS_AS(t.db.duplicates().candidates(999), NotFound);
}

TEST_CASE("Duplicates: an employer about to be added is checked, not refused", "[duplicates]") {
    Twins t;
    NewEmployer n = t.c.employer("78.000.111-9", "Logistica Gulmue Limitada");
    const auto likely = t.db.duplicates().check(n);
    REQUIRE(likely.size() == 2);
    CHECK(likely[0].employer_id == 0);
    CHECK((likely[0].other_id == t.logi.meta.id || likely[0].other_id == t.logi2.meta.id));
    const auto added = t.db.employers().add(n);
    CHECK(t.db.duplicates().of(added.meta.id).size() == 2);
    CHECK(t.db.duplicates().check(t.c.employer("79.000.222-9", "Panadería La Espiga")).empty());
}

TEST_CASE("Duplicates: a merge moves every record and undo puts back every row", "[duplicates]") {
    Twins t;
    auto& db = t.db;
    const Id keep = t.logi.meta.id, absorb = t.logi2.meta.id, by = t.c.manager.meta.id;
    // Records of both employers, in every kind of table that names an employer.
    const Contact k1 = db.contacts().add({.employer_id = keep, .name = "Carolina Fuentes", .primary = true});
    const Contact a1 = db.contacts().add({.employer_id = absorb,
                                          .name = "Pedro Soto",
                                          .email = "psoto@gulmue.cl",
                                          .phone = "9 1111 2222",
                                          .primary = true});
    db.clusters().add_member(t.park.meta.id, keep, Date(2026, 3, 1));
    db.clusters().add_member(t.park.meta.id, absorb, Date(2026, 3, 1));
    db.interactions().log({.kind = InteractionKind::Visit,
                           .on = Date(2026, 5, 4),
                           .staff_id = by,
                           .employer_id = absorb,
                           .contacts = {a1.meta.id},
                           .summary = "Primera visita",
                           .commitments = {{.description = "Enviar oferta SENCE", .due = Date(2026, 12, 1)}},
                           .follow_ups = {{.description = "Llamar", .due = Date(2026, 12, 3)}}});
    // Both at the same cluster meeting: the kept one's attendance stays, the other's is set aside.
    db.interactions().log_cluster_meeting({.cluster_id = t.park.meta.id,
                                           .on = Date(2026, 6, 4),
                                           .staff_id = by,
                                           .attended = {keep, absorb},
                                           .summary = "Reunión mensual"});
    db.requests().open({.employer_id = absorb, .category = "other", .description = "Poda"});
    db.employers().update(absorb, {.notes = std::string("Cliente desde 2024")});
    db.contacts().update(a1.meta.id, {.role = std::string("RRHH")});
    const auto before = every_row(t.file.str());

    const EmployerMerge m = db.duplicates().merge(keep, absorb, by);
    CHECK(m.kept_id == keep);
    CHECK(m.absorbed_id == absorb);
    CHECK(m.merged_by == by);
    CHECK(m.rows_moved >= 8);
    CHECK(!m.undone_at);
    CHECK(db.duplicates().get(m.meta.id).rows_moved == m.rows_moved);

    // The absorbed employer is out of every listing, its records the kept one's.
    CHECK(db.employers().count(t.office()) == 2);
    for (const auto& e : db.employers().list(t.office())) CHECK(e.meta.id != absorb);
    CHECK(db.employers().search(t.office(), "gulmue").size() == 1);
    CHECK(db.employers().table(t.office()).rows() == 2);
    CHECK(db.employers().get(absorb).meta.id == absorb);  // still there, by id
    CHECK(db.duplicates().merged_into(absorb) == keep);
    CHECK(!db.duplicates().merged_into(keep));
    CHECK(db.duplicates().candidates(t.office()).empty());
    CHECK(db.contacts().list(keep).size() == 2);
    CHECK(db.contacts().list(absorb).empty());
    CHECK(db.contacts().primary(keep)->meta.id == k1.meta.id);  // one primary: the kept one's
    CHECK(db.interactions().of_employer(keep).size() == 2);
    CHECK(db.employers().changes(keep).rows() >= 2);
    CHECK(db.employers().changes(absorb).rows() == 0);
    CHECK(db.portfolio().history(keep).size() == 2);
    CHECK(db.portfolio().history(absorb).empty());
    for (const auto& row : db.cadence().due(t.office(), test_day())) CHECK(row.employer_id != absorb);
    const auto merges = db.duplicates().merges(t.office());
    REQUIRE(merges.size() == 1);
    CHECK(merges[0].meta.id == m.meta.id);

    const EmployerMerge u = db.duplicates().undo(m.meta.id, t.c.head.meta.id);
    REQUIRE(u.undone_at);
    CHECK(u.undone_by == t.c.head.meta.id);
    CHECK(every_row(t.file.str()) == before);
    CHECK(db.employers().count(t.office()) == 3);
    CHECK(!db.duplicates().merged_into(absorb));

    // Undone once; merging again works, and so does its undo.
    CHECK_THROWS_AS(db.duplicates().undo(m.meta.id, by), Conflict);
    const EmployerMerge again = db.duplicates().merge(keep, absorb, by);
    db.duplicates().undo(again.meta.id, by);
    CHECK(every_row(t.file.str()) == before);
}

TEST_CASE("Duplicates: refused merges name the field and value and change nothing", "[duplicates]") {
    Twins t;
    auto& db = t.db;
    const Id keep = t.logi.meta.id, absorb = t.logi2.meta.id, by = t.c.manager.meta.id;
    const auto before = every_row(t.file.str());

    SECTION("an employer with itself") {
        try {
            db.duplicates().merge(keep, keep, by);
            FAIL("merged an employer with itself");
        } catch (const ValidationError& e) {
            CHECK(e.field() == "absorb");
            CHECK(e.value() == std::to_string(keep));
        }
    }
    SECTION("employers of different offices") {
        const Office other = db.offices().add({.name = "OMIL Quintero", .commune = "quintero"});
        db.staff().add({.office_id = other.meta.id,
                        .name = "Eva Pino",
                        .role = StaffRole::TerritorialManager,
                        .started = Date(2026, 1, 5)});
        const Employer far = db.employers().add(
            {.office_id = other.meta.id, .rut = "76.086.428-5", .legal_name = "Logística Gulmué SpA"});
        const auto with_other = every_row(t.file.str());
        try {
            db.duplicates().merge(keep, far.meta.id, by);
            FAIL("merged employers of two offices");
        } catch (const ValidationError& e) {
            CHECK(e.field() == "absorb");
            CHECK(e.value() == std::to_string(far.meta.id));
            CHECK(contains(e.what(), "another office"));
        }
        CHECK(every_row(t.file.str()) == with_other);
        return;
    }
    SECTION("an employer already merged") {
        const EmployerMerge m = db.duplicates().merge(keep, absorb, by);
        const auto merged = every_row(t.file.str());
        try {
            db.duplicates().merge(t.envases.meta.id, absorb, by);
            FAIL("merged an employer twice");
        } catch (const Conflict& e) {
            CHECK(contains(e.what(), "absorb " + std::to_string(absorb)));
            CHECK(contains(e.what(), "already merged into employer " + std::to_string(keep)));
        }
        CHECK_THROWS_AS(db.duplicates().merge(absorb, t.envases.meta.id, by), Conflict);
        CHECK(every_row(t.file.str()) == merged);
        db.duplicates().undo(m.meta.id, by);
    }
    SECTION("a staff member of another office, an unknown employer or merge") {
        const Office other = db.offices().add({.name = "OMIL Quintero", .commune = "quintero"});
        const StaffMember eva = db.staff().add({.office_id = other.meta.id,
                                                .name = "Eva Pino",
                                                .role = StaffRole::TerritorialManager,
                                                .started = Date(2026, 1, 5)});
        const auto with_other = every_row(t.file.str());
        try {
            db.duplicates().merge(keep, absorb, eva.meta.id);
            FAIL("merged by a stranger");
        } catch (const ValidationError& e) {
            CHECK(e.field() == "by");
            CHECK(e.value() == std::to_string(eva.meta.id));
        }
        CHECK_THROWS_AS(db.duplicates().merge(keep, 999, by), NotFound);
        CHECK_THROWS_AS(db.duplicates().undo(999, by), NotFound);
        CHECK(every_row(t.file.str()) == with_other);
        return;
    }
    CHECK(every_row(t.file.str()) == before);
}

TEST_CASE("Duplicates: a chain of merges is undone newest first", "[duplicates]") {
    Twins t;
    auto& db = t.db;
    const Id by = t.c.manager.meta.id;
    const auto before = every_row(t.file.str());
    const EmployerMerge first = db.duplicates().merge(t.logi2.meta.id, t.logi.meta.id, by);
    const EmployerMerge second = db.duplicates().merge(t.envases.meta.id, t.logi2.meta.id, by);
    CHECK(db.duplicates().merged_into(t.logi.meta.id) == t.envases.meta.id);
    CHECK_THROWS_AS(db.duplicates().undo(first.meta.id, by), Conflict);
    db.duplicates().undo(second.meta.id, by);
    db.duplicates().undo(first.meta.id, by);
    CHECK(every_row(t.file.str()) == before);
}
