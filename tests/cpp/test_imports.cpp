// Reading offices' spreadsheets and importing employers from them.
#include <sstream>

#include "helpers.hpp"

using namespace omt;

namespace {
// A realistic messy sheet: mixed RUT formats, Spanish headers, a bad RUT, a bad commune, an
// unknown column, a blank line.
const char* kSheet =
    "RUT;Razón Social;Nombre de Fantasía;Rubro;Comuna;Dirección;Horario de atención;Contacto;Cargo;Correo;Teléfono;"
    "Parque;Observación interna\n"
    "76.086.428-5;Logística Gulmué SpA;LogiGulmué;Logística;Concón;Los Aromos 120;lun-vie 09:00-12:00;"
    "Carolina Fuentes;Jefa RR.HH.;cfuentes@logigulmue.cl;9 8765 4321;Parque Industrial Gulmué;x\n"
    "96511460-2;Envases del Pacífico S.A.;;Manufactura;concon;Av. Industrial 455;;;;;;;\n"
    "\n"
    "76.231.455-0;Transportes Concón Ltda.;;Transporte;Concón;;;;;;;;\n"
    "78901234-2;Metalúrgica Aconcagua SpA;;Metalmecánica;Atlantis;;;;;;;;\n";
}  // namespace

TEST_CASE("importing employers: dry run, all or nothing, skip invalid, and again", "[import]") {
    auto db = fresh_db();
    Concon c(db);
    db.clusters().add(
        {.office_id = c.office.meta.id, .name = "Parque Industrial Gulmué", .kind = ClusterKind::IndustrialPark});
    const auto doc = csv::parse(kSheet);
    ImportOptions o{.office_id = c.office.meta.id, .dry_run = true};

    const ImportReport dry = db.imports().employers(doc, o);
    CHECK_FALSE(dry.written);
    CHECK(dry.rows == 4);
    REQUIRE(dry.problems.size() == 2);
    CHECK(dry.problems[0].line == 5);
    CHECK(dry.problems[0].column == "RUT");
    CHECK(dry.problems[0].value == "76.231.455-0");
    CHECK(contains(dry.problems[0].why, "check digit"));
    CHECK(dry.problems[1].line == 6);
    CHECK(dry.problems[1].column == "Comuna");
    CHECK(dry.problems[1].value == "Atlantis");
    CHECK(dry.ignored_columns == std::vector<std::string>{"Observación interna"});
    CHECK(db.employers().count(c.office.meta.id) == 0);

    o.dry_run = false;
    const ImportReport strict = db.imports().employers(doc, o);
    CHECK_FALSE(strict.written);
    CHECK(db.employers().count(c.office.meta.id) == 0);  // one bad row and nothing is written

    o.skip_invalid = true;
    const ImportReport loose = db.imports().employers(doc, o);
    CHECK(loose.written);
    CHECK(loose.created == 2);
    CHECK(db.employers().count(c.office.meta.id) == 2);
    CHECK(contains(loose.rejected_csv, "76.231.455-0"));
    CHECK(contains(loose.rejected_csv, ";problem\n"));  // the file's own delimiter
    const auto logi = db.employers().find_by_rut("76.086.428-5");
    REQUIRE(logi.has_value());
    CHECK(logi->trade_name == "LogiGulmué");
    CHECK(to_string(logi->visiting_hours) == "mon-fri 09:00-12:00");
    const auto contact = db.contacts().primary(logi->meta.id);
    REQUIRE(contact.has_value());
    CHECK(contact->phone == "+56987654321");
    CHECK(db.clusters().members(db.clusters().list(c.office.meta.id)[0].meta.id, test_day()).size() == 1);

    // The same file again changes nothing; a changed value updates and keeps the old one.
    const ImportReport again = db.imports().employers(doc, o);
    CHECK(again.created == 0);
    CHECK(again.updated == 0);
    CHECK(again.unchanged == 2);
    CHECK(db.contacts().list(logi->meta.id).size() == 1);
    std::string changed = kSheet;
    changed.replace(changed.find("Av. Industrial 455"), 18, "Av. Industrial 500");
    const ImportReport moved = db.imports().employers(csv::parse(changed), o);
    CHECK(moved.updated == 1);
    const Id envases = db.employers().find_by_rut("96.511.460-2")->meta.id;
    const Table log = db.employers().changes(envases);
    REQUIRE(log.rows() == 1);
    CHECK(log.column("field").texts[0] == "address");
    CHECK(log.column("old_value").texts[0] == "Av. Industrial 455");

    // Export in the import's columns, import into another office file, export again: the same.
    {
        std::ostringstream first;
        db.imports().export_employers(c.office.meta.id).write_csv(first);
        auto other = fresh_db();
        Concon c2(other);
        other.clusters().add(
            {.office_id = c2.office.meta.id, .name = "Parque Industrial Gulmué", .kind = ClusterKind::IndustrialPark});
        const ImportReport copied =
            other.imports().employers(csv::parse(first.str()), {.office_id = c2.office.meta.id});
        CHECK(copied.problems.empty());
        CHECK(copied.created == 2);
        std::ostringstream second;
        other.imports().export_employers(c2.office.meta.id).write_csv(second);
        CHECK(second.str() == first.str());
        CHECK(contains(first.str(), "Parque Industrial Gulmué"));
        CHECK(contains(first.str(), "cfuentes@logigulmue.cl"));
    }

    // A header the import does not know can be mapped.
    const auto odd = csv::parse("Rut Empleador,Empresa Nombre\n77.123.987-0,Maderas Gulmué Ltda.\n");
    CHECK(capture<ValidationError>([&] { db.imports().employers(odd, {.office_id = c.office.meta.id}); }).field() ==
          "header");
    const ImportReport mapped = db.imports().employers(
        odd, {.office_id = c.office.meta.id, .mapping = {{"Rut Empleador", "rut"}, {"Empresa Nombre", "legal_name"}}});
    CHECK(mapped.created == 1);
}

