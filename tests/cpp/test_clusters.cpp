// Clusters: members over time, a representative, a meeting rhythm.
#include "helpers.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;

namespace {
struct Park {
    Database db = omt::fresh_db();
    omt::Concon c{db};
    Cluster park = db.clusters().add({.office_id = c.office.meta.id,
                                      .name = "Parque Industrial Gulmué",
                                      .kind = ClusterKind::IndustrialPark,
                                      .meets = Recurrence::monthly(1, Weekday::Thu)});
    Employer a = db.employers().add(c.employer("76.086.428-5", "Logística Gulmué SpA"));
    Employer b = db.employers().add(c.employer("12.345.678-5", "Astilleros del Pacífico"));
    Employer k = db.employers().add(c.employer("11.111.112-K", "Kappa Ltda"));
};
}  // namespace

TEST_CASE("Clusters: add, get and list", "[clusters]") {
    Park p;
    const auto got = p.db.clusters().get(p.park.meta.id);
    CHECK(got.name == "Parque Industrial Gulmué");
    CHECK(got.kind == ClusterKind::IndustrialPark);
    CHECK(got.office_id == p.c.office.meta.id);
    REQUIRE(got.meets.has_value());
    CHECK(*got.meets == Recurrence::monthly(1, Weekday::Thu));
    CHECK_FALSE(got.representative_id.has_value());
    p.db.clusters().add({.office_id = p.c.office.meta.id,
                         .name = "Cámara de Comercio de Concón",
                         .kind = ClusterKind::ChamberOfCommerce});
    const auto all = p.db.clusters().list(p.c.office.meta.id);
    REQUIRE(all.size() == 2u);
    CHECK(all[0].name == "Cámara de Comercio de Concón");  // by name
    CHECK_FALSE(all[0].meets.has_value());

    CHECK(capture<ValidationError>([&] {
              p.db.clusters().add({.office_id = p.c.office.meta.id, .name = ""});
          }).field() == "name");
    CHECK_THROWS_AS(p.db.clusters().add({.office_id = 999, .name = "X"}), NotFound);
    CHECK_THROWS_AS(p.db.clusters().get(999), NotFound);
    CHECK(p.db.clusters().list(p.c.office.meta.id).size() == 2u);
    CHECK(to_string(ClusterKind::TradeAssociation) == "trade_association");
    CHECK(parse_enum<ClusterKind>("Industrial Park") == ClusterKind::IndustrialPark);
}

TEST_CASE("Clusters: members as of a date", "[clusters]") {
    Park p;
    auto& cl = p.db.clusters();
    const Id id = p.park.meta.id;
    cl.add_member(id, p.a.meta.id, Date(2026, 3, 1));
    cl.add_member(id, p.b.meta.id, Date(2026, 6, 15));
    const auto left = cl.remove_member(id, p.a.meta.id, Date(2026, 10, 1));
    CHECK(left.joined == Date(2026, 3, 1));
    REQUIRE(left.left.has_value());
    CHECK(*left.left == Date(2026, 10, 1));

    CHECK(cl.members(id, Date(2026, 2, 28)).empty());
    CHECK(cl.members(id, Date(2026, 3, 1)) == std::vector<Id>{p.a.meta.id});  // joined that day
    CHECK(cl.members(id, Date(2026, 6, 14)) == std::vector<Id>{p.a.meta.id});
    CHECK(cl.members(id, Date(2026, 6, 15)) == std::vector<Id>{p.a.meta.id, p.b.meta.id});
    CHECK(cl.members(id, Date(2026, 9, 30)) == std::vector<Id>{p.a.meta.id, p.b.meta.id});  // D-1
    CHECK(cl.members(id, Date(2026, 10, 1)) == std::vector<Id>{p.b.meta.id});               // left on D
    CHECK(cl.members(id, omt::test_day()) == std::vector<Id>{p.b.meta.id});

    CHECK(cl.clusters_of(p.a.meta.id, Date(2026, 9, 30)) == std::vector<Id>{id});
    CHECK(cl.clusters_of(p.a.meta.id, Date(2026, 10, 1)).empty());
    CHECK(cl.clusters_of(p.k.meta.id, omt::test_day()).empty());

    const auto periods = cl.memberships(id);
    REQUIRE(periods.size() == 2u);
    CHECK(periods[0].employer_id == p.a.meta.id);
    CHECK(periods[0].member_on(Date(2026, 9, 30)));
    CHECK_FALSE(periods[0].member_on(Date(2026, 10, 1)));
    CHECK_FALSE(periods[1].left.has_value());
}

