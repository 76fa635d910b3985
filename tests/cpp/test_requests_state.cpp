// Service-request life cycle: the transition table, the error text, open/closed states.
#include "helpers.hpp"

#include <set>
#include <utility>

#include "omilcrm/requests.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;

namespace {

using S = RequestStatus;

const std::vector<S> kAll = {S::Received, S::Routed,   S::InProgress, S::Resolved,
                             S::Closed,   S::Rejected, S::Duplicate,  S::Reopened};

// The table of the header, written out once more by hand.
const std::set<std::pair<S, S>> kAllowed = {
    {S::Received, S::Routed},     {S::Received, S::Rejected},   {S::Received, S::Duplicate},
    {S::Routed, S::InProgress},   {S::Routed, S::Routed},       {S::Routed, S::Resolved},
    {S::Routed, S::Rejected},     {S::Routed, S::Duplicate},    {S::InProgress, S::Resolved},
    {S::InProgress, S::Routed},   {S::InProgress, S::Rejected}, {S::Resolved, S::Closed},
    {S::Resolved, S::Reopened},   {S::Closed, S::Reopened},     {S::Reopened, S::Routed},
    {S::Reopened, S::InProgress}, {S::Reopened, S::Resolved},   {S::Rejected, S::Reopened},
};

}  // namespace

TEST_CASE("RequestStatus names round-trip", "[request_state]") {
    const std::vector<std::string> names = {"received", "routed",   "in_progress", "resolved",
                                            "closed",   "rejected", "duplicate",   "reopened"};
    REQUIRE(names.size() == kAll.size());
    for (std::size_t i = 0; i < kAll.size(); ++i) {
        INFO(names[i]);
        CHECK(std::string(to_string(kAll[i])) == names[i]);
        CHECK(parse_enum<RequestStatus>(names[i]) == kAll[i]);
    }
    CHECK(parse_enum<RequestStatus>("In Progress") == S::InProgress);
    CHECK(parse_enum<RequestStatus>(" in-progress ") == S::InProgress);
    CHECK(parse_enum<RequestStatus>("CLOSED") == S::Closed);

    const auto e = capture<ValidationError>([] { parse_enum<RequestStatus>("done"); });
    CHECK(e.field() == "status");
    CHECK(e.value() == "done");
    CHECK(contains(e.what(), "in_progress"));
}

TEST_CASE("Every allowed transition is allowed, every other one refused", "[request_state]") {
    int allowed = 0;
    for (S from : kAll) {
        for (S to : kAll) {
            const bool expected = kAllowed.count({from, to}) == 1;
            INFO(std::string(to_string(from)) + " -> " + std::string(to_string(to)));
            CHECK(can_transition(from, to) == expected);
            if (expected) {
                ++allowed;
                CHECK_NOTHROW(check_transition(from, to));
            } else {
                CHECK_THROWS_AS(check_transition(from, to), ValidationError);
            }
        }
    }
    CHECK(allowed == 18);
}

TEST_CASE("next_states lists the table in order", "[request_state]") {
    CHECK(next_states(S::Received) == std::vector<S>{S::Routed, S::Rejected, S::Duplicate});
    CHECK(next_states(S::Routed) == std::vector<S>{S::InProgress, S::Routed, S::Resolved, S::Rejected, S::Duplicate});
    CHECK(next_states(S::InProgress) == std::vector<S>{S::Resolved, S::Routed, S::Rejected});
    CHECK(next_states(S::Resolved) == std::vector<S>{S::Closed, S::Reopened});
    CHECK(next_states(S::Closed) == std::vector<S>{S::Reopened});
    CHECK(next_states(S::Rejected) == std::vector<S>{S::Reopened});
    CHECK(next_states(S::Duplicate).empty());
    CHECK(next_states(S::Reopened) == std::vector<S>{S::Routed, S::InProgress, S::Resolved});
    // Consistent with can_transition.
    for (S from : kAll)
        for (S to : next_states(from)) CHECK(can_transition(from, to));
}

