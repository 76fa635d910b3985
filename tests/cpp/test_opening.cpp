// Opening a file safely: a missing file is created only when asked, read-only never writes, an
// older file is upgraded only when asked (after a backup), a newer one is refused.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "helpers.hpp"
#include "old_files.hpp"
#include "store/sqlite.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;

namespace {

namespace fs = std::filesystem;

OpenOptions read_only() {
    auto o = omt::fixed_options();
    o.mode = OpenMode::ReadOnly;
    return o;
}

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

// The file's journal mode as its header says (byte 18: 1 rollback journal, 2 WAL).
int header_journal(const std::string& bytes) { return bytes.size() > 18 ? bytes[18] : 0; }

bool exists(const std::string& path) { return fs::exists(path); }

// An office file with an office, its staff and an employer, closed (so its -wal and -shm are gone).
void write_office(const omt::TempFile& file) {
    auto db = Database::open(file.str(), omt::creating_options());
    omt::Concon c(db);
    db.employers().add(c.employer("76.086.428-5", "Logística Gulmué SpA"));
}

// An office file left at schema `version`, with an office, its manager and an employer.
void write_old_office(const omt::TempFile& file, int version) {
    SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    detail::migrate(raw, 1);
    omt::add_rows_at_version_1(raw);
    detail::migrate(raw, version);
}

}  // namespace

TEST_CASE("Opening: a missing file is created only with OpenMode::Create", "[opening]") {
    omt::TempFile file;
    const auto e = capture<StorageError>([&] { Database::open(file.str(), omt::fixed_options()); });
    CHECK(std::string(e.what()) ==
          "no office database at \"" + file.str() + "\": no such file (open it with OpenMode::Create to create one)");
    CHECK_FALSE(exists(file.str()));
    CHECK_FALSE(exists(file.str() + "-wal"));

    auto db = Database::open(file.str(), omt::creating_options());
    CHECK(db.schema_version() == Database::latest_schema_version());
    CHECK_FALSE(db.upgraded().has_value());
    omt::Concon c(db);
    db.close();
    // Create opens an existing file as it is.
    auto again = Database::open(file.str(), omt::creating_options());
    CHECK(again.offices().list().size() == 1);
}

TEST_CASE("Opening: an empty file is not an office database unless Create is asked", "[opening]") {
    omt::TempFile file;
    { std::ofstream touch(file.path()); }
    const auto e = capture<StorageError>([&] { Database::open(file.str(), omt::fixed_options()); });
    CHECK(contains(e.what(), "the file is empty"));
    CHECK(contains(e.what(), file.str()));
    CHECK(file.bytes().empty());
    CHECK_THROWS_AS(Database::open(file.str(), read_only()), StorageError);
    CHECK(file.bytes().empty());
    auto db = Database::open(file.str(), omt::creating_options());
    CHECK(db.schema_version() == Database::latest_schema_version());
}

TEST_CASE("Opening: ':memory:' is always a new database, and cannot be read-only", "[opening]") {
    auto db = Database::open(":memory:", omt::fixed_options());
    CHECK(db.schema_version() == Database::latest_schema_version());
    CHECK(capture<ValidationError>([] { Database::open(":memory:", read_only()); }).field() == "mode");
    CHECK_THROWS_AS(Database::upgrade(":memory:"), ValidationError);
}

TEST_CASE("Opening: read-only leaves a rollback-journal file's bytes and time alone, no file beside it", "[opening]") {
    omt::TempFile file;
    write_office(file);
    {
        SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE);
        raw.exec("PRAGMA journal_mode = DELETE");
    }
    const std::string before = file.bytes();
    REQUIRE(header_journal(before) == 1);
    const auto modified = fs::last_write_time(file.path());
    {
        auto db = Database::open(file.str(), read_only());
        CHECK(db.read_only());
        CHECK(db.employers().count(1) == 1);
        CHECK(db.employers().table(1).rows() == 1);
        CHECK_THROWS_AS(db.employers().add({.office_id = 1, .rut = "96.512.340-7", .legal_name = "B"}),
                        StorageReadOnly);
        CHECK_THROWS_AS(db.transaction(), StorageReadOnly);
        for (const char* suffix : {"-wal", "-shm", "-journal"}) CHECK_FALSE(exists(file.str() + suffix));
    }
    CHECK(file.bytes() == before);
    CHECK(fs::last_write_time(file.path()) == modified);
    for (const char* suffix : {"-wal", "-shm", "-journal"}) CHECK_FALSE(exists(file.str() + suffix));
}

