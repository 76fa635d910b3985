// The storage boundary: SQLite's errors as the library's, the write lock taken at the start of
// every write, files that are not ours or cannot be written, text that is not UTF-8.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "helpers.hpp"
#include "store/sqlite.hpp"
#include "text.hpp"

using namespace omilcrm;

namespace {
OpenOptions waiting(std::chrono::milliseconds timeout) {
    auto o = omt::fixed_options();
    o.busy_timeout = timeout;
    return o;
}
}  // namespace

TEST_CASE("Storage: a write that finds the file locked waits, then is StorageBusy", "[storage]") {
    omt::TempFile file;
    auto a = Database::open(file.str(), omt::creating_options());
    omt::Concon c(a);
    auto b = Database::open(file.str(), waiting(std::chrono::milliseconds(200)));
    {
        auto tx = a.transaction();  // holds the write lock from its start
        const auto started = std::chrono::steady_clock::now();
        const auto e = omt::capture<StorageBusy>([&] { b.employers().add(c.employer("76.086.428-5", "A")); });
        const auto waited = std::chrono::steady_clock::now() - started;
        CHECK(waited >= std::chrono::milliseconds(150));
        CHECK(waited < std::chrono::seconds(3));
        CHECK(omt::contains(e.what(), "in use by another connection"));
        CHECK(omt::contains(e.what(), file.str()));
        CHECK(omt::contains(e.what(), "waited 0."));
        // The other connection reads beside the writer.
        CHECK(b.offices().list().size() == 1);
        tx.commit();
    }
    CHECK(b.employers().add(c.employer("76.086.428-5", "A")).legal_name == "A");
}

