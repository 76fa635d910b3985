// The Matching repository over a database: an office's stored seekers and vacancies ranked by the
// engine, who is left out, the prepared pool kept up to date, and the table of matches. The pure
// engine (factors, weights, ranking, explanations) is tested in test_matching_rules.cpp.
#include "helpers.hpp"

using namespace omilcrm;

TEST_CASE("matching ranks the office's seekers and explains each score", "[matching]") {
    omt::Jobs j;
    NewVacancy in = j.vacancy(j.acme, 1, Date(2026, 11, 20), CaptureChannel::Visit);
    in.skills = {"grua horquilla"};
    const Vacancy v = j.db.vacancies().capture(in);
    NewJobSeeker x = j.seeker("Exacto");
    x.experience = {{"9333", 24}};
    x.skills = {"Grúa horquilla"};
    const Id xid = j.db.seekers().add(x).meta.id;
    NewJobSeeker y = j.seeker("Cercano", "Viña del Mar");
    y.experience = {{"9334", 6}};
    const Id yid = j.db.seekers().add(y).meta.id;

    auto m = j.db.matching().seekers_for(v.meta.id);
    REQUIRE(m.size() == 2);
    CHECK(m[0].seeker_id == xid);
    CHECK(m[0].score == Approx(1.0));
    // Y: occupation 0.75 (same minor group 933), experience 1 (none asked), skills 0, licences 1,
    // distance 0.6 (same province), availability 1, education 1, with the default weights:
    // 0.35*0.75 + 0.10 + 0 + 0.10 + 0.15*0.6 + 0.10 + 0.05 = 0.7025
    CHECK(m[1].seeker_id == yid);
    CHECK(m[1].score == Approx(0.7025));
    CHECK(m[1].factors.size() == 7);

    // A seeker referred to the vacancy is no longer proposed for it.
    j.db.referrals().refer(xid, v.meta.id);
    m = j.db.matching().seekers_for(v.meta.id);
    REQUIRE(m.size() == 1);
    CHECK(m[0].seeker_id == yid);
    // A seeker added later is seen (the prepared pool is refreshed), a rolled-back one is not.
    NewJobSeeker z = j.seeker("Nuevo");
    z.experience = {{"9333", 1}};
    const Id zid = j.db.seekers().add(z).meta.id;
    CHECK(j.db.matching().seekers_for(v.meta.id).front().seeker_id == zid);
    {
        auto tx = j.db.transaction();
        NewJobSeeker w = j.seeker("Fantasma");
        w.experience = {{"9333", 50}};
        w.skills = {"grua horquilla"};
        j.db.seekers().add(w);
        CHECK(j.db.matching().seekers_for(v.meta.id).size() == 3);
    }  // rolled back
    CHECK(j.db.matching().seekers_for(v.meta.id).size() == 2);

    // The reverse direction: open vacancies for a seeker, minus those already referred to.
    const Vacancy other = j.db.vacancies().capture(j.vacancy(j.beta, 1, Date(2026, 11, 21), CaptureChannel::Email));
    auto vs = j.db.matching().vacancies_for(xid);
    REQUIRE(vs.size() == 1);
    CHECK(vs[0].vacancy_id == other.meta.id);
    m = j.db.matching().seekers_for(v.meta.id);
    const Table t = Matching::table(m);
    REQUIRE(t.rows() == 2);
    CHECK(t.column("rank").ints == std::vector<std::int64_t>{1, 2});
    CHECK(t.column("score").reals.at(1) == Approx(m[1].score));
    CHECK(t.column("distance_why").texts.at(1) == m[1].factors[4].explanation);
    CHECK_THROWS_AS(j.db.matching().seekers_for(v.meta.id, 20, matching::Weights{.occupation = -1}), ValidationError);
}