TEST_CASE("importing contacts of known employers, matched by e-mail or name", "[import]") {
    auto db = fresh_db();
    Concon c(db);
    const Employer logi = db.employers().add(c.employer("76.086.428-5", "Logística Gulmué SpA"));
    const char* sheet =
        "RUT;Nombre;Cargo;Correo;Teléfono;Principal\n"
        "76086428-5;Carolina Fuentes;Jefa RR.HH.;cfuentes@logigulmue.cl;9 8765 4321;\n"
        "76.086.428-5;Pedro Soto;Supervisor;;(32) 245 7788;sí\n"
        "96.511.460-2;Alguien;;;;\n";
    const ImportOptions o{.office_id = c.office.meta.id, .skip_invalid = true};
    const ImportReport r = db.imports().contacts(csv::parse(sheet), o);
    CHECK(r.created == 2);
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].line == 4);
    CHECK(r.problems[0].column == "RUT");
    CHECK(contains(r.problems[0].why, "not an employer"));
    CHECK(db.contacts().primary(logi.meta.id)->name == "Pedro Soto");
    const ImportReport again = db.imports().contacts(csv::parse(sheet), o);
    CHECK(again.created == 0);
    CHECK(again.unchanged == 2);
    std::string changed = sheet;
    changed.replace(changed.find("Jefa RR.HH."), 11, "Gerenta de Personas");
    const ImportReport moved = db.imports().contacts(csv::parse(changed), o);
    CHECK(moved.updated == 1);
    const Table log = db.employers().changes(logi.meta.id);
    REQUIRE(log.rows() == 1);
    CHECK(contains(log.column("field").texts[0], "role"));
    CHECK(log.column("old_value").texts[0] == "Jefa RR.HH.");
    CHECK(db.contacts().list(logi.meta.id).size() == 2);
}

namespace {
// An office file with the two park employers, their contacts and the park, as the other
// imports expect to find them.
struct Sheets {
    Database db = fresh_db();
    Concon c{db};
    Id office() const { return c.office.meta.id; }

    Sheets() {
        db.clusters().add(
            {.office_id = office(), .name = "Parque Industrial Gulmué", .kind = ClusterKind::IndustrialPark});
        const auto r = db.imports().employers(
            csv::parse("RUT;Razón Social;Comuna;Dirección;Contacto;Correo\n"
                       "76.086.428-5;Logística Gulmué SpA;Concón;Los Aromos 120;Carolina Fuentes;cf@logi.cl\n"
                       "96511460-2;Envases del Pacífico S.A.;Concón;Av. Industrial 455;Jorge Díaz;jd@envases.cl\n"),
            {.office_id = office()});
        REQUIRE(r.created == 2);
    }