TEST_CASE("Opening: read-only never writes a WAL file, SQLite makes its -shm index beside it", "[opening]") {
    omt::TempFile file;
    write_office(file);
    const std::string before = file.bytes();
    REQUIRE(header_journal(before) == 2);
    REQUIRE_FALSE(exists(file.str() + "-wal"));  // the last writer to close removed them
    const auto modified = fs::last_write_time(file.path());
    {
        auto db = Database::open(file.str(), read_only());
        CHECK(db.employers().count(1) == 1);
        CHECK_THROWS_AS(db.offices().add({.name = "X", .commune = "quintero"}), StorageReadOnly);
        // What SQLite needs to read a WAL file beside writers: the shared-memory index, and an
        // empty log. Nothing is written to the file itself.
        CHECK(exists(file.str() + "-shm"));
        CHECK(fs::file_size(file.str() + "-wal") == 0);
    }
    CHECK(file.bytes() == before);
    CHECK(fs::last_write_time(file.path()) == modified);
    CHECK(fs::file_size(file.str() + "-wal") == 0);  // left behind, empty; a writer's close removes them
    {
        auto writer = Database::open(file.str(), omt::fixed_options());
        writer.offices().add({.name = "OMIL Quintero", .commune = "quintero"});
    }
    CHECK_FALSE(exists(file.str() + "-wal"));
    CHECK_FALSE(exists(file.str() + "-shm"));
}

TEST_CASE("Opening: a WAL file in a folder nobody may write is refused read-only, saying why", "[opening]") {
    // What a reader who may not write the folder meets: as root, a child process that has become
    // nobody; as anyone else, a folder made read-only.
    const fs::path dir = fs::temp_directory_path() / ("omilcrm_test_ro_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string path = (dir / "concon.omilcrm").string();
    {
        auto db = Database::open(path, omt::creating_options());
        omt::Concon c(db);
    }
    REQUIRE_FALSE(exists(path + "-shm"));
    const bool root = ::geteuid() == 0;
    fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read | fs::perms::group_exec |
                             fs::perms::others_read | fs::perms::others_exec);
    // 0: refused with StorageReadOnly naming the folder; 1: opened; 2: another error.
    auto attempt = [&]() -> int {
        try {
            Database::open(path, read_only());
            return 1;
        } catch (const StorageReadOnly& e) {
            return contains(e.what(), "the folder is not writable") && contains(e.what(), path) ? 0 : 2;
        } catch (...) {
            return 2;
        }
    };
    int outcome = 2;
    if (root) {
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) _exit(::setuid(65534) == 0 ? attempt() : 3);
        int status = 0;
        ::waitpid(child, &status, 0);
        outcome = WIFEXITED(status) ? WEXITSTATUS(status) : 4;
    } else {
        outcome = attempt();
    }
    CHECK(outcome == 0);
    CHECK_FALSE(exists(path + "-shm"));
    fs::permissions(dir, fs::perms::owner_all);
    fs::remove_all(dir);
}

TEST_CASE("Opening: a read-only connection sees what a writer commits meanwhile", "[opening]") {
    omt::TempFile file;
    write_office(file);
    auto writer = Database::open(file.str(), omt::fixed_options());
    auto reader = Database::open(file.str(), read_only());
    CHECK(reader.offices().list().size() == 1);
    writer.offices().add({.name = "OMIL Quintero", .commune = "quintero"});
    CHECK(reader.offices().list().size() == 2);
}

TEST_CASE("Opening: an older file is refused naming both versions, and nothing is written", "[opening]") {
    omt::TempFile file;
    write_old_office(file, 11);
    const std::string before = file.bytes();
    const auto modified = fs::last_write_time(file.path());
    const std::string latest = std::to_string(Database::latest_schema_version());

    const auto e = capture<SchemaVersionError>([&] { Database::open(file.str(), omt::fixed_options()); });
    CHECK(contains(e.what(),
                   "\"" + file.str() + "\" has schema version 11, older than the " + latest + " this omilcrm reads"));
    CHECK(contains(e.what(), "Database::upgrade"));
    CHECK(contains(e.what(), "omilcrm migrate " + file.str()));
    CHECK(contains(e.what(), file.str() + ".v11.bak"));
    CHECK(contains(e.what(), "Upgrade::Automatic"));
    CHECK(e.path() == file.str());
    CHECK(e.file_version() == 11);
    CHECK(e.supported_version() == Database::latest_schema_version());
    CHECK(e.upgradable());
    // Not even switched to WAL; no backup either.
    CHECK(file.bytes() == before);
    CHECK(fs::last_write_time(file.path()) == modified);
    CHECK_FALSE(exists(file.str() + ".v11.bak"));

    // Read-only: refused too (it cannot be read at the old schema), saying why.
    const auto ro = capture<SchemaVersionError>([&] { Database::open(file.str(), read_only()); });
    CHECK(contains(ro.what(), "open read-only"));
    CHECK(file.bytes() == before);
}

