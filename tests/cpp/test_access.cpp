// Access tokens (issued from a staff member or as keys, shown once, stored hashed, revoked,
// expired by the database's clock), the principal a secret stands for, the actor the change logs
// record, and the audit.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "helpers.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;

namespace {

using std::chrono::hours;
using std::chrono::seconds;

// A database on a clock the test moves: 2026-11-23 at noon in Santiago.
struct Scene {
    std::shared_ptr<FixedClock> clock = std::make_shared<FixedClock>(omt::test_day());
    Database db = Database::open(":memory:", {.clock = clock});
    omt::Concon c{db};
    StaffMember psychologist = db.staff().add({.office_id = c.office.meta.id,
                                               .name = "Carla Díaz",
                                               .role = StaffRole::LaborPsychologist,
                                               .started = Date(2026, 1, 5)});
    Id office() const { return c.office.meta.id; }
};

}  // namespace

TEST_CASE("Access: a staff member's token takes their office and the role their job gives", "[access]") {
    Scene o;
    const IssuedToken issued = o.db.access().create({.staff_id = o.c.manager.meta.id});
    const Token& t = issued.token;
    CHECK(t.meta.id > 0);
    CHECK(t.meta.uuid.size() == 36);
    CHECK(t.name == "Bruno Soto");
    CHECK(t.office_id == o.office());
    CHECK(t.staff_id == o.c.manager.meta.id);
    CHECK(t.role == Role::Staff);
    CHECK(t.resources.empty());
    CHECK(t.can_write);
    CHECK(t.expires_at == o.clock->now() + hours(24 * 90));
    CHECK_FALSE(t.revoked_at);
    CHECK_FALSE(t.last_used_at);
    // "omil_" and 32 random bytes in unpadded base64url.
    CHECK(issued.secret.size() == 48);
    CHECK(issued.secret.rfind("omil_", 0) == 0);
    CHECK(issued.secret.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 5) ==
          std::string::npos);
    CHECK(o.db.access().create({.staff_id = o.c.manager.meta.id}).secret != issued.secret);

    CHECK(o.db.access().create({.staff_id = o.c.head.meta.id}).token.role == Role::Coordinator);
    CHECK(o.db.access().create({.staff_id = o.psychologist.meta.id}).token.role == Role::Psychologist);
    const Token asked = o.db.access()
                            .create({.staff_id = o.c.manager.meta.id,
                                     .role = Role::Coordinator,
                                     .name = " Bruno, reemplazo ",
                                     .resources = {"employers", "Requests"},
                                     .can_write = false,
                                     .expires_in_days = 7})
                            .token;
    CHECK(asked.role == Role::Coordinator);
    CHECK(asked.name == "Bruno, reemplazo");
    CHECK(asked.resources == std::vector<std::string>{"employers", "requests"});
    CHECK_FALSE(asked.can_write);
    CHECK(asked.expires_at == o.clock->now() + hours(24 * 7));
    CHECK(o.db.access().get(asked.meta.id).resources == asked.resources);
}

TEST_CASE("Access: keys for integrators and analysts may have no staff member", "[access]") {
    Scene o;
    const Token key = o.db.access()
                          .create({.office_id = o.office(),
                                   .role = Role::Integrator,
                                   .resources = {"vacancies", "calendar"},
                                   .expires_at = omt::utc(2027, 6, 30)})
                          .token;
    CHECK(key.name == "integrator key");
    CHECK(key.office_id == o.office());
    CHECK_FALSE(key.staff_id);
    CHECK_FALSE(key.can_write);
    CHECK(key.expires_at == omt::utc(2027, 6, 30));
    const Token writer =
        o.db.access().create({.office_id = o.office(), .role = Role::Integrator, .can_write = true}).token;
    CHECK(writer.can_write);
    const Token analyst = o.db.access().create({.role = Role::Analyst, .name = "Dirección Regional"}).token;
    CHECK_FALSE(analyst.office_id);
    CHECK_FALSE(analyst.can_write);
    CHECK(o.db.access().list().size() == 3);
    CHECK(o.db.access().list(o.office()).size() == 2);
}

