// Programmes over a database: offers to their audience and the outcomes kept.
#include "helpers.hpp"

using namespace omt;

TEST_CASE("programmes are offered to their audience and their outcomes are kept", "[programmes]") {
    Jobs j;
    const auto programmes = j.db.programmes().list(j.office());
    REQUIRE(programmes.size() == 5);
    CHECK(programmes[1].code == "subsidio_empleo_joven");
    const Id s = j.db.seekers().add(j.seeker("Pedro Pérez")).meta.id;
    auto e =
        capture<ValidationError>([&] { j.db.programmes().offer(j.office(), "impulsa_personas", std::nullopt, s); });
    CHECK(e.field() == "seeker");
    CHECK(capture<ValidationError>([&] {
              j.db.programmes().offer(j.office(), "capacitacion", j.acme.meta.id, s);
          }).field() == "seeker");
    CHECK_THROWS_AS(j.db.programmes().offer(j.office(), "no_such", j.acme.meta.id, std::nullopt), NotFound);
    const ProgrammeOffer o = j.db.programmes().offer(j.office(), "impulsa_personas", j.acme.meta.id, std::nullopt,
                                                     j.c.manager.meta.id, Date(2026, 10, 1));
    j.db.programmes().record_outcome(o.meta.id, OfferOutcome::Accepted, Date(2026, 10, 8));
    const ProgrammeOffer enrolled =
        j.db.programmes().record_outcome(o.meta.id, OfferOutcome::Enrolled, Date(2026, 10, 20));
    CHECK(enrolled.outcome == OfferOutcome::Enrolled);
    CHECK(enrolled.outcome_on == Date(2026, 10, 20));
    CHECK_THROWS_AS(j.db.programmes().record_outcome(o.meta.id, OfferOutcome::Declined), Conflict);
    const Table history = j.db.programmes().offer_history(o.meta.id);
    CHECK(history.column("outcome").texts == std::vector<std::string>{"offered", "accepted", "enrolled"});
    CHECK(history.column("on").ints.at(2) == Date(2026, 10, 20).days());
    const ProgrammeOffer so = j.db.programmes().offer(j.office(), "subsidio_empleo_joven", std::nullopt, s);
    j.db.programmes().record_outcome(so.meta.id, OfferOutcome::Declined);
    j.db.programmes().add(j.office(), "taller_cv", "Taller de CV municipal", "training", ProgrammeAudience::Seekers);
    CHECK_THROWS_AS(j.db.programmes().add(j.office(), "taller_cv", "Otro", "training", ProgrammeAudience::Seekers),
                    Conflict);
    const Table t = j.db.programmes().table(j.office());
    REQUIRE(t.rows() == 2);
    CHECK(t.column("programme").texts.at(0) == "subsidio_empleo_joven");
    CHECK(int_at(t, "declined", 0) == 1);
    CHECK(t.column("programme").texts.at(1) == "impulsa_personas");
    CHECK(int_at(t, "enrolled", 1) == 1);
}
