// Contacts: the people at an employer, one of them primary.
#include "helpers.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;

namespace {
struct WithEmployer {
    Database db = omt::fresh_db();
    omt::Concon c{db};
    Employer employer = db.employers().add(c.employer("76.086.428-5", "Logística Gulmué SpA"));
};
}  // namespace

TEST_CASE("Contacts: add normalises details and get reads them back", "[contacts]") {
    WithEmployer f;
    const auto added = f.db.contacts().add({.employer_id = f.employer.meta.id,
                                            .name = " María López ",
                                            .role = "Jefa de RR.HH.",
                                            .email = "MLopez@Gulmue.CL",
                                            .phone = "9 8765 4321",
                                            .primary = true});
    CHECK(added.meta.id > 0);
    const auto c = f.db.contacts().get(added.meta.id);
    CHECK(c.employer_id == f.employer.meta.id);
    CHECK(c.name == "María López");
    CHECK(c.role == "Jefa de RR.HH.");
    CHECK(c.email == "mlopez@gulmue.cl");
    CHECK(c.phone == "+56987654321");
    CHECK(c.primary);
    CHECK_THROWS_AS(f.db.contacts().get(added.meta.id + 1), NotFound);
}

TEST_CASE("Contacts: one primary per employer", "[contacts]") {
    WithEmployer f;
    const Id eid = f.employer.meta.id;
    const auto maria = f.db.contacts().add({.employer_id = eid, .name = "María", .primary = true});
    const auto pedro = f.db.contacts().add({.employer_id = eid, .name = "Pedro"});
    REQUIRE(f.db.contacts().primary(eid).has_value());
    CHECK(f.db.contacts().primary(eid)->meta.id == maria.meta.id);

    SECTION("a new primary contact demotes the previous one") {
        const auto jose = f.db.contacts().add({.employer_id = eid, .name = "José", .primary = true});
        CHECK(f.db.contacts().primary(eid)->meta.id == jose.meta.id);
        CHECK_FALSE(f.db.contacts().get(maria.meta.id).primary);
        const auto list = f.db.contacts().list(eid);
        REQUIRE(list.size() == 3u);
        CHECK(list[0].meta.id == jose.meta.id);  // primary first, then by id
        CHECK(list[1].meta.id == maria.meta.id);
        CHECK(list[2].meta.id == pedro.meta.id);
    }
    SECTION("make_primary moves the flag") {
        const auto now_primary = f.db.contacts().make_primary(pedro.meta.id);
        CHECK(now_primary.primary);
        CHECK_FALSE(f.db.contacts().get(maria.meta.id).primary);
        CHECK(f.db.contacts().primary(eid)->meta.id == pedro.meta.id);
        std::size_t primaries = 0;
        for (const auto& c : f.db.contacts().list(eid)) primaries += c.primary;
        CHECK(primaries == 1u);
        // Making the primary primary again changes nothing.
        CHECK(f.db.contacts().make_primary(pedro.meta.id).primary);
        CHECK_FALSE(f.db.contacts().get(maria.meta.id).primary);
    }
    SECTION("primaries of other employers are left alone") {
        const auto other = f.db.employers().add(f.c.employer("12.345.678-5", "Astilleros"));
        const auto ana = f.db.contacts().add({.employer_id = other.meta.id, .name = "Ana", .primary = true});
        CHECK(f.db.contacts().get(maria.meta.id).primary);
        CHECK(f.db.contacts().primary(other.meta.id)->meta.id == ana.meta.id);
    }
}

TEST_CASE("Contacts: an employer without a primary contact", "[contacts]") {
    WithEmployer f;
    CHECK_FALSE(f.db.contacts().primary(f.employer.meta.id).has_value());
    f.db.contacts().add({.employer_id = f.employer.meta.id, .name = "Pedro"});
    CHECK_FALSE(f.db.contacts().primary(f.employer.meta.id).has_value());
    CHECK(f.db.contacts().list(f.employer.meta.id).size() == 1u);
}

TEST_CASE("Contacts: bad input names the field and adds nothing", "[contacts]") {
    WithEmployer f;
    const Id eid = f.employer.meta.id;
    f.db.contacts().add({.employer_id = eid, .name = "María", .primary = true});
    SECTION("no name") {
        CHECK(capture<ValidationError>([&] { f.db.contacts().add({.employer_id = eid, .name = " "}); }).field() ==
              "name");
    }
    SECTION("bad e-mail") {
        CHECK(capture<ValidationError>([&] {
                  f.db.contacts().add({.employer_id = eid, .name = "X", .email = "x@y", .primary = true});
              }).field() == "email");
    }
    SECTION("bad phone") {
        const auto e = capture<ValidationError>(
            [&] { f.db.contacts().add({.employer_id = eid, .name = "X", .phone = "555-1234", .primary = true}); });
        CHECK(e.field() == "phone");
        CHECK(contains(e.what(), "555-1234"));
    }
    SECTION("unknown employer") {
        CHECK_THROWS_AS(f.db.contacts().add({.employer_id = eid + 10, .name = "X"}), NotFound);
    }
    CHECK(f.db.contacts().list(eid).size() == 1u);
    // A refused primary contact does not demote the current one.
    CHECK(f.db.contacts().primary(eid)->name == "María");
}