TEST_CASE("Clusters: joining twice, rejoining and leaving", "[clusters]") {
    Park p;
    auto& cl = p.db.clusters();
    const Id id = p.park.meta.id;
    cl.add_member(id, p.a.meta.id, Date(2026, 3, 1));

    // Joining again while a member is a Conflict.
    CHECK_THROWS_AS(cl.add_member(id, p.a.meta.id, Date(2026, 5, 1)), Conflict);
    CHECK_THROWS_AS(cl.add_member(id, p.a.meta.id, Date(2026, 1, 1)), Conflict);
    CHECK(cl.memberships(id).size() == 1u);

    // Leaving on or before the day of joining is refused.
    CHECK(capture<ValidationError>([&] { cl.remove_member(id, p.a.meta.id, Date(2026, 3, 1)); }).field() == "left");
    cl.remove_member(id, p.a.meta.id, Date(2026, 6, 1));
    // Not a current member any more.
    CHECK_THROWS_AS(cl.remove_member(id, p.a.meta.id, Date(2026, 7, 1)), NotFound);
    // Rejoining inside the past period overlaps it.
    CHECK_THROWS_AS(cl.add_member(id, p.a.meta.id, Date(2026, 5, 31)), Conflict);
    // Rejoining from the day it left works; both periods are kept.
    cl.add_member(id, p.a.meta.id, Date(2026, 8, 1));
    CHECK(cl.memberships(id).size() == 2u);
    CHECK(cl.members(id, Date(2026, 7, 1)).empty());
    CHECK(cl.members(id, Date(2026, 8, 1)) == std::vector<Id>{p.a.meta.id});
    CHECK(cl.members(id, Date(2026, 5, 31)) == std::vector<Id>{p.a.meta.id});
}

TEST_CASE("Clusters: members must belong to the cluster's office", "[clusters]") {
    Park p;
    omt::Concon other(p.db);
    const auto foreign = p.db.employers().add(other.employer("11.111.117-0", "Foránea SpA"));
    const auto e = capture<ValidationError>(
        [&] { p.db.clusters().add_member(p.park.meta.id, foreign.meta.id, Date(2026, 3, 1)); });
    CHECK(e.field() == "employer");
    CHECK(p.db.clusters().memberships(p.park.meta.id).empty());
    CHECK_THROWS_AS(p.db.clusters().add_member(p.park.meta.id, 9999, Date(2026, 3, 1)), NotFound);
}

TEST_CASE("Clusters: a new employer can join a cluster as it is added", "[clusters][employers]") {
    Park p;
    NewEmployer in;
    in.office_id = 0;  // taken from the cluster
    in.rut = "11.111.117-0";
    in.legal_name = "Nueva SpA";
    in.cluster_id = p.park.meta.id;
    in.joined = Date(2026, 11, 1);
    const auto e = p.db.employers().add(in);
    CHECK(e.office_id == p.c.office.meta.id);
    CHECK(p.db.clusters().members(p.park.meta.id, Date(2026, 11, 1)) == std::vector<Id>{e.meta.id});
    CHECK(p.db.clusters().members(p.park.meta.id, Date(2026, 10, 31)).empty());

    // Without `joined` the employer joins today.
    NewEmployer today = in;
    today.rut = "11.111.112-K";
    const auto dup = capture<Conflict>([&] { p.db.employers().add(today); });  // Kappa has it
    CHECK(contains(dup.what(), "11.111.112-K"));
    CHECK(p.db.clusters().memberships(p.park.meta.id).size() == 1u);  // nothing half-written
    today.rut = Rut::from_body(33333333).str();
    today.joined.reset();
    const auto t = p.db.employers().add(today);
    CHECK(p.db.clusters().clusters_of(t.meta.id, omt::test_day()) == std::vector<Id>{p.park.meta.id});
    CHECK(p.db.clusters().clusters_of(t.meta.id, omt::test_day().add_days(-1)).empty());

    // A cluster of another office than the one given is refused.
    omt::Concon other(p.db);
    NewEmployer wrong = in;
    wrong.rut = Rut::from_body(44444444).str();
    wrong.office_id = other.office.meta.id;
    CHECK(capture<ValidationError>([&] { p.db.employers().add(wrong); }).field() == "cluster");
}

