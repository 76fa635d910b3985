// The rules of access (access_rules.cpp), without a database: the roles table, a principal's own
// limits (named resources, writing), office scope, and the checks of a new token's resources,
// right to write and expiry.
#include "helpers.hpp"

#include "access_rules.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;

namespace {

Principal principal(Role role, std::vector<std::string> resources = {}, bool can_write = true) {
    return {.token_id = 7,
            .name = "key",
            .office_id = 1,
            .staff_id = std::nullopt,
            .role = role,
            .resources = std::move(resources),
            .can_write = can_write,
            .expires_at = std::nullopt};
}

}  // namespace

TEST_CASE("Access rules: office staff read and write their office's records", "[access_rules]") {
    const auto p = principal(Role::Staff);
    for (const char* r : {"employers", "contacts", "interactions", "requests", "vacancies", "seekers", "referrals"}) {
        INFO(r);
        CHECK(p.allows(r));
        CHECK(p.allows(r, true));
    }
    // The office's rules and its staff are the coordinator's to change.
    for (const char* r : {"catalogue", "routing", "departments", "cadence", "portfolio", "staff", "offices"}) {
        INFO(r);
        CHECK(detail::allows(p, r, false));
        CHECK_FALSE(detail::allows(p, r, true));
    }
    // No personal data, evaluations, tokens or audit; nothing of the region.
    for (const char* r : {"personal_data", "evaluations", "tokens", "audit", "regional", "imports"}) {
        INFO(r);
        CHECK_FALSE(p.allows(r));
    }
}

TEST_CASE("Access rules: the coordinator also hands over, and keeps catalogue, routing and rules", "[access_rules]") {
    const auto p = principal(Role::Coordinator);
    for (const char* r : {"portfolio", "catalogue", "routing", "departments", "cadence", "staff", "tokens", "imports"})
        CHECK(p.allows(r, true));
    CHECK(p.allows("audit"));
    CHECK_FALSE(p.allows("audit", true));
    CHECK(p.allows("personal_data"));
    CHECK(p.allows("evaluations"));
    CHECK_FALSE(p.allows("evaluations", true));
}

TEST_CASE("Access rules: the psychologist evaluates and reads personal data", "[access_rules]") {
    const auto p = principal(Role::Psychologist);
    CHECK(p.allows("evaluations", true));
    CHECK(p.allows("personal_data"));
    CHECK_FALSE(p.allows("personal_data", true));  // the export is a reading, logged
    CHECK(p.allows("referrals", true));
    CHECK_FALSE(p.allows("routing", true));
}

TEST_CASE("Access rules: the analyst reads aggregates of every office and nothing else", "[access_rules]") {
    auto p = principal(Role::Analyst, {}, false);
    p.office_id = std::nullopt;
    for (const char* r : {"reports", "regional", "offices"}) CHECK(p.allows(r));
    for (const char* r : {"employers", "seekers", "personal_data", "due", "calendar", "audit"})
        CHECK_FALSE(p.allows(r));
    CHECK_FALSE(p.allows("reports", true));
    CHECK(p.sees_office(1));
    CHECK(p.sees_office(99));
}

TEST_CASE("Access rules: an integrator reaches its named resources, writing only when granted", "[access_rules]") {
    const auto reader = principal(Role::Integrator, {"vacancies", "calendar"}, false);
    CHECK(reader.allows("vacancies"));
    CHECK(reader.allows("calendar"));
    CHECK_FALSE(reader.allows("vacancies", true));
    CHECK_FALSE(reader.allows("employers"));
    const auto writer = principal(Role::Integrator, {"requests"}, true);
    CHECK(writer.allows("requests", true));
    // Whatever it names, never seekers, personal data, tokens or the audit, nor the coordinator's writes.
    const auto all = principal(Role::Integrator, {}, true);
    CHECK(all.allows("employers", true));
    CHECK_FALSE(all.allows("routing", true));
    for (const char* r : {"seekers", "referrals", "personal_data", "evaluations", "tokens", "audit"})
        CHECK_FALSE(all.allows(r));
}

TEST_CASE("Access rules: a token's named resources narrow any role, unknown names reach nothing", "[access_rules]") {
    const auto p = principal(Role::Staff, {"employers"});
    CHECK(p.allows("employers", true));
    CHECK_FALSE(p.allows("requests"));
    const auto read_only = principal(Role::Staff, {}, false);
    CHECK(read_only.allows("employers"));
    CHECK_FALSE(read_only.allows("employers", true));
    CHECK_FALSE(principal(Role::Coordinator).allows("everything"));
    CHECK_FALSE(principal(Role::Coordinator).allows(""));
    CHECK_FALSE(principal(Role::Coordinator).allows("Employers"));
}

