// Single-row calls inside a caller's transaction: a call that fails leaves nothing behind
// (whether SQLite or the call undoes it) and the transaction commits afterwards; the records
// their checks read are kept through the transaction, and a change to them is seen at once.
#include <SQLiteCpp/Database.h>

#include <algorithm>
#include <string>
#include <vector>

#include "helpers.hpp"

using namespace omilcrm;

namespace {

// A file with the Concón office and one employer, and triggers that refuse some rows the way a
// failing write would: an interaction whose summary is "refused", a contact of an interaction
// whose summary is "refused contact", the ownership period of an employer named "Refused".
struct RefusingFile {
    omt::TempFile file;
    Id office = 0, head = 0, manager = 0, employer = 0, contact = 0;

    RefusingFile() {
        {
            auto db = Database::open(file.str(), omt::creating_options());
            omt::Concon c(db);
            office = c.office.meta.id;
            head = c.head.meta.id;
            manager = c.manager.meta.id;
            employer = db.employers().add(c.employer("76.086.428-5", "Constructora Aconcagua")).meta.id;
            contact = db.contacts().add({.employer_id = employer, .name = "Rosa Díaz"}).meta.id;
        }
        SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE);
        raw.exec(
            "CREATE TRIGGER refuse_interaction BEFORE INSERT ON interaction WHEN NEW.summary = 'refused' "
            "BEGIN SELECT RAISE(ABORT, 'refused'); END");
        raw.exec(
            "CREATE TRIGGER refuse_contact BEFORE INSERT ON interaction_contact "
            "WHEN (SELECT summary FROM interaction WHERE id = NEW.interaction_id) = 'refused contact' "
            "BEGIN SELECT RAISE(ABORT, 'refused'); END");
        raw.exec(
            "CREATE TRIGGER refuse_owner BEFORE INSERT ON employer_owner "
            "WHEN (SELECT legal_name FROM employer WHERE id = NEW.employer_id) = 'Refused' "
            "BEGIN SELECT RAISE(ABORT, 'refused'); END");
    }
    Database open() const { return Database::open(file.str(), omt::fixed_options()); }

    NewInteraction visit(std::string summary, Date on = Date(2026, 11, 20)) const {
        return {.kind = InteractionKind::Visit,
                .on = on,
                .staff_id = manager,
                .employer_id = employer,
                .summary = std::move(summary)};
    }
    NewEmployer new_employer(std::string rut, std::string legal_name) const {
        return {.office_id = office, .rut = std::move(rut), .legal_name = std::move(legal_name)};
    }
};

