// Events with employers and the outreach material: attendance left in the interaction log, the
// vacancies captured at an event, showings and the catastro per office and province.
#include "helpers.hpp"

using namespace omt;

namespace {

const char* kVideoUuid = "0b8f7a52-3c1d-4e5f-9a6b-7c8d9e0f1a2b";

}  // namespace

TEST_CASE("an event logs each attending employer and the vacancies captured there", "[outreach]") {
    auto db = fresh_db();
    Concon c(db);
    const Employer a = db.employers().add(c.employer("76.086.428-5", "Logística Gulmué SpA"));
    const Employer b = db.employers().add(c.employer("96.511.460-2", "Envases del Pacífico S.A."));
    const Event e = db.events().add({.office_id = c.office.meta.id,
                                     .kind = EventKind::BusinessBreakfast,
                                     .title = "Desayuno empresarial Gulmué",
                                     .on = Date(2026, 11, 12),
                                     .place = "Club de Campo",
                                     .organiser = "OMIL Concón",
                                     .staff_id = c.manager.meta.id});
    CHECK(e.commune == "05103");
    db.events().invite(e.meta.id, {a.meta.id, b.meta.id});
    db.events().invite(e.meta.id, {a.meta.id});  // again: nothing changes
    const EventGuest g = db.events().attend(e.meta.id, a.meta.id);
    REQUIRE(g.interaction_id.has_value());
    const Interaction it = db.interactions().get(*g.interaction_id);
    CHECK(it.kind == InteractionKind::Event);
    CHECK(it.on == Date(2026, 11, 12));
    CHECK(it.employer_id == a.meta.id);
    CHECK_THROWS_AS(db.events().attend(e.meta.id, a.meta.id), Conflict);
    NewVacancy v{.employer_id = a.meta.id,
                 .title = "Peoneta",
                 .occupation = "9333",
                 .positions = 2,
                 .interaction_id = g.interaction_id,
                 .captured_on = Date(2026, 11, 12)};
    const Vacancy vac = db.vacancies().capture(v);
    CHECK(vac.channel == CaptureChannel::Event);
    REQUIRE(db.events().vacancies(e.meta.id).size() == 1);
    const Table t = db.events().table(c.office.meta.id);
    REQUIRE(t.rows() == 1);
    CHECK(t.column("invited").ints[0] == 2);
    CHECK(t.column("attended").ints[0] == 1);
    CHECK(t.column("positions").ints[0] == 2);
    CHECK(capture<ValidationError>([&] {
              db.events().add({.office_id = c.office.meta.id, .title = " ", .on = Date(2026, 11, 12)});
          }).field() == "title");
}

TEST_CASE("the catastro counts showings per office, setting and province by hand", "[outreach]") {
    auto db = fresh_db();
    Concon c(db);
    const Office vina = db.offices().add({.name = "OMIL Viña del Mar", .commune = "05109"});
    const Office quillota = db.offices().add({.name = "OMIL Quillota", .commune = "05501"});
    const Employer a = db.employers().add(c.employer("76.086.428-5", "Logística Gulmué SpA"));
    const OutreachAsset video =
        db.outreach().add_asset("Video institucional", AssetKind::Video, "SENCE", "", kVideoUuid);
    CHECK(db.outreach().add_asset("Otro nombre", AssetKind::Video, "", "", kVideoUuid).meta.id == video.meta.id);
    CHECK(db.outreach()
              .add_asset("Mayúsculas", AssetKind::Video, "", "", "0B8F7A52-3C1D-4E5F-9A6B-7C8D9E0F1A2B")
              .meta.id == video.meta.id);
    CHECK(capture<ValidationError>([&] {
              db.outreach().add_asset("X", AssetKind::Video, "", "", "not-a-uuid");
          }).field() == "uuid");
    const Id concon = c.office.meta.id;
    db.outreach().record({.asset_id = video.meta.id,
                          .office_id = concon,
                          .on = Date(2026, 5, 4),
                          .setting = Setting::CompanyMeeting,
                          .audience_size = 5,
                          .employers = {a.meta.id, a.meta.id}});
    db.outreach().record({.asset_id = video.meta.id,
                          .office_id = concon,
                          .on = Date(2026, 6, 10),
                          .setting = Setting::JobFair,
                          .audience = Audience::Mixed,
                          .audience_size = 120});
    db.outreach().record({.asset_id = video.meta.id,
                          .office_id = vina.meta.id,
                          .on = Date(2026, 6, 11),
                          .setting = Setting::MunicipalDepartment,
                          .audience = Audience::MunicipalStaff,
                          .audience_size = 12});
    db.outreach().record({.asset_id = video.meta.id,
                          .office_id = concon,
                          .on = Date(2025, 12, 1),  // outside
                          .setting = Setting::JobFair,
                          .audience_size = 300});
    CHECK(capture<ValidationError>([&] {
              db.outreach().record(
                  {.asset_id = video.meta.id, .office_id = concon, .on = Date(2026, 6, 1), .audience_size = -1});
          }).field() == "audience_size");
    const Date from(2026, 1, 1), to(2026, 12, 31);
    const Table t = db.outreach().catastro(video.meta.id, from, to);
    REQUIRE(t.rows() == 3);
    CHECK(t.column("office").texts == std::vector<std::string>{"OMIL Concón", "OMIL Viña del Mar", "OMIL Quillota"});
    CHECK(t.column("province").texts[0] == "Valparaíso");
    CHECK(t.column("showings").ints == std::vector<std::int64_t>{2, 1, 0});
    CHECK(t.column("company_meeting").ints == std::vector<std::int64_t>{1, 0, 0});
    CHECK(t.column("job_fair").ints == std::vector<std::int64_t>{1, 0, 0});
    CHECK(t.column("municipal_department").ints == std::vector<std::int64_t>{0, 1, 0});
    CHECK(t.column("audience").ints == std::vector<std::int64_t>{125, 12, 0});
    CHECK(t.column("employers_present").ints == std::vector<std::int64_t>{1, 0, 0});
    CHECK(t.column("last_shown").ints[0] == Date(2026, 6, 10).days());
    CHECK(t.column("last_shown").valid[2] == 0);
    const auto unused = db.outreach().offices_without_showings(video.meta.id, from, to);
    REQUIRE(unused.size() == 1);
    CHECK(unused[0].meta.id == quillota.meta.id);
    // Provinces: Valparaíso (Concón, Viña) 3 showings of 3, 2 offices of 3; Quillota 0 of 3, 1 of 3.
    const Table p = db.outreach().catastro_by_province(video.meta.id, from, to);
    REQUIRE(p.rows() == 2);
    CHECK(p.column("province").texts == std::vector<std::string>{"Valparaíso", "Quillota"});
    CHECK(p.column("offices_showing").ints == std::vector<std::int64_t>{2, 0});
    CHECK(p.column("share_of_showings").reals[0] == Approx(1.0));
    // 1 - (|0 - 1/3| + |1 - 2/3|) / 2 = 2/3
    CHECK(std::stod(p.metadata().at("territorial_balance")) == Approx(2.0 / 3.0).epsilon(1e-5));
}

