// Partner institutions: the registry, their place at events and showings, the people from
// outside at interactions, and what each partner did in a period.
#include "helpers.hpp"

using namespace omt;

namespace {

/// The Concón office with the park's employers, SENCE's regional office and a university.
struct PartnerScene {
    Database db = fresh_db();
    Concon c{db};
    Partner sence, university;
    Employer acme;

    PartnerScene() {
        sence = db.partners().add({.office_id = c.office.meta.id,
                                   .name = "SENCE Dirección Regional de Valparaíso",
                                   .kind = PartnerKind::PublicService,
                                   .contact_name = "Marcela Fuentes",
                                   .email = " MFuentes@sence.cl ",
                                   .commune = "Valparaíso"});
        university = db.partners().add({.office_id = c.office.meta.id,
                                        .name = "Universidad Técnica Federico Santa María",
                                        .kind = PartnerKind::University});
        acme = db.employers().add(c.employer("76.086.428-5", "Logística Gulmué SpA"));
    }
    Id office() const { return c.office.meta.id; }
};

}  // namespace

TEST_CASE("partners are added, listed by name and kind, and updated", "[partners]") {
    PartnerScene s;
    CHECK(s.sence.email == "mfuentes@sence.cl");
    CHECK(s.sence.commune == "05101");
    CHECK(s.university.commune.empty());
    const auto all = s.db.partners().list(s.office());
    REQUIRE(all.size() == 2);
    CHECK(all[0].name == "SENCE Dirección Regional de Valparaíso");
    REQUIRE(s.db.partners().list(s.office(), PartnerKind::University).size() == 1);
    CHECK(s.db.partners().list(s.office(), PartnerKind::TrainingBody).empty());
    const Partner p = s.db.partners().update(s.university.meta.id,
                                             {.contact_name = "Oficina de Vinculación", .phone = "+56 32 265 4000"});
    CHECK(p.contact_name == "Oficina de Vinculación");
    CHECK(p.kind == PartnerKind::University);
    CHECK(s.db.partners().get(s.university.meta.id).phone == "+56 32 265 4000");
    CHECK_THROWS_AS(s.db.partners().get(999), NotFound);
}

TEST_CASE("a refused partner names the field and changes nothing", "[partners]") {
    PartnerScene s;
    auto e = capture<ValidationError>(
        [&] { s.db.partners().add({.office_id = s.office(), .name = "  ", .kind = PartnerKind::Other}); });
    CHECK(e.field() == "name");
    e = capture<ValidationError>(
        [&] { s.db.partners().add({.office_id = s.office(), .name = "OTEC Capacita", .email = "no-es-correo"}); });
    CHECK(e.field() == "email");
    CHECK(e.value() == "no-es-correo");
    e = capture<ValidationError>(
        [&] { s.db.partners().add({.office_id = s.office(), .name = "OTEC Capacita", .commune = "Atlántida"}); });
    CHECK(e.field() == "commune");
    CHECK_THROWS_AS(s.db.partners().add({.office_id = s.office(), .name = "SENCE Dirección Regional de Valparaíso"}),
                    Conflict);
    CHECK_THROWS_AS(s.db.partners().update(s.university.meta.id, {.name = s.sence.name}), Conflict);
    e = capture<ValidationError>([&] { s.db.partners().update(s.university.meta.id, {.email = "x@"}); });
    CHECK(e.field() == "email");
    CHECK(s.db.partners().list(s.office()).size() == 2);
    CHECK(s.db.partners().get(s.university.meta.id).name == "Universidad Técnica Federico Santa María");
    CHECK(s.db.partners().get(s.university.meta.id).email.empty());
}