std::vector<std::string> summaries(Database& db, Id employer) {
    std::vector<std::string> out;
    for (const auto& i : db.interactions().of_employer(employer)) out.push_back(i.summary);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("Single rows: a failed one-statement call in a transaction leaves nothing", "[transactions][single_rows]") {
    RefusingFile f;
    auto db = f.open();
    {
        auto tx = db.transaction();
        db.interactions().log(f.visit("first"));
        CHECK_THROWS_AS(db.interactions().log(f.visit("refused")), ValidationError);
        // A check that fails before the write, too.
        CHECK_THROWS_AS(db.interactions().log(f.visit("future", Date(2026, 12, 1))), ValidationError);
        CHECK(summaries(db, f.employer) == std::vector<std::string>{"first"});
        db.interactions().log(f.visit("second"));
        tx.commit();
    }
    CHECK(summaries(db, f.employer) == std::vector<std::string>{"first", "second"});
    // The file is whole: reopened, the same.
    auto again = f.open();
    CHECK(summaries(again, f.employer) == std::vector<std::string>{"first", "second"});
}

TEST_CASE("Single rows: a failed two-row add in a transaction leaves neither row", "[transactions][single_rows]") {
    RefusingFile f;
    auto db = f.open();
    Id kept = 0;
    {
        auto tx = db.transaction();
        db.employers().add(f.new_employer("12.345.678-5", "Before"));
        // The employer's insert succeeds, its ownership period's fails: the employer goes too.
        CHECK_THROWS_AS(db.employers().add(f.new_employer("11.111.111-1", "Refused")), ValidationError);
        CHECK_FALSE(db.employers().find_by_rut("11.111.111-1").has_value());
        // A RUT already there: the first insert fails.
        CHECK_THROWS_AS(db.employers().add(f.new_employer("76.086.428-5", "Duplicate")), Conflict);
        kept = db.employers().add(f.new_employer("11.111.111-1", "After")).meta.id;
        tx.commit();
    }
    CHECK(db.employers().count(f.office) == 3u);  // the first employer, Before and After
    const auto history = db.portfolio().history(kept);
    REQUIRE(history.size() == 1u);
    CHECK(history[0].staff_id == f.manager);
}

TEST_CASE("Single rows: a failed log with contacts in a transaction leaves no row", "[transactions][single_rows]") {
    RefusingFile f;
    auto db = f.open();
    {
        auto tx = db.transaction();
        db.interactions().log(f.visit("first"));
        auto refused = f.visit("refused contact");
        refused.contacts = {f.contact};
        // The interaction's insert succeeds, its contact's fails: the savepoint takes both back.
        CHECK_THROWS_AS(db.interactions().log(refused), ValidationError);
        auto with_contact = f.visit("with contact");
        with_contact.contacts = {f.contact};
        db.interactions().log(with_contact);
        tx.commit();
    }
    CHECK(summaries(db, f.employer) == std::vector<std::string>{"first", "with contact"});
}

TEST_CASE("Single rows: a reference changed in the same transaction is seen", "[transactions][single_rows]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    const Id employer = db.employers().add(c.employer("76.086.428-5", "Constructora Aconcagua")).meta.id;
    const NewInteraction visit{.kind = InteractionKind::Visit,
                               .on = Date(2026, 11, 20),
                               .staff_id = c.manager.meta.id,
                               .employer_id = employer,
                               .summary = "Visita"};

    SECTION("a staff member who leaves") {
        auto tx = db.transaction();
        db.interactions().log(visit);  // the manager's record is read
        CHECK(db.employers().add(c.employer("12.345.678-5", "A")).owner_id == c.manager.meta.id);
        db.staff().leave(c.manager.meta.id, Date(2026, 11, 1));
        CHECK_THROWS_AS(db.interactions().log(visit), ValidationError);  // no longer working there
        // The default owner is the head now.
        CHECK(db.employers().add(c.employer("11.111.111-1", "B")).owner_id == c.head.meta.id);
        tx.commit();
    }
    SECTION("a staff member added, and an employer's change") {
        auto tx = db.transaction();
        db.interactions().log(visit);
        const Id ines = db.staff()
                            .add({.office_id = c.office.meta.id,
                                  .name = "Inés Pérez",
                                  .role = StaffRole::Administrative,
                                  .started = Date(2026, 2, 2)})
                            .meta.id;
        auto by_ines = visit;
        by_ines.staff_id = ines;
        db.interactions().log(by_ines);
        NewEmployer owned = c.employer("12.345.678-5", "A");
        owned.owner_id = ines;
        CHECK(db.employers().add(owned).owner_id == ines);
        db.employers().update(employer, {.legal_name = "Aconcagua SpA"});
        auto with_foreign_contact = visit;
        const Id other = db.employers().add(c.employer("11.111.111-1", "B")).meta.id;
        with_foreign_contact.contacts = {db.contacts().add({.employer_id = other, .name = "Luis"}).meta.id};
        const auto e = omt::capture<ValidationError>([&] { db.interactions().log(with_foreign_contact); });
        CHECK_THAT(e.what(), Catch::Contains("Aconcagua SpA"));  // the name as changed
        tx.commit();
    }
    SECTION("a staff member added in a transaction that was rolled back") {
        Id gone = 0;
        {
            auto tx = db.transaction();
            gone = db.staff()
                       .add({.office_id = c.office.meta.id,
                             .name = "Inés Pérez",
                             .role = StaffRole::Administrative,
                             .started = Date(2026, 2, 2)})
                       .meta.id;
            auto by_gone = visit;
            by_gone.staff_id = gone;
            db.interactions().log(by_gone);  // read, and kept for the transaction
            tx.rollback();
        }
        auto tx = db.transaction();
        auto by_gone = visit;
        by_gone.staff_id = gone;
        CHECK_THROWS_AS(db.interactions().log(by_gone), NotFound);
        NewEmployer owned = c.employer("12.345.678-5", "A");
        owned.owner_id = gone;
        CHECK_THROWS_AS(db.employers().add(owned), ValidationError);
        tx.commit();
    }
    SECTION("an inner transaction rolled back") {
        auto outer = db.transaction();
        db.interactions().log(visit);
        {
            auto inner = db.transaction();
            db.staff().leave(c.manager.meta.id, Date(2026, 11, 1));
            CHECK_THROWS_AS(db.interactions().log(visit), ValidationError);
            inner.rollback();
        }
        db.interactions().log(visit);  // working there again
        outer.commit();
        CHECK(db.interactions().of_employer(employer).size() == 2u);
    }
}