TEST_CASE("Access rules: an office sees only its own records", "[access_rules]") {
    CHECK(principal(Role::Staff).sees_office(1));
    CHECK_FALSE(principal(Role::Staff).sees_office(2));
    CHECK_FALSE(principal(Role::Integrator).sees_office(2));
    auto none = principal(Role::Integrator);
    none.office_id = std::nullopt;
    CHECK_FALSE(none.sees_office(1));
}

TEST_CASE("Access rules: every resource of the table is named once", "[access_rules]") {
    const auto& all = Access::resources();
    CHECK(all.size() == 33);
    for (std::size_t i = 0; i < all.size(); ++i)
        for (std::size_t j = i + 1; j < all.size(); ++j) CHECK(all[i] != all[j]);
    CHECK(all.front() == "offices");
}

TEST_CASE("Access rules: a token's resources are checked against its role", "[access_rules]") {
    CHECK(detail::check_resources(Role::Integrator, {" Vacancies", "calendar", "vacancies"}) ==
          std::vector<std::string>{"vacancies", "calendar"});
    const auto unknown = capture<ValidationError>([] { detail::check_resources(Role::Staff, {"employer"}); });
    CHECK(unknown.field() == "resources");
    CHECK(unknown.value() == "employer");
    CHECK(contains(unknown.what(), "expected some of offices, staff, employers"));
    const auto closed = capture<ValidationError>([] { detail::check_resources(Role::Integrator, {"seekers"}); });
    CHECK(closed.value() == "seekers");
    CHECK(contains(closed.what(), "not open to the integrator role"));
    CHECK(detail::check_resources(Role::Analyst, {}).empty());
}

TEST_CASE("Access rules: who writes by default, and the analyst never", "[access_rules]") {
    CHECK(detail::check_can_write(Role::Staff, std::nullopt));
    CHECK(detail::check_can_write(Role::Psychologist, std::nullopt));
    CHECK_FALSE(detail::check_can_write(Role::Staff, false));
    CHECK_FALSE(detail::check_can_write(Role::Integrator, std::nullopt));
    CHECK(detail::check_can_write(Role::Integrator, true));
    CHECK_FALSE(detail::check_can_write(Role::Analyst, std::nullopt));
    CHECK_FALSE(detail::check_can_write(Role::Analyst, false));
    const auto e = capture<ValidationError>([] { detail::check_can_write(Role::Analyst, true); });
    CHECK(e.field() == "can_write");
}

TEST_CASE("Access rules: a token expires after 90 days unless told otherwise", "[access_rules]") {
    const Timestamp now = omt::utc(2026, 11, 23, 15);
    using std::chrono::hours;
    CHECK(detail::token_expiry(now, std::nullopt, std::nullopt) == now + hours(24 * 90));
    CHECK(detail::token_expiry(now, 1, std::nullopt) == now + hours(24));
    CHECK(detail::token_expiry(now, std::nullopt, omt::utc(2027, 1, 1)) == omt::utc(2027, 1, 1));
    CHECK(capture<ValidationError>([&] { detail::token_expiry(now, 0, std::nullopt); }).field() == "expires_in_days");
    CHECK(capture<ValidationError>([&] { detail::token_expiry(now, 3651, std::nullopt); }).value() == "3651");
    CHECK(capture<ValidationError>([&] { detail::token_expiry(now, std::nullopt, now); }).field() == "expires_at");
    CHECK(capture<ValidationError>([&] { detail::token_expiry(now, std::nullopt, omt::utc(2040, 1, 1)); }).field() ==
          "expires_at");
    const auto both = capture<ValidationError>([&] { detail::token_expiry(now, 30, omt::utc(2027, 1, 1)); });
    CHECK(contains(both.what(), "not both"));
}

TEST_CASE("Access rules: a staff member's role gives the token's", "[access_rules]") {
    CHECK(role_of(StaffRole::Head) == Role::Coordinator);
    CHECK(role_of(StaffRole::LaborPsychologist) == Role::Psychologist);
    CHECK(role_of(StaffRole::TerritorialManager) == Role::Staff);
    CHECK(role_of(StaffRole::Administrative) == Role::Staff);
    CHECK(role_of(StaffRole::Other) == Role::Staff);
    CHECK(parse_enum<Role>("Integrator") == Role::Integrator);
    CHECK(to_string(Role::Psychologist) == "psychologist");
}