TEST_CASE("Storage: a write waits for another thread's transaction to end", "[storage]") {
    omt::TempFile file;
    auto a = Database::open(file.str(), omt::creating_options());
    omt::Concon c(a);
    auto tx = a.transaction();
    a.employers().add(c.employer("76.086.428-5", "First"));
    std::thread other([&] {
        auto b = Database::open(file.str(), omt::fixed_options());
        b.employers().add(c.employer("96.512.340-7", "Second"));  // waits, then writes
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    tx.commit();
    other.join();
    CHECK(a.employers().count(c.office.meta.id) == 2);
}

TEST_CASE("Storage: a Database opened with same_thread refuses other threads", "[storage]") {
    auto o = omt::fixed_options();
    o.same_thread = true;
    auto db = Database::open(":memory:", o);
    omt::Concon c(db);
    std::string what;
    std::thread other([&] {
        try {
            db.offices().list();
        } catch (const Error& e) {
            what = e.what();
        }
    });
    other.join();
    CHECK(omt::contains(what, "thread"));
    CHECK(db.offices().list().size() == 1);
}

TEST_CASE("Storage: a file opened read-only reads and refuses every write", "[storage]") {
    omt::TempFile file;
    {
        auto db = Database::open(file.str(), omt::creating_options());
        omt::Concon c(db);
        db.employers().add(c.employer("76.086.428-5", "A"));
    }
    const auto before = file.bytes();
    auto o = omt::fixed_options();
    o.mode = OpenMode::ReadOnly;
    auto db = Database::open(file.str(), o);
    CHECK(db.read_only());
    CHECK(db.employers().count(1) == 1);
    const auto e = omt::capture<StorageReadOnly>([&] { db.offices().add({.name = "X", .commune = "quintero"}); });
    CHECK(omt::contains(e.what(), "read-only"));
    CHECK_THROWS_AS(db.transaction(), StorageReadOnly);
    CHECK(file.bytes() == before);
}

TEST_CASE("Storage: a missing file is refused naming it and never created, and empty and NUL paths too", "[storage]") {
    omt::TempFile file;
    const auto e = omt::capture<StorageError>([&] { Database::open(file.str(), omt::fixed_options()); });
    CHECK(omt::contains(e.what(), "no office database at \"" + file.str() + "\""));
    CHECK(omt::contains(e.what(), "OpenMode::Create"));
    CHECK_FALSE(std::filesystem::exists(file.path()));
    auto o = omt::fixed_options();
    o.mode = OpenMode::ReadOnly;
    CHECK_THROWS_AS(Database::open(file.str(), o), StorageError);
    CHECK_FALSE(std::filesystem::exists(file.path()));
    CHECK(omt::capture<ValidationError>([] { Database::open(""); }).field() == "path");
    CHECK_THROWS_AS(Database::open(std::string("a\0b", 3)), ValidationError);
}

TEST_CASE("Storage: damaged and foreign headers are refused before anything is written", "[storage]") {
    for (const int version : {-1, -9, 9}) {
        omt::TempFile file;
        {
            SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
            raw.exec("CREATE TABLE notes (text TEXT)");
            raw.exec("PRAGMA user_version = " + std::to_string(version));
        }
        const auto before = file.bytes();
        INFO("user_version " << version);
        CHECK(omt::contains(omt::capture<StorageError>([&] { Database::open(file.str()); }).what(),
                            "not an omilcrm database"));
        CHECK(file.bytes() == before);
    }
    // Ours by its mark and version, but a table is gone: damaged.
    omt::TempFile file;
    {
        auto db = Database::open(file.str(), omt::creating_options());
        omt::Concon c(db);
    }
    {
        SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE);
        raw.exec("PRAGMA foreign_keys = OFF");
        raw.exec("DROP TABLE contact");
    }
    CHECK_THROWS_AS(Database::open(file.str()), StorageCorrupt);
}

TEST_CASE("Storage: text that is not UTF-8, holds a NUL or is too long is refused naming the field", "[storage]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    const auto e =
        omt::capture<ValidationError>([&] { db.employers().add(c.employer("76.086.428-5", "Log\xEDstica")); });
    CHECK(e.field() == "legal_name");
    CHECK(e.value() == "Log\\xedstica");  // shown, not stored raw
    CHECK(detail::is_utf8(e.what()));
    const auto id = db.employers().add(c.employer("76.086.428-5", "Logística")).meta.id;
    CHECK(omt::capture<ValidationError>([&] {
              db.employers().update(id, {.sector = std::string("\xED\xA0\x80")});
          }).field() == "sector");
    CHECK(omt::capture<ValidationError>([&] {
              db.employers().update(id, {.notes = std::string("a\0b", 3)});
          }).field() == "notes");
    CHECK(omt::capture<ValidationError>([&] {
              db.employers().update(id, {.notes = std::string(detail::kMaxTextBytes + 1, 'x')});
          }).field() == "notes");
    CHECK(db.employers().get(id).sector.empty());
    CHECK(db.employers().changes(id).rows() == 0);
}

TEST_CASE("Storage: strict UTF-8", "[storage][text]") {
    CHECK(detail::is_utf8("Concón ñandú €𝄞"));
    CHECK_FALSE(detail::is_utf8("\xED\xA0\x80"));      // a UTF-16 surrogate
    CHECK_FALSE(detail::is_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
    CHECK_FALSE(detail::is_utf8("\xC0\xAF"));          // overlong '/'
    CHECK_FALSE(detail::is_utf8("\xE0\x80\xAF"));      // overlong, three bytes
    CHECK_FALSE(detail::is_utf8("\xC3"));              // cut short
    CHECK_FALSE(detail::is_utf8("\x80"));              // a lone continuation byte
    CHECK(detail::printable("a\nb\x1b[31m\xFFz") == "a\\nb\\x1b[31m\\xffz");
    CHECK(detail::printable("Concón") == "Concón");
}

TEST_CASE("Storage: the column a parameter goes to", "[storage]") {
    CHECK(detail::parameter_column("INSERT INTO employer (uuid, legal_name, notes) VALUES (?, ?, ?)", 2) ==
          "legal_name");
    CHECK(detail::parameter_column("INSERT INTO t (a, b) VALUES (?, coalesce(?, 'x'))", 2) == "b");
    CHECK(detail::parameter_column("UPDATE employer SET updated_at = ?, sector = ? WHERE id = ?", 2) == "sector");
    CHECK(detail::parameter_column("SELECT x FROM t WHERE name LIKE '%?%' AND y = ?", 1) == "y");
    CHECK(detail::parameter_column("SELECT 1", 1) == "text");
}

TEST_CASE("Storage: a disk that fills up during an upgrade leaves the file as it was", "[storage]") {
    omt::TempFile file;
    {
        SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        detail::migrate(raw, 1);
    }
    SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE);
    // A file system with no room: the file may not grow by a page.
    SQLite::Statement pages(raw, "PRAGMA page_count");
    pages.executeStep();
    raw.exec("PRAGMA max_page_count = " + std::to_string(pages.getColumn(0).getInt()));
    pages.reset();
    try {
        detail::migrate(raw, Database::latest_schema_version());
        FAIL("the upgrade fitted in no room");
    } catch (const SQLite::Exception& e) {
        CHECK((e.getErrorCode() & 0xFF) == SQLITE_FULL);  // the real cause, not a failed rollback
    }
    CHECK(detail::schema_version(raw) == 1);
    CHECK_FALSE(raw.tableExists("cluster"));
}

TEST_CASE("Storage: SQLite's result codes become the library's errors", "[storage]") {
    auto raise = [](int code) { detail::raise_sqlite("office.omilcrm", code, "detail"); };
    CHECK_THROWS_AS(raise(SQLITE_BUSY), StorageBusy);
    CHECK_THROWS_AS(raise(SQLITE_LOCKED), StorageBusy);
    CHECK_THROWS_AS(raise(SQLITE_READONLY), StorageReadOnly);
    CHECK_THROWS_AS(raise(SQLITE_FULL), StorageFull);
    CHECK_THROWS_AS(raise(SQLITE_CORRUPT), StorageCorrupt);
    CHECK_THROWS_AS(raise(SQLITE_NOTADB), StorageCorrupt);
    CHECK_THROWS_AS(raise(SQLITE_IOERR_WRITE), StorageError);
    CHECK_THROWS_AS(raise(SQLITE_CONSTRAINT_UNIQUE), Conflict);
    CHECK_THROWS_AS(raise(SQLITE_CONSTRAINT_FOREIGNKEY), ValidationError);
    const auto check = omt::capture<ValidationError>(
        [] { detail::raise_sqlite("f", SQLITE_CONSTRAINT_CHECK, "CHECK constraint failed: positions > 0"); });
    CHECK(check.field() == "positions");
    const auto full = omt::capture<StorageFull>([&] { raise(SQLITE_FULL); });
    CHECK(omt::contains(full.what(), "office.omilcrm"));
    CHECK(omt::contains(full.what(), "disk is full"));
    // No raw bytes in a message.
    const auto odd = omt::capture<StorageError>([] { detail::raise_sqlite("f", SQLITE_IOERR, "bad \xFF byte"); });
    CHECK(detail::is_utf8(odd.what()));
}

TEST_CASE("Storage: threads opening a new or an old file at once upgrade it once", "[storage]") {
    for (const int start : {0, 1}) {
        omt::TempFile file;
        if (start == 1) {
            SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
            detail::migrate(raw, 1);
        }
        std::vector<std::string> errors;
        std::mutex m;
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                try {
                    auto o = omt::creating_options();
                    o.upgrade = Upgrade::Automatic;
                    auto db = Database::open(file.str(), o);
                    db.offices().add({.name = "OMIL " + std::to_string(t), .commune = "concon"});
                } catch (const std::exception& e) {
                    std::lock_guard lock(m);
                    errors.emplace_back(e.what());
                }
            });
        for (auto& t : threads) t.join();
        INFO("from version " << start);
        CHECK(errors.empty());
        auto db = Database::open(file.str(), omt::fixed_options());
        CHECK(db.schema_version() == Database::latest_schema_version());
        CHECK(db.offices().list().size() == 4);
        // One upgrade, so one backup (of the old file), and none of a new one.
        CHECK(std::filesystem::exists(file.str() + ".v1.bak") == (start == 1));
        CHECK_FALSE(std::filesystem::exists(file.str() + ".v1.2.bak"));
    }
}

