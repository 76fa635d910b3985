// Chile's holidays computed from the laws, without a database or a clock.
#include "../../libomilcrm/src/holidays_rules.hpp"

#include "helpers.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;

namespace {

std::vector<std::string> dates(const std::vector<Holiday>& hs) {
    std::vector<std::string> out;
    for (const auto& h : hs) out.push_back(h.date.iso());
    return out;
}

}  // namespace

TEST_CASE("Easter Sunday by the Gregorian computus", "[holidays_rules]") {
    CHECK(holidays::easter_sunday(2024) == Date(2024, 3, 31));
    CHECK(holidays::easter_sunday(2025) == Date(2025, 4, 20));
    CHECK(holidays::easter_sunday(2026) == Date(2026, 4, 5));
    CHECK(holidays::easter_sunday(2027) == Date(2027, 3, 28));
    CHECK(holidays::easter_sunday(2038) == Date(2038, 4, 25));  // the latest possible date
    CHECK(holidays::easter_sunday(2285) == Date(2285, 3, 22));  // the earliest
}

TEST_CASE("The winter solstice's day in mainland Chile", "[holidays_rules]") {
    // The holidays under Ley 21.357: 2022-06-21, 2023-06-21, 2024-06-20, 2025-06-20 (the solstice
    // was at 02:42 UTC on the 21st, 22:42 on the 20th in Chile), 2026-06-21, 2027-06-21. In 2021
    // the solstice was at 23:32 on the 20th in Chile, but the law fixed that year's on the 21st.
    CHECK(holidays::winter_solstice(2021) == Date(2021, 6, 20));
    const auto y2021 = dates(holidays::national(2021));
    CHECK(std::find(y2021.begin(), y2021.end(), "2021-06-21") != y2021.end());
    CHECK(holidays::winter_solstice(2022) == Date(2022, 6, 21));
    CHECK(holidays::winter_solstice(2023) == Date(2023, 6, 21));
    CHECK(holidays::winter_solstice(2024) == Date(2024, 6, 20));
    CHECK(holidays::winter_solstice(2025) == Date(2025, 6, 20));
    CHECK(holidays::winter_solstice(2026) == Date(2026, 6, 21));
    CHECK(holidays::winter_solstice(2027) == Date(2027, 6, 21));
    CHECK(holidays::winter_solstice(2028) == Date(2028, 6, 20));
}

TEST_CASE("Ley 19.668 moves a holiday to a Monday", "[holidays_rules]") {
    CHECK(holidays::moved_to_monday(Date(2027, 6, 29)) == Date(2027, 6, 28));  // Tuesday
    CHECK(holidays::moved_to_monday(Date(2028, 6, 29)) == Date(2028, 6, 26));  // Thursday
    CHECK(holidays::moved_to_monday(Date(2029, 6, 29)) == Date(2029, 7, 2));   // Friday
    CHECK(holidays::moved_to_monday(Date(2024, 6, 29)) == Date(2024, 6, 29));  // Saturday stays
    CHECK(holidays::moved_to_monday(Date(2025, 6, 29)) == Date(2025, 6, 29));  // Sunday stays
    CHECK(holidays::moved_to_monday(Date(2026, 6, 29)) == Date(2026, 6, 29));  // Monday stays
}