TEST_CASE("Opening: Database::upgrade writes a backup, then upgrades, and the backup is the old file", "[opening]") {
    omt::TempFile file;
    write_old_office(file, 11);
    const UpgradeReport r = Database::upgrade(file.str(), omt::fixed_options());
    CHECK(r.path == file.str());
    CHECK(r.from_version == 11);
    CHECK(r.to_version == Database::latest_schema_version());
    CHECK(r.backup == file.str() + ".v11.bak");

    // The file: upgraded, its data kept.
    auto db = Database::open(file.str(), omt::fixed_options());
    CHECK(db.schema_version() == Database::latest_schema_version());
    CHECK(db.employers().get(42).legal_name == "Logística Gulmué SpA");
    db.close();

    // The backup: one file, in rollback-journal mode, at the old version with the same rows, and
    // refused by this library as the old file was.
    REQUIRE(exists(r.backup));
    CHECK_FALSE(exists(r.backup + "-wal"));
    std::ifstream in(r.backup, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(header_journal(bytes) == 1);
    CHECK(user_version(r.backup) == 11);
    {
        SQLite::Database raw(r.backup, SQLite::OPEN_READONLY);
        SQLite::Statement q(raw, "SELECT legal_name FROM employer WHERE id = 42");
        REQUIRE(q.executeStep());
        CHECK(q.getColumn(0).getString() == "Logística Gulmué SpA");
    }
    CHECK(fs::status(r.backup).permissions() == fs::status(file.path()).permissions());
    const auto old = capture<SchemaVersionError>([&] { Database::open(r.backup, omt::fixed_options()); });
    CHECK(old.file_version() == 11);

    // A current file: nothing to do, no backup.
    const UpgradeReport again = Database::upgrade(file.str(), omt::fixed_options());
    CHECK(again.from_version == again.to_version);
    CHECK(again.backup.empty());
}

TEST_CASE("Opening: an upgrade never overwrites an earlier backup", "[opening]") {
    omt::TempFile file;
    write_old_office(file, 10);
    {
        std::ofstream earlier(file.str() + ".v10.bak");
        earlier << "an earlier backup";
    }
    const UpgradeReport r = Database::upgrade(file.str(), omt::fixed_options());
    CHECK(r.backup == file.str() + ".v10.2.bak");
    std::ifstream in(file.str() + ".v10.bak");
    CHECK(std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()) == "an earlier backup");
    CHECK(user_version(r.backup) == 10);
}

TEST_CASE("Opening: Upgrade::Automatic upgrades as it opens, with a backup, and says so", "[opening]") {
    omt::TempFile file;
    write_old_office(file, 9);
    auto db = Database::open(file.str(), upgrading());
    REQUIRE(db.upgraded().has_value());
    CHECK(db.upgraded()->from_version == 9);
    CHECK(db.upgraded()->to_version == Database::latest_schema_version());
    CHECK(db.upgraded()->backup == file.str() + ".v9.bak");
    CHECK(user_version(db.upgraded()->backup) == 9);
    CHECK(db.schema_version() == Database::latest_schema_version());
    CHECK(db.employers().get(42).owner_id == 7);
    // Opened again: nothing left to upgrade.
    auto again = Database::open(file.str(), upgrading());
    CHECK_FALSE(again.upgraded().has_value());
}

TEST_CASE("Opening: a failed upgrade leaves the file at its version and no backup", "[opening]") {
    omt::TempFile file;
    write_old_office(file, 11);
    {
        // A reference to a staff member that does not exist: the upgrade's check refuses it.
        SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE);
        raw.exec("PRAGMA foreign_keys = OFF");
        raw.exec("UPDATE employer SET owner_id = 99 WHERE id = 42");
    }
    const auto e = capture<StorageError>([&] { Database::upgrade(file.str(), omt::fixed_options()); });
    CHECK(contains(e.what(), "would break a reference"));
    CHECK(user_version(file.str()) == 11);
    CHECK_FALSE(exists(file.str() + ".v11.bak"));
}

TEST_CASE("Opening: upgrading a missing or unwritable file is refused", "[opening]") {
    omt::TempFile file;
    CHECK(contains(capture<StorageError>([&] { Database::upgrade(file.str()); }).what(), "no such file"));
    CHECK_FALSE(exists(file.str()));
}