TEST_CASE("Refused transitions: samples", "[request_state]") {
    CHECK_FALSE(can_transition(S::Closed, S::InProgress));
    CHECK_FALSE(can_transition(S::Duplicate, S::Routed));
    CHECK_FALSE(can_transition(S::Duplicate, S::Reopened));
    CHECK_FALSE(can_transition(S::Received, S::Closed));
    CHECK_FALSE(can_transition(S::Received, S::Resolved));
    CHECK_FALSE(can_transition(S::Received, S::Received));
    CHECK_FALSE(can_transition(S::Resolved, S::Routed));
    CHECK_FALSE(can_transition(S::Rejected, S::Routed));
}

TEST_CASE("The transition error names both states and the allowed next ones", "[request_state]") {
    const auto e = capture<ValidationError>([] { check_transition(S::Closed, S::InProgress); });
    CHECK(e.field() == "status");
    CHECK(e.value() == "in_progress");
    const std::string msg = e.what();
    CHECK(contains(msg, "closed"));
    CHECK(contains(msg, "in_progress"));
    CHECK(contains(msg, "reopened"));

    const auto r = capture<ValidationError>([] { check_transition(S::Received, S::Closed); });
    const std::string rmsg = r.what();
    CHECK(contains(rmsg, "received"));
    CHECK(contains(rmsg, "closed"));
    CHECK(contains(rmsg, "routed, rejected, duplicate"));

    const auto d = capture<ValidationError>([] { check_transition(S::Duplicate, S::Routed); });
    const std::string dmsg = d.what();
    CHECK(contains(dmsg, "duplicate"));
    CHECK(contains(dmsg, "routed"));
    CHECK(contains(dmsg, "final"));
}

TEST_CASE("A request reopens after close and runs its course again", "[request_state]") {
    const std::vector<S> path = {S::Received, S::Routed, S::InProgress, S::Resolved, S::Closed, S::Reopened,
                                 S::Routed,   S::Routed, S::InProgress, S::Resolved, S::Closed};
    for (std::size_t i = 1; i < path.size(); ++i) {
        INFO(std::string(to_string(path[i - 1])) + " -> " + std::string(to_string(path[i])));
        CHECK_NOTHROW(check_transition(path[i - 1], path[i]));
    }
    // A reconsidered rejection.
    CHECK(can_transition(S::Rejected, S::Reopened));
    CHECK(can_transition(S::Reopened, S::Resolved));
}

TEST_CASE("is_open and the Open311 status for every state", "[request_state]") {
    const std::vector<std::pair<S, bool>> expected = {{S::Received, true},   {S::Routed, true},  {S::InProgress, true},
                                                      {S::Resolved, false},  {S::Closed, false}, {S::Rejected, false},
                                                      {S::Duplicate, false}, {S::Reopened, true}};
    for (auto [s, open] : expected) {
        INFO(std::string(to_string(s)));
        CHECK(is_open(s) == open);
        CHECK(std::string(open311_status(s)) == (open ? "open" : "closed"));
    }
}

TEST_CASE("a change to a request is dated from its latest entry up to today", "[requests]") {
    const Date last(2027, 6, 3), today(2027, 6, 30);
    CHECK_NOTHROW(check_change_day("on", last, last, today));  // the same day as the latest entry
    CHECK_NOTHROW(check_change_day("on", today, last, today));
    const auto before = capture<ValidationError>([&] { check_change_day("on", Date(2027, 6, 2), last, today); });
    CHECK(before.field() == "on");
    CHECK(before.value() == "2027-06-02");
    CHECK(contains(before.what(), "latest entry of the request's history (2027-06-03)"));
    const auto future = capture<ValidationError>([&] { check_change_day("from", Date(2027, 7, 1), last, today); });
    CHECK(future.field() == "from");
    CHECK(contains(future.what(), "in the future"));
}
