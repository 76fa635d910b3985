// Referrals over a database: stages, evaluation and the placement that closes them.
#include "helpers.hpp"

using namespace omt;

TEST_CASE("referral stages move forward and closed ones stay closed", "[referrals]") {
    CHECK(can_move(ReferralStage::Referred, ReferralStage::Interview));
    CHECK(can_move(ReferralStage::Referred, ReferralStage::Hired));
    CHECK(can_move(ReferralStage::Evaluation, ReferralStage::Interview));
    CHECK(can_move(ReferralStage::Interview, ReferralStage::Withdrew));
    CHECK_FALSE(can_move(ReferralStage::Interview, ReferralStage::Referred));
    CHECK_FALSE(can_move(ReferralStage::Hired, ReferralStage::NotSelected));
    CHECK_FALSE(can_move(ReferralStage::NotSelected, ReferralStage::Interview));
    CHECK(parse_enum<ReferralStage>("Not-Selected") == ReferralStage::NotSelected);
    auto e = capture<ValidationError>([] { parse_enum<ReferralStage>("hired!"); });
    CHECK(e.field() == "stage");
}

TEST_CASE("a referral goes through interview and evaluation to a placement", "[referrals]") {
    Jobs j;
    const Vacancy v = j.db.vacancies().capture(j.vacancy(j.acme, 1, Date(2026, 11, 2), CaptureChannel::Visit));
    const Id s = j.db.seekers().add(j.seeker("Pedro Pérez")).meta.id;
    const Referral r = j.db.referrals().refer(s, v.meta.id, j.c.manager.meta.id, Date(2026, 11, 3));
    CHECK(r.stage == ReferralStage::Referred);
    CHECK(r.employer_id == j.acme.meta.id);
    CHECK_THROWS_AS(j.db.referrals().refer(s, v.meta.id), Conflict);
    j.db.referrals().advance(r.meta.id, ReferralStage::Interview, j.c.manager.meta.id, Date(2026, 11, 5));
    auto not_psy = capture<ValidationError>(
        [&] { j.db.referrals().evaluate(r.meta.id, EvaluationResult::Suitable, j.c.manager.meta.id); });
    CHECK(not_psy.field() == "by");
    const Referral ev = j.db.referrals().evaluate(r.meta.id, EvaluationResult::SuitableWithObservations,
                                                  j.psychologist.meta.id, Date(2026, 11, 6), "good references");
    CHECK(ev.stage == ReferralStage::Evaluation);
    CHECK(ev.evaluation == EvaluationResult::SuitableWithObservations);
    CHECK(capture<ValidationError>([&] { j.db.referrals().advance(r.meta.id, ReferralStage::Hired); }).field() ==
          "stage");
    const Placement p = j.db.placements().record(
        {.seeker_id = s, .vacancy_id = v.meta.id, .start_on = Date(2026, 11, 10), .recorded_on = Date(2026, 11, 9)});
    CHECK(p.referral_id == r.meta.id);
    CHECK(p.contract_type == EmploymentType::FullTime);
    const Referral hired = j.db.referrals().get(r.meta.id);
    CHECK(hired.stage == ReferralStage::Hired);
    CHECK(hired.closed_on == Date(2026, 11, 9));
    const auto h = j.db.referrals().history(r.meta.id);
    REQUIRE(h.size() == 4);
    CHECK(h[0].to_stage == ReferralStage::Referred);
    CHECK(h[1].to_stage == ReferralStage::Interview);
    CHECK(h[2].result == EvaluationResult::SuitableWithObservations);
    CHECK(h[2].note == "good references");
    CHECK(h[3].from_stage == ReferralStage::Evaluation);
    CHECK(h[3].to_stage == ReferralStage::Hired);
    CHECK_THROWS_AS(j.db.referrals().advance(r.meta.id, ReferralStage::Withdrew), Conflict);

    // Referring to a vacancy that is filled is refused; back-dated to before the hire started,
    // the vacancy was still open.
    const Id other = j.db.seekers().add(j.seeker("María Soto")).meta.id;
    CHECK_THROWS_AS(j.db.referrals().refer(other, v.meta.id), Conflict);
    CHECK(j.db.referrals().refer(other, v.meta.id, {}, Date(2026, 11, 4)).stage == ReferralStage::Referred);
    CHECK_THROWS_AS(j.db.matching().seekers_for(v.meta.id), Conflict);  // filled: nothing to match
    // A seeker who did not consent to intermediation cannot be sent to an employer.
    NewJobSeeker quiet = j.seeker("Juan Vera");
    quiet.consent_scope = {"statistics"};
    const Id q = j.db.seekers().add(quiet).meta.id;
    const Vacancy v2 = j.db.vacancies().capture(j.vacancy(j.beta, 1, Date(2026, 11, 2), CaptureChannel::Email));
    CHECK_THROWS_AS(j.db.referrals().refer(q, v2.meta.id), Conflict);
}