TEST_CASE("the protocol lists the events where the video was not shown", "[outreach]") {
    auto db = fresh_db();
    Concon c(db);
    const Id office = c.office.meta.id;
    const Office vina = db.offices().add({.name = "OMIL Viña del Mar", .commune = "05109"});
    const OutreachAsset video =
        db.outreach().add_asset("Video institucional", AssetKind::Video, "SENCE", "", kVideoUuid);
    const OutreachAsset banner = db.outreach().add_asset("Pendón", AssetKind::Banner);
    const auto event = [&](const char* title, Date on, std::vector<Id> co_hosts = {}) {
        return db.events()
            .add({.office_id = office, .title = title, .on = on, .co_hosts = std::move(co_hosts)})
            .meta.id;
    };
    const Id shown = event("Encuentro Gulmué", Date(2026, 5, 4));
    const Id missed = event("Desayuno empresarial", Date(2026, 6, 2));
    const Id cohosted = event("Feria laboral", Date(2026, 7, 8), {vina.meta.id});
    event("Encuentro 2025", Date(2025, 11, 4));  // outside the period
    db.outreach().record({.asset_id = video.meta.id,
                          .office_id = office,
                          .on = Date(2026, 5, 4),
                          .audience_size = 20,
                          .event_id = shown});
    db.outreach().record({.asset_id = banner.meta.id,  // other material does not count
                          .office_id = office,
                          .on = Date(2026, 6, 2),
                          .audience_size = 20,
                          .event_id = missed});
    // Viña showed it at the fair both offices hold: the protocol was kept there.
    db.outreach().record({.asset_id = video.meta.id,
                          .office_id = vina.meta.id,
                          .on = Date(2026, 7, 8),
                          .setting = Setting::JobFair,
                          .audience_size = 80,
                          .event_id = cohosted});
    const auto list = db.outreach().events_without_showing(video.meta.id, office, Date(2026, 1, 1), Date(2026, 12, 31));
    REQUIRE(list.size() == 1);
    CHECK(list[0].meta.id == missed);
    CHECK(db.outreach().events_without_showing(banner.meta.id, office, Date(2026, 1, 1), Date(2026, 12, 31)).size() ==
          2);
    CHECK(capture<ValidationError>([&] {
              db.outreach().events_without_showing(video.meta.id, office, Date(2026, 12, 1), Date(2026, 1, 1));
          }).field() == "end");
    CHECK_THROWS_AS(db.outreach().events_without_showing(999, office, Date(2026, 1, 1), Date(2026, 12, 31)), NotFound);
}

