// Reading offices' spreadsheets and importing employers from them.
#include <sstream>

#include "helpers.hpp"

using namespace omt;

TEST_CASE("CSV: UTF-8 or Windows-1252, comma or semicolon, quotes and blank lines", "[csv]") {
    // What Excel writes in Chile: semicolons, Latin-1 accents, CRLF, a blank line.
    const std::string latin1 = "RUT;Raz\xF3n Social;Comuna\r\n76.086.428-5;Log\xEDstica Gulmu\xE9 SpA;Conc\xF3n\r\n\r\n"
                               "96511460-2;\"Envases \"\"del\"\" Pac\xED" "fico; S.A.\";Conc\xF3n\r\n";
    const auto doc = csv::parse(latin1);
    CHECK(doc.encoding == csv::Encoding::Windows1252);
    CHECK(doc.delimiter == ';');
    CHECK(doc.header == std::vector<std::string>{"RUT", "Razón Social", "Comuna"});
    REQUIRE(doc.rows.size() == 2);
    CHECK(doc.rows[0][1] == "Logística Gulmué SpA");
    CHECK(doc.rows[1][1] == "Envases \"del\" Pacífico; S.A.");
    CHECK(doc.lines == std::vector<std::size_t>{2, 4});

    const auto utf8 = csv::parse("\xEF\xBB\xBFrut,name\n1-9,\"two\nlines\"\n2-7\n");
    CHECK(utf8.encoding == csv::Encoding::Utf8);
    CHECK(utf8.delimiter == ',');
    CHECK(utf8.rows[0][1] == "two\nlines");
    CHECK(utf8.rows[1] == std::vector<std::string>{"2-7", ""});  // short rows are padded
    CHECK(utf8.lines[1] == 4);
    CHECK(csv::windows1252_to_utf8("\x80 \xD1") == "€ Ñ");
    CHECK(csv::is_utf8("Ñuñoa"));
    CHECK_FALSE(csv::is_utf8("\xD1u\xF1oa"));

    CHECK(capture<ValidationError>([] { csv::parse("a,b\n1,2,3\n"); }).field() == "line 2");
    CHECK(capture<ValidationError>([] { csv::parse("a,b\n\"1,2\n"); }).field() == "line 2");
    CHECK(capture<ValidationError>([] { csv::parse(""); }).field() == "header");
    CHECK(csv::parse("a,b,,\n1,2,,\n").rows[0].size() == 4);
    CHECK(csv::field("a;b", ';') == "\"a;b\"");
    CHECK(csv::field("di \"x\"") == "\"di \"\"x\"\"\"");
}

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
    db.clusters().add({.office_id = c.office.meta.id, .name = "Parque Industrial Gulmué",
                       .kind = ClusterKind::IndustrialPark});
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
        other.clusters().add({.office_id = c2.office.meta.id, .name = "Parque Industrial Gulmué",
                              .kind = ClusterKind::IndustrialPark});
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