TEST_CASE("Contacts: table lists every contact of the office's employers", "[contacts][table]") {
    WithEmployer f;
    f.db.contacts().add({.employer_id = f.employer.meta.id, .name = "Pedro", .email = "p@gulmue.cl"});
    f.db.contacts().add({.employer_id = f.employer.meta.id, .name = "María", .primary = true});
    const Table t = f.db.contacts().table(f.c.office.meta.id);
    REQUIRE(t.rows() == 2u);
    CHECK(t.column("name").texts == std::vector<std::string>{"María", "Pedro"});  // primary first
    CHECK(t.column("employer_rut").texts[0] == "76.086.428-5");
    CHECK(t.column("employer").texts[1] == "Logística Gulmué SpA");
    CHECK(t.column("primary").type == ColumnType::Bool);
    CHECK(t.column("primary").text_at(0) == "true");
    CHECK(t.column("primary").text_at(1) == "false");
    CHECK(t.column("email").texts[1] == "p@gulmue.cl");
    CHECK(t.column("employer_id").ints == std::vector<std::int64_t>{f.employer.meta.id, f.employer.meta.id});
}

TEST_CASE("Contacts: search finds by name, role, e-mail, phone or employer, accents ignored", "[contacts][table]") {
    WithEmployer f;
    const Id office = f.c.office.meta.id;
    EmployerUpdate u;
    u.trade_name = "Gulmué Cargo";
    f.db.employers().update(f.employer.meta.id, u);
    const auto other = f.db.employers().add(f.c.employer("96.500.000-3", "Envases del Pacífico S.A."));
    f.db.contacts().add({.employer_id = f.employer.meta.id,
                         .name = "María José Pérez",
                         .role = "Jefa de Recursos Humanos",
                         .email = "mjperez@gulmue.cl",
                         .phone = "9 8765 4321",
                         .primary = true});
    f.db.contacts().add({.employer_id = f.employer.meta.id, .name = "Pedro Soto", .role = "Jefe de bodega"});
    f.db.contacts().add({.employer_id = other.meta.id, .name = "Ñuñez Araya", .email = "rrhh@envases.cl"});
    const auto names = [&](std::string_view text) { return f.db.contacts().search(office, text).column("name").texts; };
    CHECK(names("MARIA jose") == std::vector<std::string>{"María José Pérez"});
    CHECK(names("recursos humanos") == std::vector<std::string>{"María José Pérez"});
    CHECK(names("mjperez@") == std::vector<std::string>{"María José Pérez"});
    CHECK(names("8765 43") == std::vector<std::string>{"María José Pérez"});  // the phone, spaced
    CHECK(names("+56 9 8765") == std::vector<std::string>{"María José Pérez"});
    CHECK(names("nunez") == std::vector<std::string>{"Ñuñez Araya"});
    CHECK(names("cargo") == std::vector<std::string>{"María José Pérez", "Pedro Soto"});  // trade name
    CHECK(names("pacifico") == std::vector<std::string>{"Ñuñez Araya"});                  // legal name
    CHECK(names("96500000") == std::vector<std::string>{"Ñuñez Araya"});                  // RUT
    CHECK(names("bodega") == std::vector<std::string>{"Pedro Soto"});
    CHECK(names("maria gulmue") == std::vector<std::string>{"María José Pérez"});  // every word, any field
    CHECK(names("pedro pacifico").empty());
    CHECK(names("soto - bodega") == std::vector<std::string>{"Pedro Soto"});  // a word of punctuation asks nothing
    CHECK(names("nadie").empty());
    CHECK(names("%").empty());  // nothing is a wildcard
    CHECK(names("  ").size() == 3u);
    const Table found = f.db.contacts().search(office, "pedro");
    CHECK(found.columns().size() == f.db.contacts().table(office).columns().size());
    CHECK(found.column("employer").texts == std::vector<std::string>{"Logística Gulmué SpA"});
    CHECK_THROWS_AS(f.db.contacts().search(office + 99, "pedro"), NotFound);
}