TEST_CASE("who appears in the material: consent checked, lapse flagged, showing refused", "[outreach]") {
    Jobs j;
    NewJobSeeker in = j.seeker("Camila Reyes");
    in.consent_scope = {"intermediation", "image"};
    const JobSeeker camila = j.db.seekers().add(in);
    const JobSeeker pablo = j.db.seekers().add(j.seeker("Pablo Muñoz"));  // intermediation, programmes
    const OutreachAsset video = j.db.outreach().add_asset("Video regional", AssetKind::Video, "SENCE");
    const AssetAppearance a = j.db.outreach().add_appearance({.asset_id = video.meta.id, .seeker_id = camila.meta.id});
    CHECK(a.office_id == j.office());
    CHECK(a.consent_on == Date(2026, 1, 10));
    CHECK(a.recorded_on == test_day());
    CHECK_FALSE(a.lapsed);

    // Refused: a consent without the scope, a testimonial with an image-only consent, a
    // duplicate, no one or two people, a contact without the day of consent. Nothing is written.
    auto e = capture<ValidationError>(
        [&] { j.db.outreach().add_appearance({.asset_id = video.meta.id, .seeker_id = pablo.meta.id}); });
    CHECK(e.field() == "seeker");
    CHECK(e.value() == std::to_string(pablo.meta.id));
    CHECK(contains(e.reason(), "does not cover image"));
    CHECK(capture<ValidationError>([&] {
              j.db.outreach().add_appearance(
                  {.asset_id = video.meta.id, .seeker_id = camila.meta.id, .scope = AppearanceScope::Testimonial});
          }).field() == "seeker");
    CHECK_THROWS_AS(j.db.outreach().add_appearance({.asset_id = video.meta.id, .seeker_id = camila.meta.id}), Conflict);
    CHECK(capture<ValidationError>([&] { j.db.outreach().add_appearance({.asset_id = video.meta.id}); }).field() ==
          "seeker");
    CHECK(capture<ValidationError>([&] {
              j.db.outreach().add_appearance(
                  {.asset_id = video.meta.id, .seeker_id = camila.meta.id, .staff_id = j.c.head.meta.id});
          }).field() == "seeker");
    CHECK(capture<ValidationError>([&] {
              j.db.outreach().add_appearance({.asset_id = video.meta.id, .staff_id = j.c.head.meta.id});
          }).field() == "consent_on");
    CHECK(j.db.outreach().appearances(video.meta.id).size() == 1);

    const AssetAppearance staff = j.db.outreach().add_appearance(
        {.asset_id = video.meta.id, .staff_id = j.c.head.meta.id, .consent_on = Date(2026, 3, 2)});
    CHECK(staff.consent_on == Date(2026, 3, 2));
    const Showing first = j.db.outreach().record(
        {.asset_id = video.meta.id, .office_id = j.office(), .on = Date(2026, 11, 2), .setting = Setting::JobFair});

    // Camila renews her consent without image: the material is flagged and not shown again.
    j.db.seekers().renew_consent(camila.meta.id, test_day(), {"intermediation"});
    const auto lapsed = j.db.outreach().lapsed_appearances(j.office());
    REQUIRE(lapsed.size() == 1);
    CHECK(lapsed[0].meta.id == a.meta.id);
    CHECK(lapsed[0].lapsed);
    CHECK(contains(lapsed[0].lapse, "does not cover image"));
    e = capture<ValidationError>([&] {
        j.db.outreach().record(
            {.asset_id = video.meta.id, .office_id = j.office(), .on = test_day(), .setting = Setting::CompanyMeeting});
    });
    CHECK(e.field() == "asset");
    CHECK(e.value() == std::to_string(video.meta.id));
    CHECK(contains(e.reason(), "consent lapsed"));
    CHECK(j.db.outreach().showings(Date(2026, 1, 1), Date(2026, 12, 31)).size() == 1);
    CHECK(j.db.outreach().get(first.meta.id).asset_id == video.meta.id);  // past showings stay

    // Re-edited without her: the appearance is removed and the material is shown again.
    const AssetAppearance removed = j.db.outreach().remove_appearance(a.meta.id);
    CHECK(removed.removed_on == test_day());
    CHECK_FALSE(removed.lapsed);
    CHECK_THROWS_AS(j.db.outreach().remove_appearance(a.meta.id), Conflict);
    CHECK(j.db.outreach().lapsed_appearances().empty());
    CHECK(j.db.outreach().appearances(video.meta.id).size() == 1);
    j.db.outreach().record(
        {.asset_id = video.meta.id, .office_id = j.office(), .on = test_day(), .setting = Setting::CompanyMeeting});

    // A seeker hired and taken off the register still appears; one whose data is erased does not.
    NewJobSeeker in2 = j.seeker("Rosa Pérez");
    in2.consent_scope = {"image", "testimonial"};
    const JobSeeker rosa = j.db.seekers().add(in2);
    j.db.outreach().add_appearance(
        {.asset_id = video.meta.id, .seeker_id = rosa.meta.id, .scope = AppearanceScope::Testimonial});
    j.db.seekers().withdraw(rosa.meta.id);
    CHECK(j.db.outreach().lapsed_appearances().empty());
    j.db.data_rights().erase(rosa.meta.id, j.c.head.meta.id);
    REQUIRE(j.db.outreach().lapsed_appearances().size() == 1);
    CHECK(contains(j.db.outreach().lapsed_appearances()[0].lapse, "was erased"));
}