TEST_CASE("Clusters: the representative is a contact of a current member", "[clusters]") {
    Park p;
    auto& cl = p.db.clusters();
    const Id id = p.park.meta.id;
    cl.add_member(id, p.a.meta.id, Date(2026, 3, 1));
    cl.add_member(id, p.b.meta.id, Date(2026, 3, 1));
    const auto maria = p.db.contacts().add({.employer_id = p.a.meta.id, .name = "María"});
    const auto pedro = p.db.contacts().add({.employer_id = p.b.meta.id, .name = "Pedro"});
    const auto outsider = p.db.contacts().add({.employer_id = p.k.meta.id, .name = "Olga"});

    const auto with_rep = cl.set_representative(id, maria.meta.id);
    REQUIRE(with_rep.representative_id.has_value());
    CHECK(*with_rep.representative_id == maria.meta.id);
    CHECK(*cl.get(id).representative_id == maria.meta.id);

    SECTION("a contact of a non-member is refused") {
        const auto e = capture<ValidationError>([&] { cl.set_representative(id, outsider.meta.id); });
        CHECK(e.field() == "representative");
        CHECK(contains(e.what(), "Olga"));
        CHECK(*cl.get(id).representative_id == maria.meta.id);
    }
    SECTION("a contact of a former member is refused") {
        cl.remove_member(id, p.b.meta.id, Date(2026, 9, 1));
        CHECK(capture<ValidationError>([&] { cl.set_representative(id, pedro.meta.id); }).field() == "representative");
        CHECK(*cl.get(id).representative_id == maria.meta.id);
    }
    SECTION("an unknown contact") { CHECK_THROWS_AS(cl.set_representative(id, 9999), NotFound); }
    SECTION("removing the representative's company clears the representative") {
        cl.remove_member(id, p.a.meta.id, Date(2026, 9, 1));
        CHECK_FALSE(cl.get(id).representative_id.has_value());
        // A new representative from a remaining member.
        CHECK(*cl.set_representative(id, pedro.meta.id).representative_id == pedro.meta.id);
    }
    SECTION("removing another company keeps the representative") {
        cl.remove_member(id, p.b.meta.id, Date(2026, 9, 1));
        REQUIRE(cl.get(id).representative_id.has_value());
        CHECK(*cl.get(id).representative_id == maria.meta.id);
    }
}

TEST_CASE("Clusters: meeting dates from the rhythm", "[clusters][recurrence]") {
    Park p;
    auto& cl = p.db.clusters();
    const Id id = p.park.meta.id;
    CHECK(cl.meetings(id, Date(2026, 11, 23), Date(2027, 1, 31)) ==
          std::vector<Date>{Date(2026, 12, 3), Date(2027, 1, 7)});
    const auto changed = cl.set_meets(id, Recurrence::monthly(-1, Weekday::Fri));
    CHECK(changed.meets->describe() == "last Friday of each month");
    // The last Friday of December 2026 is Christmas: no meeting is held on a holiday.
    CHECK(cl.meetings(id, Date(2026, 11, 23), Date(2026, 12, 31)) == std::vector<Date>{Date(2026, 11, 27)});
    CHECK(cl.meetings(id, Date(2027, 1, 1), Date(2027, 2, 28)) ==
          std::vector<Date>{Date(2027, 1, 29), Date(2027, 2, 26)});
    cl.set_meets(id, std::nullopt);
    CHECK_FALSE(cl.get(id).meets.has_value());
    CHECK(cl.meetings(id, Date(2026, 1, 1), Date(2026, 12, 31)).empty());
    const auto biweekly = Recurrence::weekly(Weekday::Tue, 2, Date(2026, 1, 5));
    cl.set_meets(id, biweekly);
    CHECK(*cl.get(id).meets == biweekly);
}
