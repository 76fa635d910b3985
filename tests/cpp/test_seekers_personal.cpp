// A job seeker's personal data is stored as given and read back through personal().
#include "helpers.hpp"

using namespace omt;

TEST_CASE("a seeker's birth date is stored and read back with the personal data", "[seekers]") {
    Database db = fresh_db();
    Concon c{db};
    NewJobSeeker s;
    s.office_id = c.office.meta.id;
    s.rut = "11.111.111-1";
    s.name = "Pedro Pérez";
    s.commune = "05103";
    s.address = "Avenida Borgoño 21000";
    s.birth_date = Date(1990, 5, 17);
    s.registered_on = Date(2026, 1, 10);
    s.consent_on = Date(2026, 1, 10);
    s.consent_scope = {"intermediation"};
    const JobSeeker added = db.seekers().add(s);
    CHECK(added.birth_date == Date(1990, 5, 17));

    const JobSeeker read =
        db.seekers().personal(added.meta.id, "intermediation: checking the registration", c.manager.meta.id);
    CHECK(read.birth_date == Date(1990, 5, 17));
    CHECK(read.address == "Avenida Borgoño 21000");

    // Also through add_many, the spreadsheet's way in.
    s.rut = "22.222.222-2";
    s.birth_date = Date(1985, 2, 1);
    const auto ids = db.seekers().add_many({s});
    REQUIRE(ids.size() == 1);
    CHECK(db.seekers().personal(ids[0], "intermediation: checking the registration", c.manager.meta.id).birth_date ==
          Date(1985, 2, 1));
}

namespace {

// Pedro consented to intermediation and programmes; María to statistics only.
struct Consents {
    Jobs j;
    Id manager = j.c.manager.meta.id;
    JobSeeker pedro, maria;
    Consents() {
        NewJobSeeker p = j.seeker("Pedro Pérez");
        p.phone = "9 8765 4321";
        pedro = j.db.seekers().add(p);
        NewJobSeeker m = j.seeker("María Soto");
        m.consent_scope = {"statistics"};
        maria = j.db.seekers().add(m);
    }
    Table log() { return j.db.seekers().exports(j.office()); }
};

}  // namespace

TEST_CASE("a purpose outside the list is refused before anything is read or logged", "[seekers][privacy]") {
    Consents s;
    auto& seekers = s.j.db.seekers();
    for (const std::string purpose : {"Citar a entrevista", "", "marketing: boletín", "legal_obligation"}) {
        INFO(purpose);
        auto check = [&](auto&& read) {
            const auto e = capture<ValidationError>(read);
            CHECK(e.field() == "purpose");
            CHECK(e.value() == purpose);
        };
        check([&] { seekers.personal(s.pedro.meta.id, purpose, s.manager); });
        check([&] { seekers.find_by_rut(s.j.office(), s.pedro.rut, purpose, s.manager); });
        check([&] { seekers.export_personal(s.j.office(), {"name"}, purpose, s.manager); });
        check([&] { seekers.export_register(s.j.office(), purpose, s.manager); });
        // The purpose is checked first: before the seeker, the staff member or the transaction.
        check([&] { seekers.personal(999, purpose, std::nullopt); });
    }
    CHECK(s.log().rows() == 0);
}

TEST_CASE("a read the consent does not cover is Forbidden, and the refusal is logged", "[seekers][privacy]") {
    Consents s;
    auto& seekers = s.j.db.seekers();
    const Id maria = s.maria.meta.id;
    const auto e = capture<Forbidden>([&] { seekers.personal(maria, "intermediation: vacante 12", s.manager); });
    CHECK(e.field() == "purpose");
    CHECK(e.value() == "intermediation");
    CHECK(e.reason() == "job seeker " + std::to_string(maria) +
                            ": the consent covers statistics, not intermediation; the refusal is logged");
    // The message names the purpose and the consent, never the person.
    CHECK_FALSE(contains(e.what(), "María"));
    CHECK_FALSE(contains(e.what(), s.maria.rut));
    // A search by RUT that finds her is refused alike; one for Pedro, who consented, is not.
    CHECK_THROWS_AS(seekers.find_by_rut(s.j.office(), s.maria.rut, "contact: llamar", s.manager), Forbidden);
    CHECK(seekers.personal(s.pedro.meta.id, "intermediation: vacante 12", s.manager).phone == "+56987654321");
    CHECK_THROWS_AS(seekers.personal(s.pedro.meta.id, "contact: llamar", s.manager), Forbidden);

    // Each refusal is in the log, committed although the read threw: who, why, what, and the reason.
    const Table log = s.log();
    REQUIRE(log.rows() == 4);
    CHECK(log.column("purpose").texts == std::vector<std::string>{"intermediation: vacante 12", "contact: llamar",
                                                                  "intermediation: vacante 12", "contact: llamar"});
    CHECK(log.column("consent_scope").texts == std::vector<std::string>{"record " + std::to_string(maria),
                                                                        "record " + std::to_string(maria),
                                                                        "record " + std::to_string(s.pedro.meta.id),
                                                                        "record " + std::to_string(s.pedro.meta.id)});
    CHECK(log.column("rows").ints == std::vector<std::int64_t>{0, 0, 1, 0});
    CHECK(log.column("staff_id").ints == std::vector<std::int64_t>{s.manager, s.manager, s.manager, s.manager});
    CHECK(log.column("fields").texts.at(0) == "rut,name,phone,email,address,birth_date");
    CHECK(log.column("refused").texts ==
          std::vector<std::string>{"the consent covers statistics, not intermediation",
                                   "the consent covers statistics, not contact", "",
                                   "the consent covers intermediation, programmes, not contact"});
}