TEST_CASE("a partner co-hosts an event, is invited and attends", "[partners]") {
    PartnerScene s;
    const Event fair = s.db.events().add({.office_id = s.office(),
                                          .kind = EventKind::JobFair,
                                          .title = "Feria laboral Concón",
                                          .on = Date(2026, 10, 15),
                                          .partner_hosts = {s.university.meta.id, s.university.meta.id}});
    CHECK(fair.partner_hosts == std::vector<Id>{s.university.meta.id});
    CHECK(s.db.events().get(fair.meta.id).partner_hosts == std::vector<Id>{s.university.meta.id});
    CHECK(s.db.events().list(s.office()).at(0).partner_hosts == std::vector<Id>{s.university.meta.id});
    s.db.events().invite_partners(fair.meta.id, {s.sence.meta.id});
    s.db.events().invite_partners(fair.meta.id, {s.sence.meta.id});  // again: nothing changes
    const EventPartner p = s.db.events().partner_attended(fair.meta.id, s.sence.meta.id, 2);
    CHECK(p.invited);
    CHECK(p.attended);
    CHECK(p.attendees == 2);
    CHECK_FALSE(p.co_host);
    const auto partners = s.db.events().partners(fair.meta.id);
    REQUIRE(partners.size() == 2);
    CHECK(partners[1].co_host);
    CHECK_FALSE(partners[1].attended);
    REQUIRE(s.db.partners().events(s.sence.meta.id).size() == 1);

    // A partner of another office takes no part; nothing is written.
    const Office vina = s.db.offices().add({.name = "OMIL Viña del Mar", .commune = "05109"});
    const Partner other =
        s.db.partners().add({.office_id = vina.meta.id, .name = "DuocUC Viña", .kind = PartnerKind::TrainingBody});
    auto e = capture<ValidationError>([&] {
        s.db.events().invite_partners(fair.meta.id, {s.sence.meta.id, other.meta.id});
    });
    CHECK(e.field() == "partners[1]");
    e = capture<ValidationError>([&] {
        s.db.events().add(
            {.office_id = s.office(), .title = "X", .on = Date(2026, 10, 1), .partner_hosts = {other.meta.id}});
    });
    CHECK(e.field() == "partner_hosts[0]");
    CHECK(s.db.events().list(s.office()).size() == 1);
    CHECK(capture<ValidationError>([&] {
              s.db.events().partner_attended(fair.meta.id, s.sence.meta.id, -1);
          }).field() == "attendees");
    CHECK(s.db.events().partners(fair.meta.id).size() == 2);
    CHECK(s.db.events().partners(fair.meta.id)[0].attendees == 2);
}

TEST_CASE("partners are counted in a showing's audience", "[partners]") {
    PartnerScene s;
    const OutreachAsset video = s.db.outreach().add_asset("Video institucional", AssetKind::Video);
    const Showing x = s.db.outreach().record({.asset_id = video.meta.id,
                                              .office_id = s.office(),
                                              .on = Date(2026, 11, 5),
                                              .setting = Setting::SenceActivity,
                                              .audience = Audience::Mixed,
                                              .audience_size = 30,
                                              .partners = {s.sence.meta.id, s.sence.meta.id}});
    CHECK(x.partners == std::vector<Id>{s.sence.meta.id});
    CHECK(s.db.outreach().showings(Date(2026, 1, 1), Date(2026, 12, 31)).at(0).partners ==
          std::vector<Id>{s.sence.meta.id});
    const Office vina = s.db.offices().add({.name = "OMIL Viña del Mar", .commune = "05109"});
    const Partner other = s.db.partners().add({.office_id = vina.meta.id, .name = "IPS Viña"});
    CHECK(capture<ValidationError>([&] {
              s.db.outreach().record({.asset_id = video.meta.id,
                                      .office_id = s.office(),
                                      .on = Date(2026, 11, 6),
                                      .setting = Setting::Other,
                                      .partners = {other.meta.id}});
          }).field() == "partners[0]");
    CHECK(s.db.outreach().showings(Date(2026, 1, 1), Date(2026, 12, 31)).size() == 1);
}