TEST_CASE("Access: a refused token names the field and writes nothing", "[access]") {
    Scene o;
    auto& access = o.db.access();
    const Id manager = o.c.manager.meta.id;
    auto refused = [&](const NewToken& t) { return capture<ValidationError>([&] { access.create(t); }); };
    CHECK(refused({.role = Role::Psychologist}).field() == "staff");
    CHECK(contains(refused({}).what(), "only analyst and integrator keys may have none"));
    CHECK(refused({.role = Role::Integrator}).field() == "office");
    CHECK(refused({.role = Role::Analyst, .can_write = true}).field() == "can_write");
    CHECK(refused({.staff_id = manager, .resources = {"personal_data"}}).value() == "personal_data");
    CHECK(refused({.staff_id = manager, .resources = {"nonsense"}}).field() == "resources");
    CHECK(refused({.staff_id = manager, .expires_in_days = 0}).field() == "expires_in_days");
    CHECK(refused({.staff_id = manager, .expires_at = omt::utc(2026, 1, 1)}).field() == "expires_at");
    CHECK(refused({.staff_id = manager, .name = std::string("a\0b", 3)}).field() == "name");
    const auto second = o.db.offices().add({.name = "OMIL Quintero", .commune = "quintero"});
    const auto e = refused({.staff_id = manager, .office_id = second.meta.id});
    CHECK(e.field() == "office");
    CHECK(contains(e.what(), "is not staff member " + std::to_string(manager) + "'s office"));
    CHECK_THROWS_AS(access.create({.staff_id = 999}), NotFound);
    CHECK_THROWS_AS(access.create({.office_id = 999, .role = Role::Integrator}), NotFound);
    o.db.staff().leave(manager, Date(2026, 11, 1));
    CHECK(contains(refused({.staff_id = manager}).what(), "left the office on 2026-11-01"));
    CHECK(access.list().empty());
}

TEST_CASE("Access: a valid secret gives its principal, anything else nothing", "[access]") {
    Scene o;
    const IssuedToken issued = o.db.access().create({.staff_id = o.c.manager.meta.id, .resources = {"employers"}});
    const auto p = o.db.access().authenticate(issued.secret);
    REQUIRE(p);
    CHECK(p->token_id == issued.token.meta.id);
    CHECK(p->name == "Bruno Soto");
    CHECK(p->office_id == o.office());
    CHECK(p->staff_id == o.c.manager.meta.id);
    CHECK(p->role == Role::Staff);
    CHECK(p->resources == std::vector<std::string>{"employers"});
    CHECK(p->can_write);
    CHECK(p->expires_at == issued.token.expires_at);
    CHECK(p->allows("employers", true));
    CHECK_FALSE(p->allows("requests"));

    std::string wrong = issued.secret;
    wrong.back() = wrong.back() == 'A' ? 'B' : 'A';
    CHECK_FALSE(o.db.access().authenticate(wrong));
    CHECK_FALSE(o.db.access().authenticate(""));
    CHECK_FALSE(o.db.access().authenticate("omil_"));
    CHECK_FALSE(o.db.access().authenticate(issued.secret + "x"));
    CHECK_FALSE(o.db.access().authenticate(" " + issued.secret.substr(1)));
    CHECK_FALSE(o.db.access().authenticate(std::string(48, '\0')));
}

TEST_CASE("Access: a token expires by the database's clock", "[access]") {
    Scene o;
    const IssuedToken issued = o.db.access().create({.staff_id = o.c.manager.meta.id, .expires_in_days = 30});
    o.clock->set(o.clock->now() + hours(24 * 30) - seconds(1));
    CHECK(o.db.access().authenticate(issued.secret));
    o.clock->set(o.clock->now() + seconds(1));
    CHECK_FALSE(o.db.access().authenticate(issued.secret));
    const Table t = o.db.access().table();
    CHECK(t.column("status").text_at(0) == "expired");
}

TEST_CASE("Access: a revoked token opens nothing from then on", "[access]") {
    Scene o;
    const IssuedToken issued = o.db.access().create({.staff_id = o.c.manager.meta.id});
    const IssuedToken other = o.db.access().create({.staff_id = o.c.head.meta.id});
    const Token revoked = o.db.access().revoke(issued.token.meta.id);
    CHECK(revoked.revoked_at == o.clock->now());
    CHECK(revoked.meta.updated_at == o.clock->now());
    CHECK_FALSE(o.db.access().authenticate(issued.secret));
    CHECK(o.db.access().authenticate(other.secret));
    // Revoking again keeps the first revocation.
    o.clock->set(o.clock->now() + hours(1));
    CHECK(o.db.access().revoke(issued.token.meta.id).revoked_at == revoked.revoked_at);
    CHECK_THROWS_AS(o.db.access().revoke(999), NotFound);
    const Table t = o.db.access().table(o.office());
    CHECK(t.column("status").text_at(0) == "revoked");
    CHECK(t.column("status").text_at(1) == "active");
    CHECK(t.column("staff").text_at(1) == "Ana Rojas");
}

TEST_CASE("Access: a staff member who left is signed out, whatever their token says", "[access]") {
    Scene o;
    const IssuedToken issued = o.db.access().create({.staff_id = o.c.manager.meta.id});
    o.db.staff().leave(o.c.manager.meta.id, Date(2026, 11, 30));
    CHECK(o.db.access().authenticate(issued.secret));  // their last day is the 29th
    o.clock->set(o.clock->now() + hours(24 * 7));
    CHECK_FALSE(o.db.access().authenticate(issued.secret));
}