TEST_CASE("answering the person's own request or a legal obligation reads whatever the consent", "[seekers][privacy]") {
    Consents s;
    auto& seekers = s.j.db.seekers();
    const Id maria = s.maria.meta.id;
    CHECK(seekers.personal(maria, "data_subject_request: solicitud de acceso", s.manager).name == "María Soto");
    CHECK(seekers.find_by_rut(s.j.office(), s.maria.rut, "legal_obligation: oficio del juzgado", s.manager)->meta.id ==
          maria);
    // A register transfer carries no one who consented to statistics only.
    CHECK_THROWS_AS(seekers.personal(maria, "register_transfer", s.manager), Forbidden);
    CHECK(seekers.personal(s.pedro.meta.id, "register_transfer: nueva planilla", s.manager).name == "Pedro Pérez");
    const Table log = s.log();
    CHECK(log.column("refused").texts ==
          std::vector<std::string>{"", "", "the consent covers statistics, which a register transfer does not serve",
                                   ""});
    CHECK(log.column("rows").ints == std::vector<std::int64_t>{1, 1, 0, 1});
}

TEST_CASE("an export's purpose agrees with the consent scope it reads", "[seekers][privacy]") {
    Consents s;
    auto& seekers = s.j.db.seekers();
    const Id office = s.j.office();
    // Contact reads those who consented to contact, not to intermediation.
    auto e =
        capture<ValidationError>([&] { seekers.export_personal(office, {"phone"}, "contact: llamar", s.manager); });
    CHECK(e.field() == "purpose");
    CHECK(e.value() == "contact: llamar");
    CHECK(contains(e.reason(), "scope \"intermediation\""));
    CHECK(capture<ValidationError>([&] {
              seekers.export_personal(office, {"name"}, "register_transfer", s.manager);
          }).field() == "purpose");
    // The register is moved for register_transfer or a legal obligation only.
    CHECK(capture<ValidationError>([&] {
              seekers.export_register(office, "intermediation: CVs", s.manager);
          }).field() == "purpose");
    CHECK(s.log().rows() == 0);

    const Table same = seekers.export_personal(office, {"name"}, "programmes: curso de grúa", s.manager, "programmes");
    CHECK(same.column("name").texts == std::vector<std::string>{"Pedro Pérez"});
    // The legal bases go with any scope: here, everyone who consented to statistics.
    const Table stats =
        seekers.export_personal(office, {"name"}, "legal_obligation: fiscalización", s.manager, "statistics");
    CHECK(stats.column("name").texts == std::vector<std::string>{"María Soto"});
    CHECK(stats.metadata().at("purpose") == "legal_obligation: fiscalización");
    const Table reg = seekers.export_register(office, "register_transfer: nueva planilla", s.manager);
    CHECK(reg.metadata().at("purpose") == "register_transfer: nueva planilla");
    CHECK(s.log().column("purpose").texts == std::vector<std::string>{"programmes: curso de grúa",
                                                                      "legal_obligation: fiscalización",
                                                                      "register_transfer: nueva planilla"});
}

TEST_CASE("a refusal inside a transaction is a Conflict, like any reading", "[seekers][privacy]") {
    Consents s;
    {
        auto tx = s.j.db.transaction();
        // Its log entry could be rolled back: neither read nor refused, but not allowed here.
        CHECK_THROWS_AS(s.j.db.seekers().personal(s.maria.meta.id, "intermediation", s.manager), Conflict);
        tx.rollback();
    }
    CHECK(s.log().rows() == 0);
}
