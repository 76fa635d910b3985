// The rules of referrals, placements and programme offers (referrals_rules.hpp, placements_rules.hpp,
// programmes_rules.hpp; a vacancy's status on a past day is vacancies_rules.hpp), without a
// database: records built by hand, the day given.
#include "helpers.hpp"

#include "placements_rules.hpp"
#include "programmes_rules.hpp"
#include "referrals_rules.hpp"
#include "vacancies_rules.hpp"

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

Placement placement(Id id, Date start, std::optional<bool> employed_30 = {}, std::optional<bool> employed_90 = {}) {
    Placement p;
    p.meta.id = id;
    p.employer_id = 3;
    p.start_on = start;
    p.employed_30 = employed_30;
    p.employed_90 = employed_90;
    return p;
}

}  // namespace

TEST_CASE("a vacancy's status on a past day counts the placements started by then", "[referrals_rules]") {
    const Vacancy v = vacancy(2);
    const std::vector<Date> starts = {Date(2026, 11, 15), Date(2026, 11, 20)};
    CHECK(detail::vacancy_status_on(v, starts, Date(2026, 11, 14)) == VacancyStatus::Open);
    CHECK(detail::vacancy_status_on(v, starts, Date(2026, 11, 15)) == VacancyStatus::PartiallyFilled);
    CHECK(detail::vacancy_status_on(v, starts, Date(2026, 11, 20)) == VacancyStatus::Filled);
    CHECK(detail::vacancy_status_on(v, {}, Date(2026, 12, 3)) == VacancyStatus::Expired);
}

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
    CHECK(contains(capture<Conflict>([&] { detail::check_referral(seeker(), vacancy(1), {Date(2026, 11, 12)}, day); })
                       .what(),
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
    CHECK(capture<ValidationError>([] { detail::check_advance(referral(ReferralStage::Withdrew), ReferralStage::Hired); })
              .field() == "stage");
    CHECK(contains(capture<Conflict>([] { detail::check_advance(referral(), ReferralStage::Referred); }).what(),
                   "referral 12 cannot move from referred to referred"));
    CHECK(contains(
        capture<Conflict>([] { detail::check_advance(referral(ReferralStage::NotSelected), ReferralStage::Interview); })
            .what(),
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

    CHECK(contains(capture<Conflict>([&] { detail::check_evaluation(referral(ReferralStage::Hired), psychologist); })
                       .what(),
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
    auto e = capture<ValidationError>([] { detail::stage_change(referral(), ReferralStage::Interview, Date(2026, 11, 9)); });
    CHECK(e.field() == "on");
    CHECK(contains(e.what(), "is before the referral (2026-11-10)"));
}

TEST_CASE("a placement needs the seeker's office and an open position from the capture on", "[referrals_rules]") {
    const Date start(2026, 12, 1);
    CHECK_NOTHROW(detail::check_placement(seeker(), vacancy(), start));
    // Expiry does not stop a placement: the person may start after the posting closed.
    CHECK_NOTHROW(detail::check_placement(seeker(), vacancy(), Date(2027, 1, 4)));

    CHECK(capture<ValidationError>([&] { detail::check_placement(seeker(7, 2), vacancy(), start); }).field() == "seeker");
    Vacancy cancelled = vacancy();
    cancelled.cancelled_on = Date(2026, 11, 20);
    CHECK(contains(capture<Conflict>([&] { detail::check_placement(seeker(), cancelled, start); }).what(),
                   "vacancy 40 was cancelled on 2026-11-20"));
    Vacancy full = vacancy(2);
    full.placed = 2;
    CHECK(contains(capture<Conflict>([&] { detail::check_placement(seeker(), full, start); }).what(),
                   "vacancy 40 has all its 2 positions filled"));
    auto e = capture<ValidationError>([&] { detail::check_placement(seeker(), vacancy(), Date(2026, 11, 1)); });
    CHECK(e.field() == "start_on");
    CHECK(contains(e.what(), "before the vacancy was captured (2026-11-02)"));
}

TEST_CASE("a placement closes the seeker's last referral to the vacancy, if open", "[referrals_rules]") {
    Referral other = referral();
    other.meta.id = 11;
    other.vacancy_id = 41;
    Referral first = referral();
    Referral second = referral(ReferralStage::Interview);
    second.meta.id = 13;
    CHECK_FALSE(detail::referral_to({}, 40));
    CHECK_FALSE(detail::referral_to({other}, 40));
    CHECK(detail::referral_to({first, other}, 40)->meta.id == 12);
    CHECK(detail::referral_to({first, other, second}, 40)->meta.id == 13);

    CHECK_NOTHROW(detail::check_referral_open(std::nullopt));
    CHECK_NOTHROW(detail::check_referral_open(referral(ReferralStage::Evaluation)));
    CHECK(contains(capture<Conflict>([] { detail::check_referral_open(referral(ReferralStage::Withdrew)); }).what(),
                   "referral 12 of this seeker to this vacancy is closed (withdrew)"));

    // Hired on the day the placement is recorded, never before the referral itself.
    CHECK(detail::hired_on(referral(), Date(2026, 11, 23)) == Date(2026, 11, 23));
    CHECK(detail::hired_on(referral(), Date(2026, 11, 5)) == Date(2026, 11, 10));
}

TEST_CASE("follow-ups fall due at 30 and 90 days until recorded", "[referrals_rules]") {
    const Date day(2026, 11, 23);
    // Started 2026-08-01: day 30 on 08-31, day 90 on 10-30. Started 10-20: day 30 on 11-19.
    // Started 11-01: nothing due yet.
    const std::vector<Placement> placements = {
        placement(1, Date(2026, 8, 1)),
        placement(2, Date(2026, 10, 20)),
        placement(3, Date(2026, 11, 1)),
        placement(4, Date(2026, 8, 1), true),         // 30 done, 90 due
        placement(5, Date(2026, 8, 1), false),        // gone at 30: no 90-day check
        placement(6, Date(2026, 8, 1), true, true),   // both done
    };
    const auto due = detail::checks_due(placements, day);
    REQUIRE(due.size() == 4);
    // By due date, then placement, then day.
    CHECK((due[0].placement_id == 1 && due[0].day == 30 && due[0].due_on == Date(2026, 8, 31)));
    CHECK((due[1].placement_id == 1 && due[1].day == 90 && due[1].due_on == Date(2026, 10, 30)));
    CHECK((due[2].placement_id == 4 && due[2].day == 90));
    CHECK((due[3].placement_id == 2 && due[3].day == 30 && due[3].due_on == Date(2026, 11, 19)));
    CHECK(due[0].employer_id == 3);
    // On the day a check falls due it is due.
    CHECK(detail::checks_due({placement(2, Date(2026, 10, 20))}, Date(2026, 11, 19)).size() == 1);
    CHECK(detail::checks_due({placement(2, Date(2026, 10, 20))}, Date(2026, 11, 18)).empty());
}

TEST_CASE("a programme is offered to one employer or one seeker of its audience", "[referrals_rules]") {
    Programme both;
    both.code = "capacitacion";
    Programme for_seekers = both;
    for_seekers.code = "experiencia_laboral";
    for_seekers.audience = ProgrammeAudience::Seekers;
    Programme for_employers = both;
    for_employers.code = "impulsa_personas";
    for_employers.audience = ProgrammeAudience::Employers;

    CHECK_NOTHROW(detail::check_offer_target(both, Id{3}, std::nullopt));
    CHECK_NOTHROW(detail::check_offer_target(both, std::nullopt, Id{7}));
    CHECK(capture<ValidationError>([&] { detail::check_offer_target(both, Id{3}, Id{7}); }).field() == "seeker");
    CHECK(capture<ValidationError>([&] { detail::check_offer_target(both, std::nullopt, std::nullopt); }).field() ==
          "employer");
    auto e = capture<ValidationError>([&] { detail::check_offer_target(for_seekers, Id{3}, std::nullopt); });
    CHECK(e.field() == "employer");
    CHECK(contains(e.what(), "programme experiencia_laboral is for seekers"));
    e = capture<ValidationError>([&] { detail::check_offer_target(for_employers, std::nullopt, Id{7}); });
    CHECK(e.field() == "seeker");
    CHECK(contains(e.what(), "programme impulsa_personas is for employers"));

    Employer acme;
    acme.meta.id = 3;
    acme.office_id = 1;
    CHECK_NOTHROW(detail::check_offered_employer(acme, 1));
    CHECK(capture<ValidationError>([&] { detail::check_offered_employer(acme, 2); }).field() == "employer");

    CHECK_NOTHROW(detail::check_offered_seeker(seeker(), 1));
    CHECK(capture<ValidationError>([&] { detail::check_offered_seeker(seeker(), 2); }).field() == "seeker");
    JobSeeker no_programmes = seeker();
    no_programmes.consent_scope = {"intermediation"};
    CHECK(contains(capture<Conflict>([&] { detail::check_offered_seeker(no_programmes, 1); }).what(),
                   "job seeker 7 has not consented to be offered programmes"));
}

TEST_CASE("an offer's outcome is recorded once it is made, until declined or enrolled", "[referrals_rules]") {
    ProgrammeOffer o;
    o.meta.id = 9;
    o.offered_on = Date(2026, 11, 10);
    const Date day(2026, 11, 20);
    CHECK_NOTHROW(detail::check_outcome(o, OfferOutcome::Accepted, day));
    CHECK_NOTHROW(detail::check_outcome(o, OfferOutcome::Declined, Date(2026, 11, 10)));
    CHECK(capture<ValidationError>([&] { detail::check_outcome(o, OfferOutcome::Offered, day); }).field() == "outcome");
    o.outcome = OfferOutcome::Accepted;  // accepted, then enrolled
    CHECK_NOTHROW(detail::check_outcome(o, OfferOutcome::Enrolled, day));
    for (auto final : {OfferOutcome::Declined, OfferOutcome::Enrolled}) {
        o.outcome = final;
        CHECK(contains(capture<Conflict>([&] { detail::check_outcome(o, OfferOutcome::Accepted, day); }).what(),
                       "offer 9 is already " + std::string(to_string(final))));
    }
    o.outcome = OfferOutcome::Offered;
    auto e = capture<ValidationError>([&] { detail::check_outcome(o, OfferOutcome::Accepted, Date(2026, 11, 9)); });
    CHECK(e.field() == "on");
    CHECK(contains(e.what(), "is before the offer (2026-11-10)"));
}