TEST_CASE("Access: the last use is recorded at most once a minute", "[access]") {
    Scene o;
    const IssuedToken issued = o.db.access().create({.staff_id = o.c.manager.meta.id});
    const Timestamp first = o.clock->now();
    REQUIRE(o.db.access().authenticate(issued.secret));
    CHECK(o.db.access().get(issued.token.meta.id).last_used_at == first);
    o.clock->set(first + seconds(59));
    REQUIRE(o.db.access().authenticate(issued.secret));
    CHECK(o.db.access().get(issued.token.meta.id).last_used_at == first);
    o.clock->set(first + seconds(60));
    REQUIRE(o.db.access().authenticate(issued.secret));
    CHECK(o.db.access().get(issued.token.meta.id).last_used_at == first + seconds(60));
    // The record's own timestamp does not move for a use.
    CHECK(o.db.access().get(issued.token.meta.id).meta.updated_at == issued.token.meta.updated_at);
}

TEST_CASE("Access: a use is not recorded, and nobody waits, while another connection writes", "[access]") {
    omt::TempFile file;
    auto clock = std::make_shared<FixedClock>(omt::test_day());
    auto db = Database::open(file.str(), {.clock = clock, .mode = OpenMode::Create});
    omt::Concon c{db};
    const IssuedToken issued = db.access().create({.staff_id = c.manager.meta.id});
    auto other = Database::open(file.str(), {.clock = clock, .busy_timeout = std::chrono::milliseconds(2000)});
    auto writing = other.transaction();  // holds the write lock
    const auto start = std::chrono::steady_clock::now();
    CHECK(db.access().authenticate(issued.secret));
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1000));
    writing.rollback();
    CHECK_FALSE(db.access().get(issued.token.meta.id).last_used_at);
    CHECK(db.access().authenticate(issued.secret));
    CHECK(db.access().get(issued.token.meta.id).last_used_at == clock->now());
}

