// Job seekers' rights under Ley 21.719 over a stored office: the register of requests and their
// deadlines, the access answer, portability between offices, erasure (down to the file's bytes),
// blocking and opposition, retention.
#include <SQLiteCpp/Database.h>

#include "helpers.hpp"

using namespace omilcrm;
using namespace omt;

namespace {

// What every report of the office says, as CSV: the figures an erasure must leave as they were.
std::string every_report(Database& db, Id office) {
    const Date from(2026, 1, 1), to(2026, 11, 23);
    std::string out;
    out += csv_without_uuid(db.reports().funnel(office, from, to));
    out += csv_without_uuid(db.reports().time_to_fill(office, from, to));
    out += csv_without_uuid(db.reports().placements_by_channel(office, from, to));
    out += csv_without_uuid(db.reports().cluster_share(office, from, to));
    out += csv_without_uuid(db.reports().retention(office, from, to, to));
    out += csv_without_uuid(db.placements().table(office));
    out += csv_without_uuid(db.referrals().table(office));
    return out;
}

struct Person {
    Id id = 0;
    std::string rut, name = "Rosa Fuentes Aravena", email = "rosa.fuentes@correo.cl", phone = "+56981234567";
};

// Rosa, referred to Acme (placed there in March, both follow-ups recorded) and to Beta.
Person rosa(Jobs& j) {
    auto s = j.seeker("Rosa Fuentes Aravena");
    s.email = "rosa.fuentes@correo.cl";
    s.phone = "9 8123 4567";
    s.address = "Los Pescadores 1450, Concón";
    s.birth_date = Date(1991, 7, 14);
    s.skills = {"grúa horquilla"};
    Person p;
    p.rut = s.rut;
    p.id = j.db.seekers().add(s).meta.id;
    const Id staff = j.c.manager.meta.id;
    const Id acme = j.db.vacancies().capture(j.vacancy(j.acme, 2, Date(2026, 3, 1), CaptureChannel::Visit)).meta.id;
    const Id beta = j.db.vacancies().capture(j.vacancy(j.beta, 1, Date(2026, 3, 2), CaptureChannel::Email)).meta.id;
    j.db.referrals().refer(p.id, acme, staff, Date(2026, 3, 5), "Rosa Fuentes Aravena llega con su CV");
    j.db.referrals().refer(p.id, beta, staff, Date(2026, 3, 6));
    const Id placed =
        j.db.placements().record({.seeker_id = p.id, .vacancy_id = acme, .start_on = Date(2026, 4, 1)}).meta.id;
    j.db.placements().follow_up(placed, 30, true, Date(2026, 5, 2), staff);
    j.db.placements().follow_up(placed, 90, true, Date(2026, 7, 1), staff);
    return p;
}

std::size_t count_of(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("Rights: a request's deadline, its one extension, the overdue list and the report", "[rights]") {
    Jobs j;
    const Id seeker = j.db.seekers().add(j.seeker("Pedro Rojas")).meta.id;
    const Id staff = j.c.manager.meta.id;
    auto& rights = j.db.data_rights();
    const auto r = rights.receive({.seeker_id = seeker,
                                   .kind = RightKind::Access,
                                   .detail = "Quiere saber a qué empresas se envió su CV",
                                   .received_on = Date(2026, 10, 1),
                                   .verified_by = staff,
                                   .verification = "cédula de identidad presentada en la oficina"});
    CHECK(r.due_on == Date(2026, 10, 31));
    CHECK(r.status == RightsStatus::Received);
    const auto late = rights.receive({.seeker_id = seeker,
                                      .kind = RightKind::Portability,
                                      .received_on = Date(2026, 10, 10),
                                      .verified_by = staff,
                                      .verification = "clave única"});

    auto overdue = rights.overdue(j.office(), Date(2026, 11, 23));
    REQUIRE(overdue.size() == 2);
    CHECK(overdue[0].meta.id == r.meta.id);  // the most overdue first

    // Extended once, with its reason, before its deadline; not twice; not after the deadline.
    CHECK(capture<ValidationError>([&] { rights.extend(late.meta.id, " ", staff, Date(2026, 11, 1)); }).field() ==
          "reason");
    const auto extended = rights.extend(late.meta.id, "Hay que reunir derivaciones de 2024", staff, Date(2026, 11, 1));
    CHECK(extended.due_on == Date(2026, 12, 9));
    CHECK(extended.status == RightsStatus::Extended);
    CHECK_THROWS_AS(rights.extend(late.meta.id, "otra vez", staff, Date(2026, 11, 2)), Conflict);
    CHECK(capture<ValidationError>([&] { rights.extend(r.meta.id, "tarde", staff, Date(2026, 11, 23)); }).field() ==
          "on");
    overdue = rights.overdue(j.office(), Date(2026, 11, 23));
    REQUIRE(overdue.size() == 1);
    CHECK(overdue[0].meta.id == r.meta.id);

    const auto answered = rights.answer(r.meta.id, "Se entregó la respuesta de acceso", staff);
    CHECK(answered.status == RightsStatus::Answered);
    CHECK(answered.answered_on == Date(2026, 11, 23));
    CHECK_THROWS_AS(rights.answer(r.meta.id, "de nuevo", staff), Conflict);
    CHECK(rights.overdue(j.office(), Date(2026, 11, 23)).empty());
    CHECK(rights.list(j.office()).size() == 1);  // open ones
    CHECK(rights.list(j.office(), {.open_only = false}).size() == 2);

    const Table t = rights.report(j.office(), Date(2026, 10, 1), Date(2026, 11, 23));
    REQUIRE(t.rows() == 6);
    CHECK(t.column("kind").texts[0] == "access");
    CHECK(int_at(t, "received", 0) == 1);
    CHECK(int_at(t, "answered_late", 0) == 1);  // answered on 11-23, due 10-31
    CHECK(int_at(t, "answered_in_time", 0) == 0);
    CHECK(t.column("kind").texts[4] == "portability");
    CHECK(int_at(t, "open", 4) == 1);
    CHECK(int_at(t, "overdue", 4) == 0);

    // A blocking request: 2 business days, no extension.
    const auto block = rights.receive({.seeker_id = seeker,
                                       .kind = RightKind::Blocking,
                                       .received_on = Date(2026, 11, 20),
                                       .verified_by = staff,
                                       .verification = "cédula"});
    CHECK(block.due_on == Date(2026, 11, 24));  // Friday + 2 business days
    CHECK_THROWS_AS(rights.extend(block.meta.id, "más tiempo", staff), Conflict);
    rights.answer(block.meta.id, "Bloqueo registrado", staff);

    // Bad input names the field and changes nothing.
    const auto before = rights.list(j.office(), {.open_only = false}).size();
    CHECK(capture<ValidationError>([&] {
              rights.receive({.seeker_id = seeker, .kind = RightKind::Erasure, .verified_by = staff});
          }).field() == "verification");
    CHECK(capture<ValidationError>([&] {
              rights.receive({.seeker_id = seeker,
                              .kind = RightKind::Erasure,
                              .received_on = Date(2026, 11, 24),
                              .verified_by = staff,
                              .verification = "cédula"});
          }).field() == "received_on");
    CHECK_THROWS_AS(rights.receive({.seeker_id = 999, .verified_by = staff, .verification = "cédula"}), NotFound);
    CHECK(rights.list(j.office(), {.open_only = false}).size() == before);
}

TEST_CASE("Rights: the access answer lists every employer that received the person's profile", "[rights]") {
    Jobs j;
    const Person p = rosa(j);
    const auto a = j.db.data_rights().access(p.id, j.c.manager.meta.id);
    CHECK(a.seeker.name == p.name);
    CHECK(a.seeker.email == p.email);
    std::vector<std::string> employers;
    for (const auto& r : a.recipients)
        if (r.kind == "employer") employers.push_back(r.name + " " + r.rut + " " + r.on.iso());
    CHECK(employers ==
          std::vector<std::string>{"Acme SpA 76.086.428-5 2026-03-05", "Beta Ltda 96.511.460-2 2026-03-06"});
    CHECK(std::any_of(a.recipients.begin(), a.recipients.end(),
                      [](const Recipient& r) { return r.kind == "regional_file"; }));
    REQUIRE(a.consents.size() == 1);
    CHECK(a.consents[0].scope == std::vector<std::string>{"intermediation", "programmes"});
    CHECK(a.purposes.size() >= 3);
    CHECK_FALSE(a.retention.empty());

    const std::string doc = access_document(a);
    CHECK(contains(doc, "<html lang=\"es\">"));
    CHECK(contains(doc, "Acme SpA"));
    CHECK(contains(doc, "Beta Ltda"));
    CHECK(contains(doc, p.rut));
    CHECK(contains(doc, "Ley 21.719"));
    const auto json = to_json(a);
    CHECK(json.at("recipients").as_array().size() == a.recipients.size());

    // The answer is a reading of personal data, logged as one.
    const Table log = j.db.seekers().exports(j.office());
    REQUIRE(log.rows() >= 1);
    CHECK(contains(log.column("purpose").texts[log.rows() - 1], "data_subject_request"));
}

TEST_CASE("Rights: a portable copy imported by another office reproduces the profile", "[rights]") {
    Jobs j;
    const Person p = rosa(j);
    j.db.seekers().renew_consent(p.id, Date(2026, 6, 1), {"intermediation", "contact"});
    const JobSeeker original = j.db.seekers().personal(p.id, "data_subject_request: portabilidad", j.c.manager.meta.id);
    const std::string copy = j.db.data_rights().portable_json(p.id, j.c.manager.meta.id);
    CHECK(contains(copy, "\"format\": \"omilcrm.portable/1\""));

    // Another office, another file.
    auto other = fresh_db();
    const auto valpo = other.offices().add({.name = "OMIL Valparaíso", .commune = "valparaiso"});
    const auto staff = other.staff().add(
        {.office_id = valpo.meta.id, .name = "Luis Vera", .role = StaffRole::Head, .started = Date(2026, 1, 5)});
    const JobSeeker imported = other.data_rights().import_portable(valpo.meta.id, copy, staff.meta.id);
    const JobSeeker read =
        other.seekers().personal(imported.meta.id, "data_subject_request: portabilidad", staff.meta.id);
    CHECK(read.office_id == valpo.meta.id);
    CHECK(read.registered_on == Date(2026, 11, 23));
    for (const auto& [a, b] : std::vector<std::pair<std::string, std::string>>{{read.rut, original.rut},
                                                                               {read.name, original.name},
                                                                               {read.phone, original.phone},
                                                                               {read.email, original.email},
                                                                               {read.address, original.address},
                                                                               {read.commune, original.commune}})
        CHECK(a == b);
    CHECK(read.birth_date == original.birth_date);
    CHECK(read.education == original.education);
    CHECK(read.skills == original.skills);
    CHECK(read.consent_on == Date(2026, 6, 1));
    CHECK(read.consent_scope == original.consent_scope);

    // The same facts as rows, for a spreadsheet.
    const Table rows = j.db.data_rights().portable_table(p.id, j.c.manager.meta.id);
    const auto& field = rows.column("field").texts;
    const auto& value = rows.column("value").texts;
    bool rut_found = false;
    for (std::size_t i = 0; i < rows.rows(); ++i)
        if (field[i] == "rut" && value[i] == p.rut) rut_found = true;
    CHECK(rut_found);

    // Not a portable copy: refused, naming what is wrong, nothing registered.
    CHECK(capture<ValidationError>([&] {
              other.data_rights().import_portable(valpo.meta.id, R"({"format": "csv"})", staff.meta.id);
          }).field() == "format");
    CHECK(other.seekers().count(valpo.meta.id) == 1);
}

TEST_CASE("Rights: after erasure no byte of the person is left in the file, and every figure stays", "[rights]") {
    TempFile file;
    Person p;
    std::string reports_before;
    {
        Jobs j(Database::open(file.str(), creating_options()));
        p = rosa(j);
        j.db.seekers().add(j.seeker("Otra Persona"));
        j.db.seekers().update(p.id, {.email = std::string("rosa.f@otro.cl")});  // the old one in the change log
        j.db.seekers().update(p.id, {.email = p.email});
        reports_before = every_report(j.db, j.office());
        const auto request = j.db.data_rights().receive({.seeker_id = p.id,
                                                         .kind = RightKind::Erasure,
                                                         .detail = "Pide borrar sus datos: " + p.name,
                                                         .verified_by = j.c.manager.meta.id,
                                                         .verification = "cédula"});
        const auto outcome = j.db.data_rights().erase(p.id, j.c.manager.meta.id, request.meta.id);
        CHECK(outcome.erased);
        CHECK(j.db.data_rights().get(request.meta.id).status == RightsStatus::Answered);
        CHECK(every_report(j.db, j.office()) == reports_before);
        // The profile is left, anonymous: no personal data to read.
        const JobSeeker left = j.db.seekers().personal(p.id, "data_subject_request: verificar", j.c.manager.meta.id);
        CHECK(left.rut.empty());
        CHECK(left.name.empty());
        CHECK(left.email.empty());
        CHECK_FALSE(j.db.seekers().get(p.id).active);
        // Nothing made afterwards contains the person.
        const Table exported = j.db.seekers().export_personal(j.office(), {"rut", "name", "email", "phone"},
                                                              "intermediation: derivaciones", j.c.manager.meta.id);
        std::ostringstream csv;
        exported.write_csv(csv);
        CHECK_FALSE(contains(csv.str(), p.rut));
        CHECK_FALSE(contains(csv.str(), p.name));
        CHECK(j.db.seekers().get(p.id).skills.empty());
    }
    // The raw file, write-ahead log included, after a checkpoint and a VACUUM.
    {
        SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE);
        raw.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        const std::string bytes = file.bytes();
        // secure_delete: not even the free space of the file before a VACUUM holds them.
        for (const auto& needle : {p.rut, p.name, p.email, p.phone, std::string("rosa.f@otro.cl")}) {
            INFO(needle);
            CHECK(count_of(bytes, needle) == 0);
        }
        raw.exec("VACUUM");
        raw.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    std::string all = file.bytes();
    {
        std::ifstream wal(file.str() + "-wal", std::ios::binary);
        all += std::string(std::istreambuf_iterator<char>(wal), std::istreambuf_iterator<char>());
    }
    REQUIRE(all.size() > 4096);
    for (const auto& needle : {p.rut, p.name, p.email, p.phone, std::string("rosa.f@otro.cl")}) {
        INFO(needle);
        CHECK(count_of(all, needle) == 0);
    }
    CHECK(count_of(all, "Otra Persona") == 1);  // the scan would see a name that is there
    // The figures, read again from the file.
    auto db = Database::open(file.str(), fixed_options());
    CHECK(every_report(db, 1) == reports_before);
}

TEST_CASE("Rights: erasure is refused while a placement's follow-up is under way, and recorded", "[rights]") {
    Jobs j;
    const Id seeker = j.db.seekers().add(j.seeker("Juan Soto")).meta.id;
    const Id v = j.db.vacancies().capture(j.vacancy(j.acme, 1, Date(2026, 9, 1), CaptureChannel::Visit)).meta.id;
    j.db.placements().record({.seeker_id = seeker, .vacancy_id = v, .start_on = Date(2026, 10, 1)});
    const auto request = j.db.data_rights().receive({.seeker_id = seeker,
                                                     .kind = RightKind::Erasure,
                                                     .verified_by = j.c.manager.meta.id,
                                                     .verification = "cédula"});
    const auto outcome = j.db.data_rights().erase(seeker, j.c.manager.meta.id, request.meta.id);
    CHECK_FALSE(outcome.erased);
    CHECK(contains(outcome.reason, "90-day follow-up"));
    const auto refused = j.db.data_rights().get(request.meta.id);
    CHECK(refused.status == RightsStatus::Refused);
    CHECK(refused.answer == outcome.reason);
    CHECK(j.db.seekers().personal(seeker, "data_subject_request: verificar", j.c.manager.meta.id).name == "Juan Soto");
    const Table changes = j.db.seekers().changes(seeker);
    CHECK(changes.column("field").texts[changes.rows() - 1] == "erasure");
}

TEST_CASE("Rights: a blocked seeker is out of matching, referrals, offers, exports and reads, and back after",
          "[rights]") {
    Jobs j;
    const Id ana = j.db.seekers().add(j.seeker("Ana Pérez")).meta.id;
    const Id luis = j.db.seekers().add(j.seeker("Luis Díaz")).meta.id;
    const Id staff = j.c.manager.meta.id;
    const Id v = j.db.vacancies().capture(j.vacancy(j.acme, 2, Date(2026, 11, 20), CaptureChannel::Visit)).meta.id;
    auto matched = [&] {
        std::vector<Id> ids;
        for (const auto& m : j.db.matching().seekers_for(v)) ids.push_back(m.seeker_id);
        std::sort(ids.begin(), ids.end());
        return ids;
    };
    auto exported_rows = [&] {
        return j.db.seekers().export_personal(j.office(), {"name"}, "intermediation: derivaciones", staff).rows();
    };
    REQUIRE(matched() == std::vector<Id>{ana, luis});
    REQUIRE(exported_rows() == 2);

    auto& rights = j.db.data_rights();
    const auto blocked = rights.restrict({.seeker_id = ana,
                                          .kind = RestrictionKind::Blocking,
                                          .from = Date(2026, 11, 20),
                                          .reason = "Pidió rectificar su experiencia; bloqueo mientras se verifica",
                                          .staff_id = staff});
    CHECK(rights.restricted(ana, Date(2026, 11, 23)));
    CHECK(matched() == std::vector<Id>{luis});
    CHECK_THROWS_AS(j.db.referrals().refer(ana, v, staff), Conflict);
    CHECK_THROWS_AS(j.db.programmes().offer(j.office(), "capacitacion", std::nullopt, ana, staff), Conflict);
    CHECK_THROWS_AS(j.db.matching().vacancies_for(ana), Conflict);
    CHECK(exported_rows() == 1);
    // Her record is read only to answer her own request; any other reading is refused and logged.
    const auto refused = capture<Forbidden>([&] { j.db.seekers().personal(ana, "intermediation", staff); });
    CHECK(refused.field() == "purpose");
    CHECK(contains(refused.what(), "under blocking from 2026-11-20 until lifted"));
    const Table log = j.db.seekers().exports(j.office());
    CHECK(contains(log.column("refused").texts[log.rows() - 1], "under blocking"));
    CHECK(j.db.seekers().personal(ana, "data_subject_request: verificar", staff).name == "Ana Pérez");

    // Lifted: the last day it covered was yesterday.
    CHECK(capture<ValidationError>([&] { rights.lift(blocked.meta.id, Date(2026, 11, 19), staff); }).field() == "to");
    rights.lift(blocked.meta.id, Date(2026, 11, 22), staff);
    CHECK_FALSE(rights.restricted(ana, Date(2026, 11, 23)));
    CHECK(rights.restricted(ana, Date(2026, 11, 21)));  // the period stays on record
    CHECK(matched() == std::vector<Id>{ana, luis});
    CHECK(exported_rows() == 2);
    CHECK(j.db.seekers().personal(ana, "intermediation", staff).name == "Ana Pérez");
    CHECK(j.db.referrals().refer(ana, v, staff).seeker_id == ana);

    // Opposition, open-ended, from today.
    rights.restrict({.seeker_id = luis, .kind = RestrictionKind::Opposition, .reason = "Se opone", .staff_id = staff});
    CHECK(matched() == std::vector<Id>{});  // Ana referred, Luis opposing
    CHECK(capture<ValidationError>([&] {
              rights.restrict({.seeker_id = luis, .kind = RestrictionKind::Blocking, .reason = "", .staff_id = staff});
          }).field() == "reason");
}

TEST_CASE("Rights: retention lists what expired in a dry run, then anonymises it", "[rights]") {
    Jobs j;
    auto old = j.seeker("Marta Antigua");
    old.registered_on = Date(2022, 3, 1);
    old.consent_on = Date(2022, 3, 1);
    const Id marta = j.db.seekers().add(old).meta.id;
    const Id recent = j.db.seekers().add(j.seeker("Nuevo Inscrito")).meta.id;
    auto& rights = j.db.data_rights();
    CHECK(rights.expired(j.office(), Date(2026, 11, 23)).empty());  // no rule: kept
    CHECK(capture<ValidationError>([&] { rights.set_retention(j.office(), 0); }).field() == "years");
    rights.set_retention(j.office(), 3);
    CHECK(rights.retention(j.office()) == 3);
    const auto listed = rights.expired(j.office(), Date(2026, 11, 23));
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].seeker_id == marta);
    CHECK(listed[0].expired_on == Date(2025, 3, 1));
    // The dry run changed nothing.
    CHECK(j.db.seekers().personal(marta, "data_subject_request: verificar", j.c.manager.meta.id).name ==
          "Marta Antigua");
    const auto done = rights.apply_retention(j.office(), Date(2026, 11, 23), j.c.manager.meta.id);
    REQUIRE(done.size() == 1);
    CHECK(j.db.seekers().personal(marta, "data_subject_request: verificar", j.c.manager.meta.id).name.empty());
    CHECK(j.db.seekers().personal(recent, "data_subject_request: verificar", j.c.manager.meta.id).name ==
          "Nuevo Inscrito");
    CHECK(rights.expired(j.office(), Date(2026, 11, 23)).empty());  // erased ones are not listed again
}