    ImportReport import(const std::string& kind, const std::string& sheet, bool skip_invalid = false) {
        return db.imports().run(kind, csv::parse(sheet), {.office_id = office(), .skip_invalid = skip_invalid});
    }
    std::string exported(const std::string& kind) {
        std::ostringstream out;
        db.imports()
            .export_rows(kind, office(),
                         {.personal = true,
                          .purpose = "register_transfer: traspaso a la nueva planilla",
                          .staff_id = c.manager.meta.id})
            .write_csv(out);
        return out.str();
    }
};

const char* kMemberships =
    "RUT;Parque;Fecha ingreso;Fecha salida\n"
    "76.086.428-5;Parque Industrial Gulmué;05-01-2026;\n"
    "96511460-2;parque industrial gulmue;2026-02-01;2026-06-30\n"
    "76.086.428-5;Parque Atlántida;01-01-2026;\n";

const char* kInteractions =
    "RUT;Fecha;Hora;Tipo;Funcionario;Contacto;Resumen;Resultado\n"
    "76.086.428-5;10-03-2026;09:30;Visita;Bruno Soto;Carolina Fuentes;Visita de diagnóstico;Dos vacantes\n"
    "76.086.428-5;12/03/2026;;Llamada;bruno soto;;Confirmar vacantes;\n"
    "96.511.460-2;2026-03-15;;Reunión;Ana Rojas;JD@Envases.cl;Reunión con gerencia;\n"
    "96.511.460-2;2026-03-16;;Fax;Ana Rojas;;Envío de bases;\n";

const char* kRequests =
    "RUT;Categoría;Descripción;Dirección;Atributos;Fecha recepción;Estado;Fecha estado\n"
    "76.086.428-5;Poda de árboles;Ramas sobre cables;Los Aromos 120;trees=3;02-03-2026;Resuelta;20-03-2026\n"
    "76.086.428-5;street_lights;Poste apagado;Los Aromos 120;;2026-04-01;recibida;\n"
    ";security_patrol;Rondas nocturnas en el parque;;;2026-05-04;;\n"
    "96.511.460-2;tree_pruning;Ramas en la entrada;;;2026-05-05;;\n";

const char* kVacancies =
    "RUT;Cargo;Código ISCO;Vacantes;Jornada;Turno;Renta mínima;Renta máxima;Escolaridad;Licencias;Fecha captación;"
    "Vigencia\n"
    "76.086.428-5;Operario de bodega;9333;3;Jornada completa;Rotativo;$550.000;650.000;Media completa;B;05-03-2026;"
    "30-04-2026\n"
    "96.511.460-2;Soldador;7212;1;Completa;Diurno;700000;;Técnico profesional;;2026-03-10;\n"
    "96.511.460-2;Chofer;8332;1;Completa;Diurno;abc;;;A5;2026-03-10;\n";

const char* kSeekers =
    "RUT;Nombre;Comuna;Teléfono;Correo;Escolaridad;Experiencia;Licencias;Turnos;Fecha consentimiento;"
    "Alcance consentimiento\n"
    "12.345.678-5;María Pérez;Concón;9 1234 5678;maria@example.cl;Media completa;9333:24;B;Diurno,Rotativo;01-03-2026;"
    "intermediation,contact\n"
    "11111111-1;Pedro Soto;Viña del Mar;;;Básica;;;;2026-03-02;intermediation\n"
    "22.222.222-2;Sin Consentimiento;Concón;;;;;;;;\n";
}  // namespace

