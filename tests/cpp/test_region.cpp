// The regional view: the consolidation of office files into a regional database, the reports per
// office and province, and the territorial balance.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <filesystem>
#include <map>

#include "helpers.hpp"

using namespace omt;

namespace {

const char* kVideoUuid = "0b8f7a52-3c1d-4e5f-9a6b-7c8d9e0f1a2b";

/// Every table's row count and a fingerprint of its content (ids left out: they are the regional
/// database's own), read with a second connection.
std::map<std::string, std::string> snapshot(const std::string& path) {
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    std::vector<std::string> tables;
    SQLite::Statement q(raw, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    while (q.executeStep()) tables.push_back(q.getColumn(0).getString());
    std::map<std::string, std::string> out;
    for (const auto& t : tables) {
        SQLite::Statement c(raw, "SELECT count(*) FROM \"" + t + "\"");
        c.executeStep();
        std::string fp = std::to_string(c.getColumn(0).getInt64());
        SQLite::Statement has_uuid(raw, "SELECT count(*) FROM pragma_table_info(?) WHERE name = 'uuid'");
        has_uuid.bind(1, t);
        has_uuid.executeStep();
        if (has_uuid.getColumn(0).getInt()) {
            SQLite::Statement u(raw,
                                "SELECT coalesce(group_concat(uuid || ':' || updated_at, ','), '') FROM "
                                "(SELECT uuid, updated_at FROM \"" +
                                    t + "\" ORDER BY uuid)");
            u.executeStep();
            fp += " " + u.getColumn(0).getString();
        }
        out[t] = fp;
    }
    return out;
}

std::int64_t rows_in(const std::string& path, const std::string& table) {
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    SQLite::Statement c(raw, "SELECT count(*) FROM " + table);
    c.executeStep();
    return c.getColumn(0).getInt64();
}

/// An office file of the Biobío region: a manager, two employers (one shared RUT across offices),
/// a visit, a cluster meeting (where `showings` > 0), a request, a vacancy with a placement, and
/// `showings` showings of the region's video.
void write_office(const std::string& path, const char* name, const char* commune, int showings, Date day) {
    auto db = Database::open(path, {.clock = std::make_shared<FixedClock>(day), .mode = OpenMode::Create});
    const Office o = db.offices().add({.name = name, .commune = commune});
    const StaffMember m = db.staff().add({.office_id = o.meta.id,
                                          .name = "Gestor " + std::string(name),
                                          .role = StaffRole::TerritorialManager,
                                          .started = Date(2026, 1, 5)});
    const Employer chain = db.employers().add({.office_id = o.meta.id,
                                               .rut = "76.086.428-5",
                                               .legal_name = "Supermercados del Sur SpA",
                                               .since = Date(2026, 1, 5)});
    const Employer local = db.employers().add({.office_id = o.meta.id,
                                               .rut = Rut::from_body(77000000 + showings).str(),
                                               .legal_name = std::string("Maestranza ") + name,
                                               .since = Date(2026, 1, 5)});
    db.interactions().log({.kind = InteractionKind::Visit,
                           .on = Date(2026, 3, 2),
                           .staff_id = m.meta.id,
                           .employer_id = chain.meta.id,
                           .summary = "Visita"});
    if (showings > 0) {  // a cluster meeting of both: the local employer attends only where showings > 1
        const Cluster park = db.clusters().add({.office_id = o.meta.id,
                                                .name = std::string("Barrio Industrial ") + name,
                                                .kind = ClusterKind::IndustrialPark});
        db.clusters().add_member(park.meta.id, chain.meta.id, Date(2026, 1, 5));
        db.clusters().add_member(park.meta.id, local.meta.id, Date(2026, 1, 5));
        db.interactions().log_cluster_meeting(
            {.cluster_id = park.meta.id,
             .on = Date(2026, 3, 10),
             .staff_id = m.meta.id,
             .attended = showings > 1 ? std::vector<Id>{local.meta.id} : std::vector<Id>{}});
    }
    db.requests().open({.employer_id = local.meta.id,
                        .category = "street_lights",
                        .description = "Luminaria",
                        .address = "Calle Los Carrera 100",
                        .received_on = Date(2026, 3, 3),
                        .staff_id = m.meta.id});
    const Vacancy v = db.vacancies().capture({.employer_id = chain.meta.id,
                                              .title = "Reponedor",
                                              .occupation = "5223",
                                              .positions = 2,
                                              .captured_on = Date(2026, 3, 4)});
    NewJobSeeker s;
    s.office_id = o.meta.id;
    s.rut = "12.345.678-5";
    s.name = "Persona de " + std::string(name);
    s.commune = commune;
    s.consent_on = Date(2026, 3, 1);
    s.registered_on = Date(2026, 3, 1);
    s.consent_scope = {"intermediation"};
    const JobSeeker seeker = db.seekers().add(s);
    db.referrals().refer(seeker.meta.id, v.meta.id, m.meta.id, Date(2026, 3, 5));
    db.placements().record({.seeker_id = seeker.meta.id,
                            .vacancy_id = v.meta.id,
                            .start_on = Date(2026, 3, 16),
                            .recorded_on = Date(2026, 3, 12)});
    const OutreachAsset video =
        db.outreach().add_asset("Video institucional OMIL Biobío", AssetKind::Video, "SENCE Biobío", "", kVideoUuid);
    for (int i = 0; i < showings; ++i)
        db.outreach().record({.asset_id = video.meta.id,
                              .office_id = o.meta.id,
                              .on = Date(2026, 4, 1 + i),
                              .setting = i % 2 ? Setting::JobFair : Setting::CompanyMeeting,
                              .audience = Audience::Employers,
                              .audience_size = 10 * (i + 1),
                              .employers = {chain.meta.id}});
    db.close();
}

struct RegionFiles {
    TempFile concepcion, lebu, los_angeles, regional;
    RegionFiles() {
        write_office(concepcion.str(), "OMIL Concepción", "08101", 3, Date(2026, 6, 1));
        write_office(lebu.str(), "OMIL Lebu", "08201", 1, Date(2026, 6, 1));
        write_office(los_angeles.str(), "OMIL Los Ángeles", "08301", 0, Date(2026, 6, 1));
    }
    Database open_regional() {
        auto db = Database::open(regional.str(), creating_options());
        if (!db.regional().directorate()) {
            db.regional().setup("Biobío", "Dirección Regional SENCE Biobío");
            for (const char* c : {"08101", "08201", "08301", "08102"}) db.regional().register_office(c);
        }
        return db;
    }
};

}  // namespace

TEST_CASE("territorial balance compares shares by hand", "[region]") {
    // Showings 2, 1, 1 against one office each: shares .5 .25 .25 vs 1/3 each.
    CHECK(*territorial_balance({2, 1, 1}, {1, 1, 1}) == Approx(1.0 - (1.0 / 6 + 1.0 / 12 + 1.0 / 12) / 2));
    CHECK(*territorial_balance({4, 2}, {2, 1}) == Approx(1.0));
    CHECK(*territorial_balance({0, 0, 5}, {1, 1, 0}) == Approx(0.0));
    CHECK_FALSE(territorial_balance({0, 0}, {1, 1}).has_value());
    CHECK(capture<ValidationError>([] { territorial_balance({1}, {1, 2}); }).field() == "weights");
    CHECK(capture<ValidationError>([] { territorial_balance({-1, 1}, {1, 2}); }).field() == "values[0]");
}

TEST_CASE("office files consolidate by UUID: twice is the same as once", "[region]") {
    RegionFiles f;
    {
        auto db = f.open_regional();
        for (const auto* file : {&f.concepcion, &f.lebu, &f.los_angeles}) {
            const ImportResult r = db.regional().import_office(file->str());
            CHECK(r.inserted > 0);
            // The registered office, which takes the file's identity; after the first file, also
            // the region's video, which every office holds under the same UUID.
            CHECK(r.updated == (file == &f.concepcion ? 1u : 2u));
        }
    }
    const auto once = snapshot(f.regional.str());
    {
        auto db = f.open_regional();
        for (const auto* file : {&f.concepcion, &f.lebu, &f.los_angeles}) {
            const ImportResult r = db.regional().import_office(file->str());
            CHECK(r.inserted == 0);
            CHECK(r.updated > 0);
        }
    }
    auto twice = snapshot(f.regional.str());
    CHECK(twice.at("office_import") != once.at("office_import"));  // the log grows
    twice.erase("office_import");
    auto once_data = once;
    once_data.erase("office_import");
    CHECK(twice == once_data);
    // The same RUT at three offices is three employers; seekers' personal data stayed at home.
    CHECK(rows_in(f.regional.str(), "employer") == 6);
    CHECK(rows_in(f.regional.str(), "job_seeker") == 3);
    CHECK(rows_in(f.regional.str(), "seeker_personal") == 0);
    CHECK(rows_in(f.regional.str(), "showing") == 4);
    CHECK(rows_in(f.regional.str(), "outreach_asset") == 1);  // the region's video, one UUID everywhere
    CHECK(rows_in(f.regional.str(), "office") == 4);          // Coronel registered, no file yet
}

TEST_CASE("a newer office file updates the region, refused imports change nothing", "[region]") {
    RegionFiles f;
    TempFile older;
    std::filesystem::copy_file(f.concepcion.path(), older.path());
    {
        auto db = f.open_regional();
        db.regional().import_office(f.concepcion.str());
    }
    // The office works on: one more showing, and a rename of its employer.
    {
        auto office = Database::open(f.concepcion.str(), {.clock = std::make_shared<FixedClock>(Date(2026, 7, 1))});
        const Id oid = office.offices().list().front().meta.id;
        const Id video = office.outreach().assets().front().meta.id;
        office.outreach().record({.asset_id = video,
                                  .office_id = oid,
                                  .on = Date(2026, 6, 20),
                                  .setting = Setting::BusinessMeeting,
                                  .audience_size = 40});
        const Id chain = office.employers().find_by_rut("76.086.428-5")->meta.id;
        office.employers().update(chain, {.trade_name = std::string("Súper del Sur")});
    }
    {
        auto db = f.open_regional();
        const auto r = db.regional().import_office(f.concepcion.str());
        CHECK(r.inserted == 2);  // the new showing and the rename's entry in the employer's change log
        CHECK(db.outreach().showings(Date(2026, 1, 1), Date(2026, 12, 31)).size() == 4);
        bool renamed = false;
        for (const auto& e : db.employers().list(r.office_id)) renamed |= e.trade_name == "Súper del Sur";
        CHECK(renamed);
    }
    const auto before = snapshot(f.regional.str());
    auto refused = [&](const std::string& path, const std::string& why) {
        auto db = f.open_regional();
        try {
            db.regional().import_office(path);
            FAIL("the import of " << path << " was accepted");
        } catch (const Error& e) {
            INFO(e.what());
            CHECK(contains(e.what(), why));
        }
    };
    refused(older.str(), "older than the file");
    TempFile concon;
    write_office(concon.str(), "OMIL Concón", "05103", 1, Date(2026, 6, 1));
    refused(concon.str(), "outside region 08");
    TempFile talcahuano;
    write_office(talcahuano.str(), "OMIL Talcahuano", "08110", 1, Date(2026, 6, 1));
    refused(talcahuano.str(), "has not registered");
    TempFile impostor;  // another office file for Concepción, with its own identity
    write_office(impostor.str(), "OMIL Concepción (copia)", "08101", 1, Date(2026, 6, 1));
    refused(impostor.str(), "under another UUID");
    TempFile not_ours;
    {
        SQLite::Database raw(not_ours.str(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        raw.exec("CREATE TABLE t (x INTEGER)");
    }
    refused(not_ours.str(), "is not an omilcrm database");
    refused((f.concepcion.path().parent_path() / "missing.omilcrm").string(), "does not exist");
    // A file that breaks halfway (an employer owned by staff that is not there) rolls back whole.
    TempFile broken;
    write_office(broken.str(), "OMIL Lebu", "08201", 2, Date(2026, 6, 1));
    {
        SQLite::Database raw(broken.str(), SQLite::OPEN_READWRITE);
        raw.exec("PRAGMA foreign_keys = OFF");
        raw.exec("UPDATE employer SET owner_id = 999 WHERE id = 2");
    }
    refused(broken.str(), "nothing was imported");
    CHECK(snapshot(f.regional.str()) == before);
}

TEST_CASE("regional reports per office and per province, by hand", "[region]") {
    RegionFiles f;
    auto db = f.open_regional();
    for (const auto* file : {&f.concepcion, &f.lebu, &f.los_angeles}) db.regional().import_office(file->str());
    db.regional().add_representative("Concepción", "Paula Rivas", "Encargada OMIL");
    db.regional().add_representative("Concepción", "Jorge Mella");
    CHECK_THROWS_AS(db.regional().add_representative("Concepción", "Tercera Persona"), Conflict);
    CHECK(capture<ValidationError>([&] { db.regional().add_representative("Valparaíso", "X"); }).field() == "province");
    CHECK(db.regional().representatives().size() == 2);

    const Table o = db.regional().offices_report(Date(2026, 1, 1), Date(2026, 12, 31));
    REQUIRE(o.rows() == 4);
    // Offices in registration order: Concepción, Lebu, Los Ángeles, Coronel (no file).
    CHECK(o.column("office").texts[0] == "OMIL Concepción");
    CHECK(o.column("province").texts == std::vector<std::string>{"Concepción", "Arauco", "Biobío", "Concepción"});
    CHECK(o.column("employers").ints == std::vector<std::int64_t>{2, 2, 2, 0});
    // Concepción's local employer attended a cluster meeting; Lebu's missed its own.
    CHECK(o.column("employers_contacted").ints == std::vector<std::int64_t>{2, 1, 1, 0});
    CHECK(o.column("requests").ints == std::vector<std::int64_t>{1, 1, 1, 0});
    CHECK(o.column("vacancies").ints == std::vector<std::int64_t>{1, 1, 1, 0});
    CHECK(o.column("positions").ints == std::vector<std::int64_t>{2, 2, 2, 0});
    CHECK(o.column("placements").ints == std::vector<std::int64_t>{1, 1, 1, 0});
    CHECK(o.column("showings").ints == std::vector<std::int64_t>{3, 1, 0, 0});

    // Provinces in code order: Concepción (2 offices), Arauco (1), Biobío (1).
    const Table p = db.regional().provinces_report(Date(2026, 1, 1), Date(2026, 12, 31));
    REQUIRE(p.rows() == 3);
    CHECK(p.column("province").texts == std::vector<std::string>{"Concepción", "Arauco", "Biobío"});
    CHECK(p.column("offices").ints == std::vector<std::int64_t>{2, 1, 1});
    CHECK(p.column("placements").ints == std::vector<std::int64_t>{1, 1, 1});
    CHECK(p.column("showings").ints == std::vector<std::int64_t>{3, 1, 0});
    // Placements 1/3 each against offices 1/2, 1/4, 1/4: 1 - (1/6 + 1/12 + 1/12) / 2 = 5/6.
    CHECK(std::stod(p.metadata().at("placements_balance")) == Approx(5.0 / 6.0).epsilon(1e-5));
    // Showings 3/4, 1/4, 0: 1 - (1/4 + 0 + 1/4) / 2 = 3/4.
    CHECK(std::stod(p.metadata().at("showings_balance")) == Approx(0.75).epsilon(1e-5));

    const auto video = db.outreach().assets().front().meta.id;
    const auto unused = db.outreach().offices_without_showings(video, Date(2026, 1, 1), Date(2026, 12, 31));
    REQUIRE(unused.size() == 2);
    CHECK(unused[0].name == "OMIL Los Ángeles");
    CHECK(db.regional().imports().rows() == 3);
    CHECK_THROWS_AS(db.regional().setup("Valparaíso", "Otra"), Conflict);
}
