// Reports over vacancies and placements, on a scenario computed by hand.
#include "helpers.hpp"

using namespace omt;

// The hand-computed scenario behind the report tests:
//   v1 Acme (park member since 2026-01-01), captured 2026-03-10 by visit, 2 positions
//   v2 Beta (no cluster), captured 2026-03-20 by email, 1 position
//   v3 Acme, captured 2026-04-02 at a cluster meeting, 1 position
//   referrals: s1->v1 03-11, s2->v1 03-12, s3->v2 03-21, s4->v3 04-03; s1 interviewed 03-15
//   placements: s1->v1 03-20, s3->v2 03-25, s2->v1 04-01, s4->v3 04-10
//   follow-ups: p1 30 yes (04-19), 90 yes (06-18); p3 30 no (04-24); p2 90 no (06-30)
namespace {
struct Scenario : Jobs {
    Id v1, v2, v3;
    Scenario() {
        v1 = db.vacancies().capture(vacancy(acme, 2, Date(2026, 3, 10), CaptureChannel::Visit)).meta.id;
        v2 = db.vacancies().capture(vacancy(beta, 1, Date(2026, 3, 20), CaptureChannel::Email)).meta.id;
        v3 = db.vacancies().capture(vacancy(acme, 1, Date(2026, 4, 2), CaptureChannel::ClusterMeeting)).meta.id;
        Id s[4];
        for (int i = 0; i < 4; ++i) s[i] = db.seekers().add(seeker("Persona " + std::to_string(i + 1))).meta.id;
        const Id r1 = db.referrals().refer(s[0], v1, {}, Date(2026, 3, 11)).meta.id;
        db.referrals().refer(s[1], v1, {}, Date(2026, 3, 12));
        db.referrals().refer(s[2], v2, {}, Date(2026, 3, 21));
        db.referrals().refer(s[3], v3, {}, Date(2026, 4, 3));
        db.referrals().advance(r1, ReferralStage::Interview, {}, Date(2026, 3, 15));
        auto place = [&](Id seeker, Id v, Date start) {
            return db.placements()
                .record({.seeker_id = seeker, .vacancy_id = v, .start_on = start, .recorded_on = start})
                .meta.id;
        };
        const Id p1 = place(s[0], v1, Date(2026, 3, 20));
        const Id p3 = place(s[2], v2, Date(2026, 3, 25));
        const Id p2 = place(s[1], v1, Date(2026, 4, 1));
        place(s[3], v3, Date(2026, 4, 10));
        db.placements().follow_up(p1, 30, true, Date(2026, 4, 19));
        db.placements().follow_up(p1, 90, true, Date(2026, 6, 18));
        db.placements().follow_up(p3, 30, false, Date(2026, 4, 24));
        db.placements().follow_up(p2, 90, false, Date(2026, 6, 30));
    }
};
}  // namespace

TEST_CASE("the capture funnel counts each month by hand", "[reports]") {
    Scenario s;
    const Table f = s.db.reports().funnel(s.office(), Date(2026, 3, 1), Date(2026, 4, 30));
    REQUIRE(f.rows() == 2);
    CHECK(Date::from_days(int_at(f, "month", 0)) == Date(2026, 3, 1));
    CHECK(int_at(f, "vacancies", 0) == 2);
    CHECK(int_at(f, "positions", 0) == 3);
    CHECK(int_at(f, "referrals", 0) == 3);
    CHECK(int_at(f, "interviews", 0) == 1);
    CHECK(int_at(f, "hires", 0) == 2);
    CHECK(int_at(f, "hires_from_referrals", 0) == 2);
    CHECK(real_at(f, "hires_per_referral", 0) == Approx(2.0 / 3.0));
    CHECK(int_at(f, "vacancies", 1) == 1);
    CHECK(int_at(f, "referrals", 1) == 1);
    CHECK(int_at(f, "hires", 1) == 2);
    CHECK(real_at(f, "hires_per_referral", 1) == Approx(2.0));
    // A period cut inside a month counts only its days.
    const Table part = s.db.reports().funnel(s.office(), Date(2026, 3, 15), Date(2026, 3, 31));
    CHECK(int_at(part, "vacancies", 0) == 1);
    CHECK(int_at(part, "referrals", 0) == 1);
    CHECK(capture<ValidationError>([&] {
              s.db.reports().funnel(s.office(), Date(2026, 4, 1), Date(2026, 3, 1));
          }).field() == "end");
}