TEST_CASE("importing cluster membership, interactions, requests, vacancies and seekers", "[import]") {
    Sheets s;
    SECTION("memberships") {
        const auto r = s.import("memberships", kMemberships, true);
        CHECK(r.created == 2);
        REQUIRE(r.problems.size() == 1);
        CHECK(r.problems[0].line == 4);
        CHECK(r.problems[0].column == "Parque");
        CHECK(r.problems[0].value == "Parque Atlántida");
        const Id park = s.db.clusters().list(s.office())[0].meta.id;
        CHECK(s.db.clusters().members(park, Date(2026, 3, 1)).size() == 2);
        CHECK(s.db.clusters().members(park, Date(2026, 7, 1)).size() == 1);  // Envases left on 30 June
        CHECK(s.import("memberships", kMemberships, true).unchanged == 2);
    }
    SECTION("interactions") {
        const auto dry =
            s.db.imports().interactions(csv::parse(kInteractions), {.office_id = s.office(), .dry_run = true});
        REQUIRE(dry.problems.size() == 1);
        CHECK(dry.problems[0].line == 5);
        CHECK(dry.problems[0].column == "Tipo");
        CHECK(dry.problems[0].value == "Fax");
        CHECK(s.db.interactions().table(s.office()).rows() == 0);
        const auto r = s.import("interactions", kInteractions, true);
        CHECK(r.created == 3);
        const Id logi = s.db.employers().find_by_rut("76.086.428-5")->meta.id;
        const auto log = s.db.interactions().of_employer(logi);
        REQUIRE(log.size() == 2);
        CHECK(log[1].kind == InteractionKind::Visit);
        CHECK(log[1].at_minute == 9 * 60 + 30);
        CHECK(log[1].staff_id == s.c.manager.meta.id);
        CHECK(log[1].contacts.size() == 1);
        CHECK(log[0].kind == InteractionKind::PhoneCall);
        // Again: nothing new; a changed outcome is a correction that keeps the revision.
        CHECK(s.import("interactions", kInteractions, true).unchanged == 3);
        std::string changed = kInteractions;
        changed.replace(changed.find("Dos vacantes"), 12, "Tres vacantes");
        CHECK(s.import("interactions", changed, true).updated == 1);
        CHECK(s.db.interactions().get(log[1].meta.id).outcome == "Tres vacantes");
        CHECK(s.db.interactions().revisions(log[1].meta.id).size() == 1);
        // Several staff members and no staff column: which one is not guessed.
        const auto no_staff = s.import("interactions", "RUT;Fecha;Tipo\n76.086.428-5;2026-04-01;visita\n");
        REQUIRE(no_staff.problems.size() == 1);
        CHECK(no_staff.problems[0].column == "staff");
    }
    SECTION("requests") {
        const auto r = s.import("requests", kRequests, true);
        CHECK(r.created == 3);
        REQUIRE(r.problems.size() == 1);
        CHECK(r.problems[0].line == 5);
        const auto all = s.db.requests().list(s.office(), {.open_only = false});
        REQUIRE(all.size() == 3);
        std::map<std::string, ServiceRequest> by_category;
        for (const auto& q : all) by_category[q.category] = q;
        CHECK(by_category["tree_pruning"].status == RequestStatus::Resolved);
        CHECK(by_category["street_lights"].status == RequestStatus::Routed);
        CHECK_FALSE(by_category["security_patrol"].employer_id.has_value());
        // The deadline counts from the day it was received, not from the import.
        CHECK(by_category["tree_pruning"].received_on == Date(2026, 3, 2));
        CHECK(s.db.requests().history(by_category["tree_pruning"].meta.id).back().on == Date(2026, 3, 20));
        CHECK(s.import("requests", kRequests, true).unchanged == 3);
    }
    SECTION("vacancies") {
        const auto r = s.import("vacancies", kVacancies, true);
        CHECK(r.created == 2);
        REQUIRE(r.problems.size() == 1);
        CHECK(r.problems[0].column == "Renta mínima");
        CHECK(r.problems[0].value == "abc");
        const auto list = s.db.vacancies().list(s.office());
        REQUIRE(list.size() == 2);
        const Vacancy& bodega = list[0].title == "Operario de bodega" ? list[0] : list[1];
        CHECK(bodega.positions == 3);
        CHECK(bodega.wage_min == 550000);
        CHECK(bodega.shift == Shift::Rotating);
        CHECK(bodega.education == EducationLevel::Secondary);
        CHECK(bodega.valid_through == Date(2026, 4, 30));
        CHECK(s.import("vacancies", kVacancies, true).unchanged == 2);
        std::string later = kVacancies;
        later.replace(later.find("30-04-2026"), 10, "31-05-2026");
        CHECK(s.import("vacancies", later, true).updated == 1);
    }
    SECTION("seekers, with their consent") {
        const auto r = s.import("seekers", kSeekers, true);
        CHECK(r.created == 2);
        REQUIRE(r.problems.size() == 1);
        CHECK(r.problems[0].column == "Fecha consentimiento");  // as the file names it
        const auto maria = s.db.seekers().find_by_rut(
            s.office(), "12.345.678-5", "contact: check the imported contact details", s.c.manager.meta.id);
        REQUIRE(maria.has_value());
        CHECK(maria->phone == "+56912345678");
        CHECK(maria->consent_scope == std::vector<std::string>{"contact", "intermediation"});
        CHECK(maria->shifts.size() == 2);
        REQUIRE(maria->experience.size() == 1);
        CHECK(maria->experience[0].months == 24);
        CHECK(s.import("seekers", kSeekers, true).unchanged == 2);
        // A bad experience entry is the experience column's problem, shown as the file has it.
        const auto wrong = s.import("seekers",
                                    "RUT,Nombre,Comuna,Experiencia,Fecha consentimiento,Alcance consentimiento\n"
                                    "13131313-6,Ana Soto,Concón,9333:12;9999:3,2026-03-01,intermediation\n");
        REQUIRE(wrong.problems.size() == 1);
        CHECK(wrong.problems[0].column == "Experiencia");
        CHECK(wrong.problems[0].value == "9333:12;9999:3");
        std::string moved = kSeekers;
        moved.replace(moved.find("maria@example.cl"), 16, "maria.perez@example.cl");
        CHECK(s.import("seekers", moved, true).updated == 1);
        CHECK(s.db.seekers().changes(maria->meta.id).rows() == 1);
        // A consent renewed on a day that has not come is the consent date's problem.
        std::string renewed = kSeekers;
        renewed.replace(renewed.find("01-03-2026"), 10, "01-03-2027");
        const auto future = s.import("seekers", renewed, true);
        REQUIRE(future.problems.size() == 2);
        CHECK(future.problems[0].column == "Fecha consentimiento");
        CHECK(future.problems[0].value == "01-03-2027");
        CHECK(s.db.seekers().get(maria->meta.id).consent_on == Date(2026, 3, 1));
        // Personal data leaves only when asked for, with a purpose, and the export is logged.
        CHECK(capture<ValidationError>([&] { s.db.imports().export_rows("seekers", s.office()); }).field() ==
              "personal");
        CHECK(capture<ValidationError>([&] {
                  s.db.imports().export_rows("seekers", s.office(), {.personal = true});
              }).field() == "purpose");
        CHECK(capture<ValidationError>([&] {
                  s.db.imports().export_rows("seekers", s.office(),
                                             {.personal = true, .purpose = "register_transfer: traspaso"});
              }).field() == "staff");
        // The whole register is read to move it (or for a legal obligation), not for a referral.
        CHECK(capture<ValidationError>([&] {
                  s.db.imports().export_rows(
                      "seekers", s.office(),
                      {.personal = true, .purpose = "intermediation: CVs", .staff_id = s.c.manager.meta.id});
              }).field() == "purpose");
        const Table t = s.db.imports().export_rows(
            "seekers", s.office(),
            {.personal = true, .purpose = "register_transfer: traspaso", .staff_id = s.c.manager.meta.id});
        CHECK(t.rows() == 2);
        CHECK(s.db.seekers().exports(s.office()).rows() == 2);  // the search by RUT above, then this export
    }
}

TEST_CASE("every kind round-trips: export, import into another file, export again gives the same file", "[import]") {
    Sheets a, b;
    for (const char* kind : {"memberships", "interactions", "requests", "vacancies", "seekers"}) {
        const std::string sheet = std::string(kind) == "memberships"    ? kMemberships
                                  : std::string(kind) == "interactions" ? kInteractions
                                  : std::string(kind) == "requests"     ? kRequests
                                  : std::string(kind) == "vacancies"    ? kVacancies
                                                                        : kSeekers;
        a.import(kind, sheet, true);
    }
    for (const auto& kind : Imports::kinds()) {
        INFO(kind);
        const std::string first = a.exported(kind);
        const auto r = b.db.imports().run(kind, csv::parse(first), {.office_id = b.office()});
        CHECK(r.problems.empty());
        for (const auto& p : r.problems) INFO(p.line << " " << p.column << " " << p.value << " " << p.why);
        CHECK(b.exported(kind) == first);
        CHECK(csv::parse(first).rows.size() >= 2);
    }
}
