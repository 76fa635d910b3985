// Transactions: all or nothing, nesting, rollback on exceptions.
#include "helpers.hpp"

using namespace omilcrm;
using omt::capture;

TEST_CASE("Transactions: an exception before commit rolls everything back", "[transactions]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    const Id office = c.office.meta.id;
    CHECK_THROWS_AS(
        [&] {
            auto tx = db.transaction();
            CHECK(tx.active());
            db.employers().add(c.employer("76.086.428-5", "A"));
            db.employers().add(c.employer("12.345.678-5", "B"));
            CHECK(db.employers().count(office) == 2u);  // visible inside the transaction
            throw std::runtime_error("the import failed half-way");
        }(),
        std::runtime_error);
    CHECK(db.employers().count(office) == 0u);
    CHECK_FALSE(db.employers().find_by_rut("76.086.428-5").has_value());
    // The database is usable afterwards.
    db.employers().add(c.employer("76.086.428-5", "A"));
    CHECK(db.employers().count(office) == 1u);
}

TEST_CASE("Transactions: commit keeps the work, explicit rollback drops it", "[transactions]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    const Id office = c.office.meta.id;
    {
        auto tx = db.transaction();
        db.employers().add(c.employer("76.086.428-5", "A"));
        tx.commit();
        CHECK_FALSE(tx.active());
        CHECK_THROWS_AS(tx.commit(), Error);  // no longer active
    }
    CHECK(db.employers().count(office) == 1u);
    {
        auto tx = db.transaction();
        db.employers().add(c.employer("12.345.678-5", "B"));
        tx.rollback();
        CHECK_FALSE(tx.active());
        tx.rollback();  // harmless
    }
    CHECK(db.employers().count(office) == 1u);
}

TEST_CASE("Transactions: a failed operation inside a transaction leaves the earlier work", "[transactions]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    auto tx = db.transaction();
    db.employers().add(c.employer("76.086.428-5", "A"));
    CHECK_THROWS_AS(db.employers().add(c.employer("760864285", "Duplicate")), Conflict);
    CHECK_THROWS_AS(db.employers().add(c.employer("12.345.678-4", "Bad RUT")), ValidationError);
    db.employers().add(c.employer("12.345.678-5", "B"));
    tx.commit();
    CHECK(db.employers().count(c.office.meta.id) == 2u);
}

TEST_CASE("Transactions nest", "[transactions]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    const Id office = c.office.meta.id;

    SECTION("inner rolled back, outer committed") {
        {
            auto outer = db.transaction();
            db.employers().add(c.employer("76.086.428-5", "A"));
            {
                auto inner = db.transaction();
                db.employers().add(c.employer("12.345.678-5", "B"));
                // destroyed without commit
            }
            CHECK(db.employers().count(office) == 1u);
            outer.commit();
        }
        CHECK(db.employers().count(office) == 1u);
        CHECK(db.employers().find_by_rut("76.086.428-5").has_value());
        CHECK_FALSE(db.employers().find_by_rut("12.345.678-5").has_value());
    }
    SECTION("inner committed, outer rolled back") {
        {
            auto outer = db.transaction();
            db.employers().add(c.employer("76.086.428-5", "A"));
            {
                auto inner = db.transaction();
                db.employers().add(c.employer("12.345.678-5", "B"));
                inner.commit();
            }
            CHECK(db.employers().count(office) == 2u);
        }
        CHECK(db.employers().count(office) == 0u);
    }
    SECTION("both committed") {
        {
            auto outer = db.transaction();
            {
                auto inner = db.transaction();
                db.employers().add(c.employer("12.345.678-5", "B"));
                inner.commit();
            }
            db.employers().add(c.employer("76.086.428-5", "A"));
            outer.commit();
        }
        CHECK(db.employers().count(office) == 2u);
    }
    SECTION("the outer one cannot commit while an inner one is open") {
        auto outer = db.transaction();
        auto inner = db.transaction();
        db.employers().add(c.employer("12.345.678-5", "B"));
        CHECK_THROWS_AS(outer.commit(), Error);
        CHECK(outer.active());
        inner.commit();
        outer.commit();
        CHECK(db.employers().count(office) == 1u);
    }
    SECTION("an exception through both levels") {
        CHECK_THROWS_AS(
            [&] {
                auto outer = db.transaction();
                db.employers().add(c.employer("76.086.428-5", "A"));
                auto inner = db.transaction();
                db.employers().add(c.employer("12.345.678-5", "B"));
                throw std::runtime_error("boom");
            }(),
            std::runtime_error);
        CHECK(db.employers().count(office) == 0u);
        // New transactions start cleanly afterwards.
        auto tx = db.transaction();
        db.employers().add(c.employer("12.345.678-5", "B"));
        tx.commit();
        CHECK(db.employers().count(office) == 1u);
    }
}

TEST_CASE("Transactions: a moved transaction is committed by its new owner", "[transactions]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    auto make = [&] {
        auto tx = db.transaction();
        db.employers().add(c.employer("76.086.428-5", "A"));
        return tx;
    };
    auto tx = make();
    CHECK(tx.active());
    tx.commit();
    CHECK(db.employers().count(c.office.meta.id) == 1u);
}

TEST_CASE("Transactions: commit persists to the file", "[transactions][migrations]") {
    omt::TempFile file;
    Id office = 0;
    {
        auto db = Database::open(file.str(), omt::creating_options());
        omt::Concon c(db);
        office = c.office.meta.id;
        auto tx = db.transaction();
        db.employers().add(c.employer("76.086.428-5", "Committed"));
        tx.commit();
        auto lost = db.transaction();
        db.employers().add(c.employer("12.345.678-5", "Never committed"));
        // the database closes with `lost` rolled back first
    }
    auto db = Database::open(file.str(), omt::fixed_options());
    CHECK(db.employers().count(office) == 1u);
    CHECK(db.employers().find_by_rut("760864285")->legal_name == "Committed");
}