TEST_CASE("people from outside take part in interactions and are found by partner", "[partners]") {
    PartnerScene s;
    const Id obras = s.db.departments().by_code(s.office(), "obras").value().meta.id;
    const Interaction visit = s.db.interactions().log(
        {.kind = InteractionKind::Visit,
         .on = Date(2026, 11, 10),
         .staff_id = s.c.manager.meta.id,
         .employer_id = s.acme.meta.id,
         .participants = {{.name = " Marcela Fuentes ",
                           .role = "Encargada OMIL regional",
                           .partner_id = s.sence.meta.id},
                          {.name = "Jorge Vera", .role = "Director de Obras", .department_id = obras},
                          {.name = "Pedro Lillo", .organisation = "Carabineros, 5a Comisaría"}},
         .summary = "Visita con SENCE y Obras"});
    REQUIRE(visit.participants.size() == 3);
    CHECK(visit.participants[0].name == "Marcela Fuentes");
    const Interaction again = s.db.interactions().get(visit.meta.id);
    REQUIRE(again.participants.size() == 3);
    CHECK(again.participants[1].department_id == obras);
    CHECK(again.participants[2].organisation == "Carabineros, 5a Comisaría");

    const Cluster park = s.db.clusters().add(
        {.office_id = s.office(), .name = "Parque Industrial Gulmué", .kind = ClusterKind::IndustrialPark});
    const Interaction meeting = s.db.interactions().log_cluster_meeting(
        {.cluster_id = park.meta.id,
         .on = Date(2026, 11, 12),
         .staff_id = s.c.manager.meta.id,
         .participants = {{.name = "Marcela Fuentes", .partner_id = s.sence.meta.id}}});
    CHECK(meeting.participants.size() == 1);

    const auto with_sence = s.db.partners().interactions(s.sence.meta.id);
    REQUIRE(with_sence.size() == 2);
    CHECK(with_sence[0].meta.id == meeting.meta.id);  // newest first
    CHECK(s.db.partners().interactions(s.sence.meta.id, Date(2026, 11, 11), Date(2026, 11, 30)).size() == 1);
    CHECK(s.db.interactions().with_participants({.office_id = s.office(), .department_id = obras}).size() == 1);
    CHECK(s.db.interactions().with_participants({.office_id = s.office(), .name = "marcela fuentes"}).size() == 2);
    CHECK(s.db.interactions().with_participants({.office_id = s.office(), .name = "LILLO"}).size() == 1);
    const Table t = s.db.interactions().participants({.office_id = s.office()});
    REQUIRE(t.rows() == 4);
    CHECK(t.column("partner").texts[0] == "SENCE Dirección Regional de Valparaíso");
    CHECK(t.column("department").texts[2] == "Dirección de Obras Municipales");

    // Removing the interaction takes it out of the lists.
    s.db.interactions().remove(visit.meta.id, "duplicada");
    CHECK(s.db.partners().interactions(s.sence.meta.id).size() == 1);
}

TEST_CASE("a refused participant names the field and logs nothing", "[partners]") {
    PartnerScene s;
    const Office vina = s.db.offices().add({.name = "OMIL Viña del Mar", .commune = "05109"});
    const Partner other = s.db.partners().add({.office_id = vina.meta.id, .name = "IPS Viña"});
    const Id vina_obras = s.db.departments().by_code(vina.meta.id, "obras").value().meta.id;
    auto log = [&](std::vector<NewParticipant> people) {
        return capture<ValidationError>([&] {
            s.db.interactions().log({.kind = InteractionKind::Visit,
                                     .on = Date(2026, 11, 10),
                                     .staff_id = s.c.manager.meta.id,
                                     .employer_id = s.acme.meta.id,
                                     .participants = std::move(people)});
        });
    };
    auto e = log({{.name = "Ana", .organisation = "X"}, {.name = " ", .organisation = "Y"}});
    CHECK(e.field() == "participants[1].name");
    e = log({{.name = "Marcela"}});
    CHECK(e.field() == "participants[0]");
    CHECK(e.value() == "Marcela");
    e = log({{.name = "Marcela", .partner_id = s.sence.meta.id, .organisation = "SENCE"}});
    CHECK(e.field() == "participants[0]");
    e = log({{.name = "Marcela", .partner_id = other.meta.id}});
    CHECK(e.field() == "participants[0].partner");
    e = log({{.name = "Marcela", .partner_id = 999}});
    CHECK(e.field() == "participants[0].partner");
    e = log({{.name = "Jorge", .department_id = vina_obras}});
    CHECK(e.field() == "participants[0].department");
    e = capture<ValidationError>([&] {
        s.db.interactions().log_many({{.kind = InteractionKind::Visit,
                                       .on = Date(2026, 11, 10),
                                       .staff_id = s.c.manager.meta.id,
                                       .employer_id = s.acme.meta.id},
                                      {.kind = InteractionKind::Visit,
                                       .on = Date(2026, 11, 11),
                                       .staff_id = s.c.manager.meta.id,
                                       .employer_id = s.acme.meta.id,
                                       .participants = {{.name = "X"}}}});
    });
    CHECK(e.field() == "rows[1].participants[0]");
    CHECK(s.db.interactions().of_employer(s.acme.meta.id).empty());
    CHECK(s.db.interactions().participants({.office_id = s.office()}).rows() == 0);
}