TEST_CASE("The rules give the holidays the laws gave for 2024 to 2027", "[holidays_rules]") {
    // The national holidays of 2024-2027 as published, elections aside (they are one-off days).
    const std::vector<std::string> published = {
        "2024-01-01", "2024-03-29", "2024-03-30", "2024-05-01", "2024-05-21", "2024-06-20", "2024-06-29", "2024-07-16",
        "2024-08-15", "2024-09-18", "2024-09-19", "2024-09-20", "2024-10-12", "2024-10-31", "2024-11-01", "2024-12-08",
        "2024-12-25", "2025-01-01", "2025-04-18", "2025-04-19", "2025-05-01", "2025-05-21", "2025-06-20", "2025-06-29",
        "2025-07-16", "2025-08-15", "2025-09-18", "2025-09-19", "2025-10-12", "2025-10-31", "2025-11-01", "2025-12-08",
        "2025-12-25", "2026-01-01", "2026-04-03", "2026-04-04", "2026-05-01", "2026-05-21", "2026-06-21", "2026-06-29",
        "2026-07-16", "2026-08-15", "2026-09-18", "2026-09-19", "2026-10-12", "2026-10-31", "2026-11-01", "2026-12-08",
        "2026-12-25", "2027-01-01", "2027-03-26", "2027-03-27", "2027-05-01", "2027-05-21", "2027-06-21", "2027-06-28",
        "2027-07-16", "2027-08-15", "2027-09-17", "2027-09-18", "2027-09-19", "2027-10-11", "2027-10-31", "2027-11-01",
        "2027-12-08", "2027-12-25"};
    std::vector<std::string> computed;
    for (int y = 2024; y <= 2027; ++y)
        for (const auto& d : dates(holidays::national(y))) computed.push_back(d);
    CHECK(computed == published);
}

TEST_CASE("2028 follows the same laws", "[holidays_rules]") {
    // Twelve weekday holidays; 29 June is a Thursday (Monday 26th), 12 October a Thursday (9th),
    // 31 October a Tuesday (Friday 27th), the solstice on Tuesday 20 June.
    const auto y2028 = dates(holidays::national(2028));
    CHECK(y2028 == std::vector<std::string>{"2028-01-01", "2028-04-14", "2028-04-15", "2028-05-01", "2028-05-21",
                                            "2028-06-20", "2028-06-26", "2028-07-16", "2028-08-15", "2028-09-18",
                                            "2028-09-19", "2028-10-09", "2028-10-27", "2028-11-01", "2028-12-08",
                                            "2028-12-25"});
    std::size_t weekdays = 0;
    for (const auto& h : holidays::national(2028))
        weekdays += h.date.weekday() != Weekday::Sat && h.date.weekday() != Weekday::Sun;
    CHECK(weekdays == 12u);
}

TEST_CASE("New Year and Fiestas Patrias bridges", "[holidays_rules]") {
    const auto has = [](int year, const char* iso) {
        const auto ds = dates(holidays::national(year));
        return std::find(ds.begin(), ds.end(), iso) != ds.end();
    };
    CHECK(has(2023, "2023-01-02"));  // 1 January 2023 was a Sunday
    CHECK_FALSE(has(2024, "2024-01-02"));
    CHECK(has(2029, "2029-09-17"));  // 18 September 2029 is a Tuesday
    CHECK(has(2030, "2030-09-20"));  // 18 September 2030 is a Wednesday
    CHECK(has(2032, "2032-09-17"));  // 18 and 19 September 2032 are Saturday and Sunday
    CHECK(has(2029, "2029-11-02"));  // 31 October 2029 is a Wednesday: the Friday after
    CHECK_FALSE(has(2029, "2029-10-31"));
    CHECK(has(2034, "2034-10-27"));  // 31 October 2034 is a Tuesday: the Friday before
}

TEST_CASE("Regional holidays of Arica and Chillán", "[holidays_rules]") {
    CHECK(dates(holidays::regional(2026, "15101")) == std::vector<std::string>{"2026-06-07"});
    CHECK(dates(holidays::regional(2026, "16101")) == std::vector<std::string>{"2026-08-20"});
    CHECK(dates(holidays::regional(2026, "16103")) == std::vector<std::string>{"2026-08-20"});
    CHECK(holidays::regional(2026, "05103").empty());
    CHECK(holidays::regional(2012, "15101").empty());  // the laws took effect in 2013
}

TEST_CASE("Years before the rules are refused, naming the year", "[holidays_rules]") {
    const auto e = capture<ValidationError>([] { holidays::national(1999); });
    CHECK(e.field() == "year");
    CHECK(contains(e.what(), "1999"));
    CHECK(holidays::national(2199).size() >= 15u);
}
