// The rules of referrals (referrals_rules.hpp), without a database: records built by hand, the day
// given. Placements, programme offers and vacancies have their own rules tests.
#include "helpers.hpp"

#include "referrals_rules.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;

namespace {

JobSeeker seeker(Id id = 7, Id office = 1) {
    JobSeeker s;
    s.meta.id = id;
    s.office_id = office;
    s.consent_scope = {"intermediation", "programmes"};
    return s;
}

Vacancy vacancy(int positions = 2) {
    Vacancy v;
    v.meta.id = 40;
    v.office_id = 1;
    v.employer_id = 3;
    v.positions = positions;
    v.captured_on = Date(2026, 11, 2);
    v.valid_through = Date(2026, 12, 2);
    return v;
}

Referral referral(ReferralStage stage = ReferralStage::Referred) {
    Referral r;
    r.meta.id = 12;
    r.office_id = 1;
    r.seeker_id = 7;
    r.vacancy_id = 40;
    r.stage = stage;
    r.referred_on = Date(2026, 11, 10);
    return r;
}

}  // namespace

TEST_CASE("a referral needs the seeker's office, registration, consent and an open vacancy", "[referrals_rules]") {
    const Date day(2026, 11, 16);
    CHECK_NOTHROW(detail::check_referral(seeker(), vacancy(), {}, day));
    // A second position still open: partially filled takes referrals.
    CHECK_NOTHROW(detail::check_referral(seeker(), vacancy(2), {Date(2026, 11, 12)}, day));

    auto e = capture<ValidationError>([&] { detail::check_referral(seeker(7, 2), vacancy(), {}, day); });
    CHECK(e.field() == "seeker");
    CHECK(e.value() == "7");

    JobSeeker withdrawn = seeker();
    withdrawn.active = false;
    CHECK(contains(capture<Conflict>([&] { detail::check_referral(withdrawn, vacancy(), {}, day); }).what(),
                   "job seeker 7 is withdrawn from the register"));

    JobSeeker statistics = seeker();
    statistics.consent_scope = {"statistics"};
    CHECK(contains(capture<Conflict>([&] { detail::check_referral(statistics, vacancy(), {}, day); }).what(),
                   "has not consented to intermediation"));

    // Filled by the referral's day (a placement started on the 12th), though not before it.
    CHECK(contains(
        capture<Conflict>([&] { detail::check_referral(seeker(), vacancy(1), {Date(2026, 11, 12)}, day); }).what(),
        "vacancy 40 is filled on 2026-11-16"));
    CHECK_NOTHROW(detail::check_referral(seeker(), vacancy(1), {Date(2026, 11, 20)}, day));
    Vacancy cancelled = vacancy();
    cancelled.cancelled_on = Date(2026, 11, 14);
    CHECK(contains(capture<Conflict>([&] { detail::check_referral(seeker(), cancelled, {}, day); }).what(),
                   "vacancy 40 is cancelled on 2026-11-16"));

    e = capture<ValidationError>([&] { detail::check_referral(seeker(), vacancy(), {}, Date(2026, 11, 1)); });
    CHECK(e.field() == "on");
    CHECK(contains(e.what(), "before the vacancy was captured (2026-11-02)"));
    // The office is checked first, then the seeker, then the vacancy.
    CHECK(capture<ValidationError>([&] { detail::check_referral(seeker(7, 2), cancelled, {}, day); }).field() ==
          "seeker");
    CHECK(contains(capture<Conflict>([&] { detail::check_referral(withdrawn, cancelled, {}, day); }).what(),
                   "withdrawn"));
}

TEST_CASE("a referral is advanced by hand to any open or closing stage but hired", "[referrals_rules]") {
    CHECK_NOTHROW(detail::check_advance(referral(), ReferralStage::Interview));
    CHECK_NOTHROW(detail::check_advance(referral(ReferralStage::Evaluation), ReferralStage::NotSelected));
    CHECK(capture<ValidationError>([] { detail::check_advance(referral(), ReferralStage::Hired); }).field() == "stage");
    // Hired is refused by hand even from a closed referral: the message says how it is reached.
    CHECK(capture<ValidationError>([] {
              detail::check_advance(referral(ReferralStage::Withdrew), ReferralStage::Hired);
          }).field() == "stage");
    CHECK(contains(capture<Conflict>([] { detail::check_advance(referral(), ReferralStage::Referred); }).what(),
                   "referral 12 cannot move from referred to referred"));
    CHECK(contains(capture<Conflict>([] {
                       detail::check_advance(referral(ReferralStage::NotSelected), ReferralStage::Interview);
                   }).what(),
                   "cannot move from not_selected to interview"));
}

TEST_CASE("only the office's labour psychologist evaluates an open referral", "[referrals_rules]") {
    StaffMember psychologist;
    psychologist.meta.id = 5;
    psychologist.office_id = 1;
    psychologist.role = StaffRole::LaborPsychologist;
    CHECK_NOTHROW(detail::check_evaluation(referral(), psychologist));
    CHECK_NOTHROW(detail::check_evaluation(referral(ReferralStage::Evaluation), psychologist));  // a second one

    StaffMember elsewhere = psychologist;
    elsewhere.office_id = 2;
    auto e = capture<ValidationError>([&] { detail::check_evaluation(referral(), elsewhere); });
    CHECK(e.field() == "by");
    CHECK(contains(e.what(), "works at another office"));

    StaffMember manager = psychologist;
    manager.role = StaffRole::TerritorialManager;
    e = capture<ValidationError>([&] { detail::check_evaluation(referral(), manager); });
    CHECK(e.field() == "by");
    CHECK(contains(e.what(), "is territorial_manager; evaluations are made by the labour psychologist"));

    CHECK(contains(
        capture<Conflict>([&] { detail::check_evaluation(referral(ReferralStage::Hired), psychologist); }).what(),
        "referral 12 is closed (hired)"));
}

TEST_CASE("a stage change is dated from the referral on and closing stages record the day", "[referrals_rules]") {
    const Date on(2026, 11, 20);
    auto c = detail::stage_change(referral(), ReferralStage::Interview, on);
    CHECK(c.stage == ReferralStage::Interview);
    CHECK_FALSE(c.closed_on);
    for (auto closing : {ReferralStage::Hired, ReferralStage::NotSelected, ReferralStage::Withdrew}) {
        c = detail::stage_change(referral(), closing, on);
        CHECK(c.stage == closing);
        CHECK(c.closed_on == on);
    }
    CHECK(detail::stage_change(referral(), ReferralStage::Withdrew, Date(2026, 11, 10)).closed_on ==
          Date(2026, 11, 10));
    auto e =
        capture<ValidationError>([] { detail::stage_change(referral(), ReferralStage::Interview, Date(2026, 11, 9)); });
    CHECK(e.field() == "on");
    CHECK(contains(e.what(), "is before the referral (2026-11-10)"));
}