TEST_CASE("Storage: an interrupt stops a long statement with Interrupted", "[storage]") {
    // OpenOptions::interrupt is asked every few thousand SQLite instructions of a statement; once
    // it says stop, the statement ends with Interrupted (Python's Ctrl-C rides on this). Between
    // rows, the bulk calls' Progress stops them (a test in test_employers.cpp).
    std::atomic<int> asked{0};
    std::atomic<bool> stop{false};
    auto options = omt::fixed_options();
    options.interrupt = [&] {
        ++asked;
        return stop.load();
    };
    auto db = Database::open(":memory:", options);
    omt::Concon c(db);
    std::vector<NewEmployer> rows;
    for (std::uint32_t i = 0; i < 5000; ++i)
        rows.push_back(c.employer(Rut::from_body(70000000 + i).str(), "Empresa " + std::to_string(i)));
    db.employers().add_many(rows);
    asked = 0;
    CHECK(db.employers().count(c.office.meta.id) == 5000u);
    CHECK(asked > 0);  // a count over 5,000 rows is one long step
    stop = true;
    const auto e = omt::capture<Interrupted>([&] { db.employers().count(c.office.meta.id); });
    CHECK(omt::contains(e.what(), "interrupted"));
    stop = false;
    CHECK(db.employers().count(c.office.meta.id) == 5000u);
}