TEST_CASE("Access: the file holds a hash of the secret, never the secret", "[access]") {
    omt::TempFile file;
    std::string secret;
    {
        auto db = Database::open(file.str(), omt::creating_options());
        omt::Concon c{db};
        secret = db.access().create({.staff_id = c.manager.meta.id}).secret;
        db.close();
    }
    std::string bytes = file.bytes();
    for (const char* suffix : {"-wal", "-journal"}) {
        std::ifstream in(file.str() + suffix, std::ios::binary);
        bytes += std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    CHECK(contains(bytes, "Bruno Soto"));  // the file was read
    CHECK_FALSE(contains(bytes, secret));
    CHECK_FALSE(contains(bytes, secret.substr(5)));
    SQLite::Database raw(file.str(), SQLite::OPEN_READONLY);
    SQLite::Statement q(raw, "SELECT secret_hash FROM access_token");
    REQUIRE(q.executeStep());
    const std::string hash = q.getColumn(0).getString();
    CHECK(hash.size() == 64);
    CHECK(hash.find_first_not_of("0123456789abcdef") == std::string::npos);
    // And the secret still opens the file it was issued for.
    auto db = Database::open(file.str(), omt::fixed_options());
    CHECK(db.access().authenticate(secret));
}

TEST_CASE("Access: writes under act_as record their actor in the change logs", "[access]") {
    omt::Jobs j;
    auto& access = j.db.access();
    const IssuedToken issued = access.create({.staff_id = j.c.manager.meta.id});
    const Principal p = *access.authenticate(issued.secret);
    j.db.employers().update(j.acme.meta.id, {.sector = "Logística"});  // nobody named
    CHECK(access.actor().display().empty());
    {
        const ActingAs as = access.act_as(Actor::of(p));
        CHECK(access.actor().text == "staff:" + std::to_string(j.c.manager.meta.id));
        CHECK(access.actor().token_id == issued.token.meta.id);
        j.db.employers().update(j.acme.meta.id, {.notes = "Visitada"});
        {
            const ActingAs script = access.act_as({.text = "import:planilla.csv"});
            j.db.employers().update(j.acme.meta.id, {.segment = "logistica"});
        }
        j.db.employers().update(j.acme.meta.id, {.trade_name = "Acme"});
    }
    CHECK(access.actor().text.empty());
    const Table log = j.db.employers().changes(j.acme.meta.id);
    REQUIRE(log.rows() == 4);
    const Column& actor = log.column("actor");
    CHECK_FALSE(actor.valid[0]);
    CHECK(actor.text_at(1) == "staff:" + std::to_string(j.c.manager.meta.id));
    CHECK(actor.text_at(2) == "import:planilla.csv");
    CHECK(actor.text_at(3) == "staff:" + std::to_string(j.c.manager.meta.id));

    // A key without a staff member is its token; the other logs record the actor alike.
    const IssuedToken key = access.create({.office_id = j.office(), .role = Role::Integrator, .can_write = true});
    const ActingAs as = access.act_as(Actor::of(*access.authenticate(key.secret)));
    const std::string token = "token:" + std::to_string(key.token.meta.id);
    const ServiceRequest r = j.db.requests().open(
        {.office_id = j.office(), .category = "tree_pruning", .address = "Av. Borgoño 22100", .attributes = "trees=2"});
    CHECK(j.db.requests().history(r.meta.id).front().actor == token);
    const JobSeeker ana = j.db.seekers().add(j.seeker("Ana Muñoz"));
    j.db.seekers().update(ana.meta.id, {.commune = "Quintero"});
    CHECK(j.db.seekers().changes(ana.meta.id).column("actor").text_at(0) == token);
    j.db.seekers().export_personal(j.office(), {"name"}, "intermediation: derivación", j.psychologist.meta.id);
    const Table exports = j.db.seekers().exports(j.office());
    CHECK(exports.column("actor").text_at(0) == token);
    CHECK(exports.column("staff_id").ints[0] == j.psychologist.meta.id);
}

TEST_CASE("Access: the audit lists the API's writes, landing with the write or not at all", "[access]") {
    Scene o;
    auto& access = o.db.access();
    const IssuedToken issued = access.create({.staff_id = o.c.manager.meta.id});
    const ActingAs as = access.act_as(Actor::of(*access.authenticate(issued.secret)));
    {
        auto tx = o.db.transaction();
        const Employer e = o.db.employers().add(o.c.employer("76.086.428-5", "Acme SpA"));
        access.record({.action = "create", .resource = "employers", .record_id = e.meta.id, .office_id = o.office()});
        tx.commit();
    }
    {
        auto tx = o.db.transaction();
        o.db.employers().add(o.c.employer("96.511.460-2", "Beta Ltda"));
        access.record({.action = "create", .resource = "employers", .office_id = o.office()});
        // rolled back: neither the employer nor its audit line stays
    }
    o.clock->set(o.clock->now() + hours(48));
    access.record({.actor = "cli", .action = "revoke", .resource = "tokens", .detail = "token 9"});

    const Table all = access.audit();
    REQUIRE(all.rows() == 2);
    CHECK(all.column("actor").text_at(0) == "staff:" + std::to_string(o.c.manager.meta.id));
    CHECK(all.column("token_id").ints[0] == issued.token.meta.id);
    CHECK(all.column("action").text_at(0) == "create");
    CHECK(all.column("resource").text_at(0) == "employers");
    CHECK(all.column("office_id").ints[0] == o.office());
    CHECK(all.column("at").ints[0] == omt::utc(2026, 11, 23, 16).time_since_epoch().count());
    CHECK(all.column("actor").text_at(1) == "cli");
    CHECK(all.column("detail").text_at(1) == "token 9");
    CHECK(access.audit(o.office()).rows() == 1);
    CHECK(access.audit(std::nullopt, Date(2026, 11, 24)).rows() == 1);
    CHECK(access.audit(std::nullopt, Date(2026, 11, 23), Date(2026, 11, 23)).rows() == 1);
    CHECK(capture<ValidationError>([&] { access.audit({}, Date(2026, 11, 24), Date(2026, 11, 23)); }).field() == "to");
    CHECK_THROWS_AS(access.audit(999), NotFound);

    CHECK(capture<ValidationError>([&] { access.record({.action = " ", .resource = "employers"}); }).field() ==
          "action");
    CHECK(capture<ValidationError>([&] { access.record({.action = "create"}); }).field() == "resource");
    ActingAs nobody = access.act_as({});
    CHECK(capture<ValidationError>([&] { access.record({.action = "create", .resource = "employers"}); }).field() ==
          "actor");
    nobody.restore();
    CHECK(access.audit().rows() == 2);
}

TEST_CASE("Access: the records declare every field, in order", "[access][fields]") {
    using Names = std::vector<std::string_view>;
    CHECK(field_names<Token>() == Names{"id", "uuid", "created_at", "updated_at", "name", "office_id", "staff_id",
                                        "role", "resources", "can_write", "expires_at", "revoked_at", "last_used_at"});
    CHECK(field_names<NewToken>() ==
          Names{"staff", "office", "role", "name", "resources", "can_write", "expires_in_days", "expires_at"});
    CHECK(field_names<Principal>() ==
          Names{"token_id", "name", "office_id", "staff_id", "role", "resources", "can_write", "expires_at"});
    CHECK(field_names<AuditEntry>() ==
          Names{"at", "actor", "action", "resource", "record_id", "office_id", "detail", "token_id"});
    const Table tokens = table_of(std::vector<Token>{});
    CHECK(tokens.columns().size() == 13);
}