TEST_CASE("the funnel counts a referral interviewed twice once, in the month of its first interview", "[reports]") {
    Scenario s;
    const Id v4 = s.db.vacancies().capture(s.vacancy(s.acme, 1, Date(2026, 3, 25), CaptureChannel::Visit)).meta.id;
    const Id seeker = s.db.seekers().add(s.seeker("Persona 5")).meta.id;
    const Id r = s.db.referrals().refer(seeker, v4, {}, Date(2026, 3, 26)).meta.id;
    s.db.referrals().advance(r, ReferralStage::Interview, {}, Date(2026, 4, 6));
    s.db.referrals().evaluate(r, EvaluationResult::Suitable, s.psychologist.meta.id, Date(2026, 4, 7));
    s.db.referrals().advance(r, ReferralStage::Interview, {}, Date(2026, 4, 8));
    const Table f = s.db.reports().funnel(s.office(), Date(2026, 3, 1), Date(2026, 5, 31));
    REQUIRE(f.rows() == 3);
    CHECK(int_at(f, "interviews", 0) == 1);  // s1 in March
    CHECK(int_at(f, "interviews", 1) == 1);  // the new one in April, counted once
    CHECK(int_at(f, "interviews", 2) == 0);
    // Its first interview before the period: not counted in a period that starts after it.
    const Table later = s.db.reports().funnel(s.office(), Date(2026, 4, 7), Date(2026, 5, 31));
    CHECK(int_at(later, "interviews", 0) == 0);
}

TEST_CASE("time to fill, channels and the park's share of placements", "[reports]") {
    Scenario s;
    const Table t = s.db.reports().time_to_fill(s.office(), Date(2026, 1, 1), Date(2026, 12, 31));
    REQUIRE(t.rows() == 3);
    CHECK(int_at(t, "vacancy_id", 0) == std::int64_t(s.v1));
    CHECK(int_at(t, "days_to_fill", 0) == 22);  // 03-10 -> 04-01, the second position
    CHECK(int_at(t, "days_to_fill", 1) == 5);   // 03-20 -> 03-25
    CHECK(int_at(t, "days_to_fill", 2) == 8);   // 04-02 -> 04-10

    const Table c = s.db.reports().placements_by_channel(s.office(), Date(2026, 1, 1), Date(2026, 12, 31));
    REQUIRE(c.rows() == 5);
    CHECK(c.column("channel").texts.at(0) == "visit");
    CHECK(int_at(c, "placements", 0) == 2);
    CHECK(real_at(c, "share", 0) == Approx(0.5));
    CHECK(int_at(c, "placements", 1) == 1);  // cluster_meeting
    CHECK(int_at(c, "placements", 2) == 1);  // email
    CHECK(int_at(c, "placements", 3) == 0);  // event

    const Table share = s.db.reports().cluster_share(s.office(), Date(2026, 1, 1), Date(2026, 12, 31));
    REQUIRE(share.rows() == 2);
    CHECK(share.column("cluster").texts.at(0) == "Parque Industrial Gulmué");
    CHECK(int_at(share, "placements", 0) == 3);
    CHECK(real_at(share, "share", 0) == Approx(0.75));
    CHECK(share.column("cluster").texts.at(1) == "(no cluster)");
    CHECK(int_at(share, "placements", 1) == 1);
    CHECK(real_at(share, "share", 1) == Approx(0.25));
    // Membership counts on the start date: had Acme left the park on 2026-04-05, v3's hire on
    // 04-10 would not count for it.
    s.db.clusters().remove_member(s.park.meta.id, s.acme.meta.id, Date(2026, 4, 5));
    const Table after = s.db.reports().cluster_share(s.office(), Date(2026, 1, 1), Date(2026, 12, 31));
    CHECK(int_at(after, "placements", 0) == 2);
    CHECK(int_at(after, "placements", 1) == 2);
}

TEST_CASE("90-day retention counts checks made by the as-of date", "[reports]") {
    Scenario s;
    const Table r = s.db.reports().retention(s.office(), Date(2026, 3, 1), Date(2026, 4, 30), Date(2026, 7, 15));
    REQUIRE(r.rows() == 2);
    // March: p1 (kept at 90) and p3 (gone by 30): 1 of 2.
    CHECK(int_at(r, "placements", 0) == 2);
    CHECK(int_at(r, "due_90", 0) == 2);
    CHECK(int_at(r, "checked_90", 0) == 2);
    CHECK(int_at(r, "employed_90", 0) == 1);
    CHECK(real_at(r, "retention_90", 0) == Approx(0.5));
    CHECK(int_at(r, "checked_30", 0) == 2);
    CHECK(int_at(r, "employed_30", 0) == 1);
    // April: p2 gone at 90, p4 never checked: 0 of 1.
    CHECK(int_at(r, "due_90", 1) == 2);
    CHECK(int_at(r, "checked_90", 1) == 1);
    CHECK(real_at(r, "retention_90", 1) == Approx(0.0));
    // Earlier, nothing had reached day 90 yet.
    const Table early = s.db.reports().retention(s.office(), Date(2026, 3, 1), Date(2026, 4, 30), Date(2026, 5, 1));
    CHECK(int_at(early, "due_90", 0) == 0);
    CHECK(early.column("retention_90").valid.at(0) == 0);
}