TEST_CASE("partners' activity and the report per kind count a period", "[partners]") {
    PartnerScene s;
    const Partner otec = s.db.partners().add(
        {.office_id = s.office(), .name = "OTEC Capacita Chile", .kind = PartnerKind::TrainingBody});
    const Event fair = s.db.events().add({.office_id = s.office(),
                                          .kind = EventKind::JobFair,
                                          .title = "Feria laboral",
                                          .on = Date(2026, 10, 15),
                                          .partner_hosts = {s.university.meta.id}});
    s.db.events().invite_partners(fair.meta.id, {s.sence.meta.id, otec.meta.id});
    s.db.events().partner_attended(fair.meta.id, s.sence.meta.id);
    const Event old = s.db.events().add(
        {.office_id = s.office(), .title = "Encuentro 2025", .on = Date(2025, 6, 1), .partner_hosts = {otec.meta.id}});
    (void)old;
    s.db.interactions().log({.kind = InteractionKind::Visit,
                             .on = Date(2026, 11, 10),
                             .staff_id = s.c.manager.meta.id,
                             .employer_id = s.acme.meta.id,
                             .participants = {{.name = "Marcela", .partner_id = s.sence.meta.id},
                                              {.name = "Rodrigo", .partner_id = s.sence.meta.id}}});
    // The OTEC (id 3) in two showings' audience: each count goes to its own partner.
    const OutreachAsset video = s.db.outreach().add_asset("Video institucional", AssetKind::Video);
    for (const Date on : {Date(2026, 10, 1), Date(2026, 10, 2)})
        s.db.outreach().record({.asset_id = video.meta.id,
                                .office_id = s.office(),
                                .on = on,
                                .setting = Setting::Other,
                                .partners = {otec.meta.id}});
    const Table a = s.db.partners().activity(s.office(), Date(2026, 1, 1), Date(2026, 12, 31));
    REQUIRE(a.rows() == 3);
    CHECK(int_at(a, "showings", 0) == 2);
    CHECK(int_at(a, "showings", 1) == 0);
    CHECK(a.column("name").texts[0] == "OTEC Capacita Chile");
    CHECK(int_at(a, "events_co_hosted", 0) == 0);  // the 2025 event is outside the period
    CHECK(int_at(a, "events_invited", 0) == 1);
    CHECK(int_at(a, "events_invited", 1) == 1);
    CHECK(int_at(a, "events_attended", 1) == 1);
    CHECK(int_at(a, "interactions", 1) == 1);  // two of its people, one interaction
    CHECK(int_at(a, "events_co_hosted", 2) == 1);
    const Table r = s.db.partners().report(s.office(), Date(2026, 1, 1), Date(2026, 12, 31));
    REQUIRE(r.rows() == 6);
    CHECK(r.column("kind").texts[0] == "university");
    CHECK(int_at(r, "partners", 0) == 1);
    CHECK(int_at(r, "events_co_hosted", 0) == 1);
    CHECK(int_at(r, "events_attended", 2) == 1);
    CHECK(r.column("kind").texts[5] == "total");
    CHECK(int_at(r, "partners", 5) == 3);
    CHECK(int_at(r, "events_invited", 5) == 2);
    CHECK(capture<ValidationError>([&] {
              s.db.partners().report(s.office(), Date(2026, 12, 31), Date(2026, 1, 1));
          }).field() == "end");
}