TEST_CASE("Rights: a rectification corrects the RUT, name or birth date, logged, and answers the request", "[rights]") {
    Jobs j;
    auto n = j.seeker("Pedro Rojs");
    n.birth_date = Date(1990, 5, 17);
    const Id pedro = j.db.seekers().add(n).meta.id;
    const Id other = j.db.seekers().add(j.seeker("Otra Persona")).meta.id;
    const Id staff = j.c.manager.meta.id;
    auto& rights = j.db.data_rights();
    const auto request = rights.receive(
        {.seeker_id = pedro, .kind = RightKind::Rectification, .verified_by = staff, .verification = "cédula"});
    // Bad input names the field (not the value) and changes nothing.
    CHECK(capture<ValidationError>([&] {
              rights.rectify(pedro, {.rut = std::string("12.345.678-0")}, staff);
          }).field() == "rut");
    CHECK(capture<ValidationError>([&] { rights.rectify(pedro, {.name = std::string("  ")}, staff); }).field() ==
          "name");
    const std::string taken = j.db.seekers().personal(other, "data_subject_request: x", staff).rut;
    CHECK_THROWS_AS(rights.rectify(pedro, {.rut = taken}, staff), Conflict);
    CHECK(j.db.seekers().personal(pedro, "data_subject_request: x", staff).name == "Pedro Rojs");

    rights.rectify(pedro, {.name = std::string("Pedro Rojas"), .birth_date = std::optional<Date>(Date(1990, 7, 15))},
                   staff, request.meta.id);
    const JobSeeker after = j.db.seekers().personal(pedro, "data_subject_request: x", staff);
    CHECK(after.name == "Pedro Rojas");
    CHECK(after.birth_date == Date(1990, 7, 15));
    CHECK(after.rut == n.rut);
    const auto answered = rights.get(request.meta.id);
    CHECK(answered.status == RightsStatus::Answered);
    CHECK(answered.answer == "Datos rectificados: name,birth_date.");
    const Table changes = j.db.seekers().changes(pedro);
    CHECK(changes.column("field").texts[changes.rows() - 2] == "name");
}
