// Which day of a report period a report made on a given day judges to: pure, no clock.
#include "helpers.hpp"

#include "omilcrm/period.hpp"

using namespace omilcrm;

TEST_CASE("A period that is over is judged to its end, one that is not to today", "[period]") {
    const Date from(2028, 2, 1), to(2028, 12, 31);
    CHECK(judged_to(from, to, Date(2028, 3, 1)) == Date(2028, 3, 1));  // under way
    CHECK(judged_to(from, to, Date(2029, 1, 15)) == to);               // over
    CHECK(judged_to(from, to, to) == to);                              // its last day
    CHECK(judged_to(from, to, from) == from);                          // its first day
    CHECK_FALSE(judged_to(from, to, Date(2028, 1, 31)).has_value());   // not begun
    CHECK(judged_to_text(judged_to(from, to, Date(2028, 3, 1))) == "2028-03-01");
    CHECK(judged_to_text(std::nullopt).empty());
}
