// Business-day clock for service-request deadlines: Chile's national holidays (shipped data),
// local holidays, due dates, pauses. Every expected date below was worked out by hand from a
// calendar; the reasoning is in the comments (H = holiday, "(k)" = k-th business day counted).
#include "helpers.hpp"

#include "omilcrm/business_days.hpp"

using namespace omilcrm;
using omt::capture;

namespace {

int national_count(const HolidayCalendar& cal, int year) {
    int n = 0;
    for (const auto& h : cal.between(Date(year, 1, 1), Date(year, 12, 31)))
        if (h.kind != "election") ++n;
    return n;
}

std::string name_on(const HolidayCalendar& cal, Date d) {
    const Holiday* h = cal.holiday(d);
    return h ? h->name : std::string("(none)");
}

}  // namespace

TEST_CASE("Shipped calendar covers 2024-2027 with the legal count per year", "[business_days]") {
    const auto cal = HolidayCalendar::chile();
    CHECK(cal.first_year() == Date(2024, 1, 1));
    CHECK(cal.last_year_end() == Date(2027, 12, 31));

    // 16 permanent holidays every year (Año Nuevo, Viernes Santo, Sábado Santo, 1 May, 21 May,
    // Pueblos Indígenas, San Pedro y San Pablo, Virgen del Carmen, Asunción, 18 Sep, 19 Sep,
    // Encuentro de Dos Mundos, Iglesias Evangélicas, Todos los Santos, Inmaculada, Navidad)
    // plus the Fiestas Patrias extra day: 2024-09-20 (Ley 20.215, 20 Sep is a Friday) and
    // 2027-09-17 (Ley 20.983, 18/19 Sep are Sat/Sun). 2025: 18/19 Sep are Thu/Fri, 2026: Fri/Sat,
    // no extra day. 1 Jan is never a Sunday in 2024-2027, so no 2 Jan holiday.
    CHECK(national_count(cal, 2024) == 17);
    CHECK(national_count(cal, 2025) == 16);
    CHECK(national_count(cal, 2026) == 16);
    CHECK(national_count(cal, 2027) == 17);

    // With elections: 2024 regional/municipal (27 Oct) and governors' runoff (24 Nov);
    // 2025 presidential/parliamentary (16 Nov) and runoff (14 Dec).
    CHECK(cal.between(Date(2024, 1, 1), Date(2024, 12, 31)).size() == 19u);
    CHECK(cal.between(Date(2025, 1, 1), Date(2025, 12, 31)).size() == 18u);
    CHECK(cal.between(Date(2026, 1, 1), Date(2026, 12, 31)).size() == 16u);
    CHECK(cal.between(Date(2027, 1, 1), Date(2027, 12, 31)).size() == 17u);
    CHECK(cal.between(Date(2024, 1, 1), Date(2027, 12, 31)).size() == 70u);
    for (const auto& h : cal.between(Date(2024, 1, 1), Date(2027, 12, 31))) {
        CHECK_FALSE(h.local);
        CHECK(!h.name.empty());
        CHECK((h.kind == "civil" || h.kind == "religious" || h.kind == "election"));
    }

    // between() is inclusive at both ends, in date order; empty when to < from.
    const auto sep2024 = cal.between(Date(2024, 9, 18), Date(2024, 9, 20));
    REQUIRE(sep2024.size() == 3u);
    CHECK(sep2024[0].date == Date(2024, 9, 18));
    CHECK(sep2024[2].date == Date(2024, 9, 20));
    CHECK(cal.between(Date(2026, 12, 31), Date(2026, 1, 1)).empty());
}

TEST_CASE("Election days are Sunday holidays", "[business_days]") {
    const auto cal = HolidayCalendar::chile();
    for (const Date d : {Date(2024, 10, 27), Date(2024, 11, 24), Date(2025, 11, 16), Date(2025, 12, 14)}) {
        CAPTURE(d.iso());
        CHECK(d.weekday() == Weekday::Sun);
        REQUIRE(cal.holiday(d) != nullptr);
        CHECK(cal.holiday(d)->kind == "election");
    }
}

TEST_CASE("San Pedro y San Pablo moves by Ley 19.668", "[business_days]") {
    const auto cal = HolidayCalendar::chile();
    // 29 Jun: 2024 Sat, 2025 Sun, 2026 Mon -> the day itself.
    CHECK(name_on(cal, Date(2024, 6, 29)) == "San Pedro y San Pablo");
    CHECK(name_on(cal, Date(2025, 6, 29)) == "San Pedro y San Pablo");
    CHECK(name_on(cal, Date(2026, 6, 29)) == "San Pedro y San Pablo");
    CHECK(Date(2026, 6, 29).weekday() == Weekday::Mon);
    // 2027-06-29 is a Tuesday -> the Monday before, 2027-06-28; the 29th is a working day.
    CHECK(Date(2027, 6, 29).weekday() == Weekday::Tue);
    CHECK(name_on(cal, Date(2027, 6, 28)) == "San Pedro y San Pablo");
    CHECK_FALSE(cal.is_holiday(Date(2027, 6, 29)));
    CHECK(cal.is_business_day(Date(2027, 6, 29)));
}

TEST_CASE("Encuentro de Dos Mundos moves by Ley 19.668", "[business_days]") {
    const auto cal = HolidayCalendar::chile();
    // 12 Oct: 2024 Sat, 2025 Sun, 2026 Mon -> the day itself.
    CHECK(name_on(cal, Date(2024, 10, 12)) == "Encuentro de Dos Mundos");
    CHECK(name_on(cal, Date(2025, 10, 12)) == "Encuentro de Dos Mundos");
    CHECK(name_on(cal, Date(2026, 10, 12)) == "Encuentro de Dos Mundos");
    // 2027-10-12 is a Tuesday -> Monday 2027-10-11.
    CHECK(Date(2027, 10, 12).weekday() == Weekday::Tue);
    CHECK(name_on(cal, Date(2027, 10, 11)) == "Encuentro de Dos Mundos");
    CHECK(cal.is_business_day(Date(2027, 10, 12)));
}

TEST_CASE("Iglesias Evangélicas (Ley 20.299) is never moved in 2024-2027", "[business_days]") {
    const auto cal = HolidayCalendar::chile();
    // 31 Oct: 2024 Thu, 2025 Fri, 2026 Sat, 2027 Sun; only Tue/Wed would move it.
    const Weekday days[] = {Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun};
    for (int y = 2024; y <= 2027; ++y) {
        CAPTURE(y);
        const Date d(y, 10, 31);
        CHECK(d.weekday() == days[y - 2024]);
        CHECK(name_on(cal, d) == "Día Nacional de las Iglesias Evangélicas y Protestantes");
        // Neither candidate Friday (27 Oct / 2 Nov) carries it.
        CHECK(name_on(cal, d.add_days(-4)) != name_on(cal, d));
        CHECK(name_on(cal, d.add_days(2)) != name_on(cal, d));
    }
}

TEST_CASE("Pueblos Indígenas on the winter solstice (Ley 21.357)", "[business_days]") {
    const auto cal = HolidayCalendar::chile();
    const std::string name = "Día Nacional de los Pueblos Indígenas";
    CHECK(name_on(cal, Date(2024, 6, 20)) == name);  // Thursday
    CHECK(name_on(cal, Date(2025, 6, 20)) == name);  // Friday
    CHECK(name_on(cal, Date(2026, 6, 21)) == name);  // Sunday
    CHECK(name_on(cal, Date(2027, 6, 21)) == name);  // Monday
    CHECK_FALSE(cal.is_holiday(Date(2024, 6, 21)));
    CHECK_FALSE(cal.is_holiday(Date(2025, 6, 21)));
    CHECK_FALSE(cal.is_holiday(Date(2026, 6, 20)));
    CHECK_FALSE(cal.is_holiday(Date(2027, 6, 20)));
}

TEST_CASE("Easter holidays: Viernes Santo and Sábado Santo", "[business_days]") {
    const auto cal = HolidayCalendar::chile();
    // Easter Sundays 2024-03-31, 2025-04-20, 2026-04-05, 2027-03-28: Friday = -2, Saturday = -1.
    CHECK(name_on(cal, Date(2024, 3, 29)) == "Viernes Santo");
    CHECK(name_on(cal, Date(2024, 3, 30)) == "Sábado Santo");
    CHECK(name_on(cal, Date(2025, 4, 18)) == "Viernes Santo");
    CHECK(name_on(cal, Date(2025, 4, 19)) == "Sábado Santo");
    CHECK(name_on(cal, Date(2026, 4, 3)) == "Viernes Santo");
    CHECK(Date(2026, 4, 3).weekday() == Weekday::Fri);
    CHECK(name_on(cal, Date(2026, 4, 4)) == "Sábado Santo");
    CHECK(name_on(cal, Date(2027, 3, 26)) == "Viernes Santo");
    CHECK(name_on(cal, Date(2027, 3, 27)) == "Sábado Santo");
    CHECK_FALSE(cal.is_business_day(Date(2026, 4, 3)));
    // Easter Monday is a working day in Chile; Holy Thursday too.
    CHECK(cal.is_business_day(Date(2026, 4, 6)));
    CHECK(cal.is_business_day(Date(2026, 4, 2)));
}

TEST_CASE("Fiestas Patrias and their extra days", "[business_days]") {
    const auto cal = HolidayCalendar::chile();
    // 2026: 18 Sep Friday, 19 Sep Saturday; 17 Sep (Thu) and 21 Sep (Mon) are working days.
    CHECK(Date(2026, 9, 18).weekday() == Weekday::Fri);
    CHECK(name_on(cal, Date(2026, 9, 18)) == "Independencia Nacional");
    CHECK(name_on(cal, Date(2026, 9, 19)) == "Día de las Glorias del Ejército");
    CHECK(cal.is_business_day(Date(2026, 9, 17)));
    CHECK(cal.is_business_day(Date(2026, 9, 21)));
    // 2024: 18 Wed, 19 Thu -> 20 Fri is a holiday (Ley 20.215).
    CHECK(cal.is_holiday(Date(2024, 9, 20)));
    CHECK_FALSE(cal.is_business_day(Date(2024, 9, 20)));
    // 2025: 18 Thu, 19 Fri; 17 Wed is a working day, 20 is a Saturday.
    CHECK(cal.is_business_day(Date(2025, 9, 17)));
    CHECK_FALSE(cal.is_holiday(Date(2025, 9, 20)));
    // 2027: 18 Sat, 19 Sun -> Friday 17 Sep is a holiday (Ley 20.983); Monday 20 is not.
    CHECK(cal.is_holiday(Date(2027, 9, 17)));
    CHECK(cal.is_business_day(Date(2027, 9, 20)));
}

TEST_CASE("is_business_day: weekends and holidays", "[business_days]") {
    const auto cal = HolidayCalendar::chile();
    CHECK(cal.is_business_day(Date(2026, 11, 23)));        // Monday
    CHECK_FALSE(cal.is_business_day(Date(2026, 11, 21)));  // Saturday
    CHECK_FALSE(cal.is_business_day(Date(2026, 11, 22)));  // Sunday
    CHECK_FALSE(cal.is_business_day(Date(2026, 12, 8)));   // Tuesday, Inmaculada Concepción
    CHECK(cal.holiday(Date(2026, 11, 23)) == nullptr);
    CHECK_FALSE(cal.is_holiday(Date(2026, 11, 21)));  // a weekend is not a holiday
    CHECK(cal.is_business_day(Date(2026, 12, 31)));   // 31 Dec is only a bank holiday

    // 2026 has 261 weekdays (365 days = 52 weeks + 1 extra day, 1 Jan a Thursday). Holidays on
    // weekdays: 1 Jan Thu, 3 Apr Fri, 1 May Fri, 21 May Thu, 29 Jun Mon, 16 Jul Thu, 18 Sep Fri,
    // 12 Oct Mon, 8 Dec Tue, 25 Dec Fri = 10 (the other 6 fall on weekends) -> 251 business days.
    CHECK(business_days_between(cal, Date(2025, 12, 31), Date(2026, 12, 31)) == 251);

    // Other years follow the same laws (computed); only their one-off holidays are unconfirmed.
    CHECK_FALSE(cal.is_business_day(Date(2030, 1, 1)));  // a Tuesday: Año Nuevo
    CHECK(cal.is_holiday(Date(2023, 12, 25)));
    CHECK(cal.confirmed(Date(2026, 12, 31)));
    CHECK_FALSE(cal.confirmed(Date(2030, 1, 2)));
    CHECK(HolidayCalendar().confirmed(Date(2030, 1, 2)));  // a calendar of weekends only is certain

    // An empty calendar: weekends only, no coverage.
    const HolidayCalendar empty;
    CHECK(empty.is_business_day(Date(2026, 12, 25)));
    CHECK(empty.first_year() == Date());
}

TEST_CASE("add_business_days across weekends and holidays", "[business_days]") {
    const auto cal = HolidayCalendar::chile();
    // Friday 2026-11-20 + 1: Sat 21, Sun 22, Mon 23 (1).
    CHECK(add_business_days(cal, Date(2026, 11, 20), 1) == Date(2026, 11, 23));
    // Friday 2026-11-20 + 3: Mon 23 (1), Tue 24 (2), Wed 25 (3).
    CHECK(add_business_days(cal, Date(2026, 11, 20), 3) == Date(2026, 11, 25));
    // Thursday 2026-11-19 + 2: Fri 20 (1), Mon 23 (2).
    CHECK(add_business_days(cal, Date(2026, 11, 19), 2) == Date(2026, 11, 23));
    // n = 0 on a business day: the day itself.
    CHECK(add_business_days(cal, Date(2026, 11, 19), 0) == Date(2026, 11, 19));

    // Fiestas Patrias 2025, received Wednesday 2025-09-17: Thu 18 H, Fri 19 H, Sat 20, Sun 21,
    // Mon 22 (1), Tue 23 (2), Wed 24 (3).
    CHECK(add_business_days(cal, Date(2025, 9, 17), 1) == Date(2025, 9, 22));
    CHECK(add_business_days(cal, Date(2025, 9, 17), 2) == Date(2025, 9, 23));
    CHECK(add_business_days(cal, Date(2025, 9, 17), 3) == Date(2025, 9, 24));

    // Fiestas Patrias 2024, received Tuesday 2024-09-17: Wed 18 H, Thu 19 H, Fri 20 H, weekend,
    // Mon 23 (1).
    CHECK(add_business_days(cal, Date(2024, 9, 17), 1) == Date(2024, 9, 23));

    // Christmas / New Year, received Thursday 2026-12-24: Fri 25 H, Sat 26, Sun 27, Mon 28 (1),
    // Tue 29 (2), Wed 30 (3), Thu 31 (4), Fri 2027-01-01 H, Sat 2, Sun 3, Mon 4 (5).
    CHECK(add_business_days(cal, Date(2026, 12, 24), 5) == Date(2027, 1, 4));

    // Easter 2027, received Thursday 2027-03-25: Fri 26 H, Sat 27 H, Sun 28, Mon 29 (1).
    CHECK(add_business_days(cal, Date(2027, 3, 25), 1) == Date(2027, 3, 29));

    // Moved San Pedro y San Pablo 2027, received Friday 2027-06-25: Sat 26, Sun 27, Mon 28 H,
    // Tue 29 (1) - the original date is a working day.
    CHECK(add_business_days(cal, Date(2027, 6, 25), 1) == Date(2027, 6, 29));

    // Fiestas Patrias 2027, received Thursday 2027-09-16: Fri 17 H (Ley 20.983), Sat 18, Sun 19,
    // Mon 20 (1).
    CHECK(add_business_days(cal, Date(2027, 9, 16), 1) == Date(2027, 9, 20));

    // Inmaculada Concepción 2026 (Tuesday), received Friday 2026-12-04: Mon 7 (1), Tue 8 H,
    // Wed 9 (2), Thu 10 (3).
    CHECK(add_business_days(cal, Date(2026, 12, 4), 3) == Date(2026, 12, 10));
}

TEST_CASE("add_business_days: received on a weekend or holiday counts from the next business day", "[business_days]") {
    const auto cal = HolidayCalendar::chile();
    // Saturday 2026-11-21 counts as received Monday 23; + 1 = Tue 24, + 0 = Mon 23.
    CHECK(add_business_days(cal, Date(2026, 11, 21), 1) == Date(2026, 11, 24));
    CHECK(add_business_days(cal, Date(2026, 11, 21), 0) == Date(2026, 11, 23));
    // Sunday 2026-11-22: the same.
    CHECK(add_business_days(cal, Date(2026, 11, 22), 1) == Date(2026, 11, 24));
    // Friday 2026-09-18 (Independencia): Sat 19 H, Sun 20 -> received Mon 21; + 1 = Tue 22.
    CHECK(add_business_days(cal, Date(2026, 9, 18), 1) == Date(2026, 9, 22));
    CHECK(add_business_days(cal, Date(2026, 9, 18), 0) == Date(2026, 9, 21));
    // Good Friday 2026-04-03: Sat 4 H, Sun 5 -> received Mon 6; + 2 = Wed 8.
    CHECK(add_business_days(cal, Date(2026, 4, 3), 2) == Date(2026, 4, 8));
}

TEST_CASE("add_business_days: a pause extends the deadline by the business days it covered", "[business_days]") {
    const auto cal = HolidayCalendar::chile();
    // No holidays in November 2026 after the 1st. Received Monday 2026-11-02 + 10:
    // Tue 3 (1), Wed 4 (2), Thu 5 (3), Fri 6 (4), Mon 9 (5), Tue 10 (6), Wed 11 (7), Thu 12 (8),
    // Fri 13 (9), Mon 16 (10).
    const Date received(2026, 11, 2);
    CHECK(add_business_days(cal, received, 10) == Date(2026, 11, 16));

    // Paused Wed 4 .. Mon 9 (exclusive): Wed 4, Thu 5, Fri 6 are 3 paused business days.
    // Tue 3 (1), Mon 9 (2), Tue 10 (3), Wed 11 (4), Thu 12 (5), Fri 13 (6), Mon 16 (7),
    // Tue 17 (8), Wed 18 (9), Thu 19 (10): three business days later than without the pause.
    const std::vector<Pause> mid{{Date(2026, 11, 4), Date(2026, 11, 9)}};
    CHECK(add_business_days(cal, received, 10, mid) == Date(2026, 11, 19));
    CHECK(business_days_between(cal, received, Date(2026, 11, 19), mid) == 10);
    CHECK(business_days_between(cal, received, Date(2026, 11, 19)) == 13);

    // Overlapping pauses covering the same days count once.
    const std::vector<Pause> overlap{{Date(2026, 11, 4), Date(2026, 11, 6)}, {Date(2026, 11, 5), Date(2026, 11, 9)}};
    CHECK(add_business_days(cal, received, 10, overlap) == Date(2026, 11, 19));

    // A pause over a weekend only, an empty pause (to == from) and a pause before the request
    // change nothing.
    CHECK(add_business_days(cal, received, 10, {{Date(2026, 11, 7), Date(2026, 11, 9)}}) == Date(2026, 11, 16));
    CHECK(add_business_days(cal, received, 10, {{Date(2026, 11, 5), Date(2026, 11, 5)}}) == Date(2026, 11, 16));
    CHECK(add_business_days(cal, received, 10, {{Date(2026, 10, 1), Date(2026, 10, 15)}}) == Date(2026, 11, 16));

    // A pause over a holiday extends only by the business days: received Fri 2026-12-04 + 3 is
    // Thu 10 (see above). Paused Mon 7 .. Wed 9 (exclusive) covers Mon 7 (business) and Tue 8
    // (Inmaculada, not a business day anyway): + 1 day. Wed 9 (1), Thu 10 (2), Fri 11 (3).
    CHECK(add_business_days(cal, Date(2026, 12, 4), 3, {{Date(2026, 12, 7), Date(2026, 12, 9)}}) == Date(2026, 12, 11));
}

TEST_CASE("add_business_days: an open pause stops the clock", "[business_days]") {
    const auto cal = HolidayCalendar::chile();
    const Date received(2026, 11, 2);  // + 10 = Mon 2026-11-16 (see above)
    // Chosen rule: only business days before the open pause starts count. A deadline reached
    // before the pause is returned as is.
    CHECK(add_business_days(cal, received, 10, {{Date(2026, 11, 20), std::nullopt}}) == Date(2026, 11, 16));
    // Paused from Tue 10 with no end: only Tue 3 .. Mon 9 (5 days) count, the 10th never comes.
    const auto e = capture<ValidationError>([&] {
        add_business_days(cal, received, 10, {{Date(2026, 11, 10), std::nullopt}});
    });
    CHECK(e.field() == "pause");
    CHECK(e.value() == "2026-11-10");
    // Paused from the due day itself: that day does not count either.
    CHECK_THROWS_AS(add_business_days(cal, received, 10, {{Date(2026, 11, 16), std::nullopt}}), ValidationError);
    // Elapsed days stop at the open pause: Tue 3, Wed 4, Thu 5, Fri 6, Mon 9 = 5.
    CHECK(business_days_between(cal, received, Date(2026, 11, 30), {{Date(2026, 11, 10), std::nullopt}}) == 5);
}

TEST_CASE("add_business_days validates its input", "[business_days]") {
    const auto cal = HolidayCalendar::chile();
    const auto e = capture<ValidationError>([&] { add_business_days(cal, Date(2026, 11, 2), -1); });
    CHECK(e.field() == "business_days");
    CHECK(e.value() == "-1");
    CHECK_THROWS_AS(add_business_days(cal, Date(2026, 11, 2), 1000000), ValidationError);

    const std::vector<Pause> backwards{{Date(2026, 11, 10), Date(2026, 11, 9)}};
    const auto p = capture<ValidationError>([&] { add_business_days(cal, Date(2026, 11, 2), 3, backwards); });
    CHECK(p.field() == "pause");
    const auto q =
        capture<ValidationError>([&] { business_days_between(cal, Date(2026, 11, 2), Date(2026, 11, 20), backwards); });
    CHECK(q.field() == "pause");

    // Past the one-off table the laws' holidays still count: Friday 2030-12-20 + 5: Mon 23 (1),
    // Tue 24 (2), Wed 25 Christmas, Thu 26 (3), Fri 27 (4), Mon 30 (5).
    CHECK(add_business_days(cal, Date(2030, 12, 20), 5) == Date(2030, 12, 30));
    const Deadline later = deadline(cal, Date(2030, 12, 20), 5);
    CHECK(later.due == Date(2030, 12, 30));
    CHECK_FALSE(later.confirmed());
    CHECK(later.unconfirmed.front() == Date(2030, 12, 20));
    CHECK(later.unconfirmed.size() == 6u);  // Fri 20 and the five counted
    CHECK(deadline(cal, Date(2026, 7, 15), 5).confirmed());
}

TEST_CASE("Local holidays added by an office", "[business_days]") {
    auto cal = HolidayCalendar::chile();
    // A commune's anniversary on Wednesday 2026-11-25.
    cal.add(Date(2026, 11, 25), "Aniversario de la comuna");
    REQUIRE(cal.holiday(Date(2026, 11, 25)) != nullptr);
    CHECK(cal.holiday(Date(2026, 11, 25))->local);
    CHECK(cal.holiday(Date(2026, 11, 25))->kind == "local");
    CHECK_FALSE(cal.is_business_day(Date(2026, 11, 25)));
    // Received Mon 2026-11-23 + 3: Tue 24 (1), Wed 25 local H, Thu 26 (2), Fri 27 (3);
    // with the national calendar alone it is Thu 26.
    CHECK(add_business_days(cal, Date(2026, 11, 23), 3) == Date(2026, 11, 27));
    CHECK(add_business_days(HolidayCalendar::chile(), Date(2026, 11, 23), 3) == Date(2026, 11, 26));
    // The shipped calendar is not changed by an office's copy.
    CHECK_FALSE(HolidayCalendar::chile().is_holiday(Date(2026, 11, 25)));

    // November 2026 now holds Todos los Santos (1st) and the anniversary.
    const auto nov = cal.between(Date(2026, 11, 1), Date(2026, 11, 30));
    REQUIRE(nov.size() == 2u);
    CHECK(nov[0].name == "Día de Todos los Santos");
    CHECK_FALSE(nov[0].local);
    CHECK(nov[1].name == "Aniversario de la comuna");

    // Adding on a national holiday keeps the national entry.
    cal.add(Date(2026, 12, 25), "Fiesta local");
    CHECK(cal.holiday(Date(2026, 12, 25))->name == "Navidad");
    CHECK_FALSE(cal.holiday(Date(2026, 12, 25))->local);

    // Local holidays work outside the shipped years too.
    cal.add(Date(2030, 6, 3), "Fiesta patronal");
    CHECK(cal.is_holiday(Date(2030, 6, 3)));
    CHECK_FALSE(cal.is_business_day(Date(2030, 6, 3)));

    const auto e = capture<ValidationError>([&] { cal.add(Date(2026, 11, 26), "  "); });
    CHECK(e.field() == "name");
}

TEST_CASE("business_days_between", "[business_days]") {
    const auto cal = HolidayCalendar::chile();
    // Wed 2025-09-17 .. Wed 24: Mon 22, Tue 23, Wed 24 (18/19 are holidays).
    CHECK(business_days_between(cal, Date(2025, 9, 17), Date(2025, 9, 24)) == 3);
    // Friday 2026-11-20 .. Monday 23: 1.
    CHECK(business_days_between(cal, Date(2026, 11, 20), Date(2026, 11, 23)) == 1);
    // to == from -> 0; to before from -> the negative count from `to` to `from`.
    CHECK(business_days_between(cal, Date(2026, 11, 23), Date(2026, 11, 23)) == 0);
    CHECK(business_days_between(cal, Date(2026, 11, 23), Date(2026, 11, 2)) == -15);
    CHECK(business_days_between(cal, Date(2026, 11, 2), Date(2026, 11, 23)) == 15);
    // Received Saturday 2026-11-21 counts from Monday 23: .. Tue 24 is 1, .. Mon 23 is 0.
    CHECK(business_days_between(cal, Date(2026, 11, 21), Date(2026, 11, 24)) == 1);
    CHECK(business_days_between(cal, Date(2026, 11, 21), Date(2026, 11, 23)) == 0);
    // Christmas / New Year: Thu 2026-12-24 .. Mon 2027-01-04 = 5 (28, 29, 30, 31, 4).
    CHECK(business_days_between(cal, Date(2026, 12, 24), Date(2027, 1, 4)) == 5);

    // Round trip: business_days_between(r, add_business_days(r, n)) == n, with and without a
    // pause, for receipts on working days, weekends and holidays.
    const std::vector<Pause> pause{{Date(2026, 12, 21), Date(2027, 1, 6)}};
    for (const Date r : {Date(2026, 12, 4), Date(2026, 12, 5), Date(2026, 12, 8), Date(2026, 12, 24),
                         Date(2026, 12, 25), Date(2027, 3, 26)}) {
        for (int n : {0, 1, 3, 10, 25}) {
            CAPTURE(r.iso(), n);
            CHECK(business_days_between(cal, r, add_business_days(cal, r, n)) == n);
            CHECK(business_days_between(cal, r, add_business_days(cal, r, n, pause), pause) == n);
        }
    }
}

TEST_CASE("BusinessDayCounter gives business_days_between's answer for every pair of days", "[business_days]") {
    auto cal = HolidayCalendar::chile();
    cal.add(Date(2026, 12, 14), "Aniversario comunal");
    // A range around Christmas, New Year and the September holidays of the next year, and pairs
    // reaching past both of its ends (those take the day-by-day path).
    const Date first(2026, 12, 1), last(2027, 9, 30);
    const BusinessDayCounter counter(cal, first, last);
    int checked = 0;
    for (Date from = Date(2026, 11, 25); from <= Date(2027, 1, 10); from = from.add_days(1))
        for (Date to = from.add_days(-3); to <= Date(2027, 10, 5); to = to.add_days(5)) {
            CAPTURE(from.iso(), to.iso());
            REQUIRE(counter.between(from, to) == business_days_between(cal, from, to));
            ++checked;
        }
    CHECK(checked > 2000);
    // Worked by hand: Thu 2026-12-24 .. Mon 2027-01-04 = 5; received Saturday 2026-12-12, the
    // 14th a local holiday: counts from Tuesday 15, so .. Friday 18 = 3.
    CHECK(counter.between(Date(2026, 12, 24), Date(2027, 1, 4)) == 5);
    CHECK(counter.between(Date(2026, 12, 12), Date(2026, 12, 18)) == 3);

    // With a pause: the same as the day-by-day count, errors included.
    const std::vector<Pause> pause{{Date(2026, 12, 21), Date(2027, 1, 6)}};
    CHECK(counter.between(Date(2026, 12, 15), Date(2027, 1, 8), pause) ==
          business_days_between(cal, Date(2026, 12, 15), Date(2027, 1, 8), pause));
    const std::vector<Pause> backwards{{Date(2027, 1, 6), Date(2026, 12, 21)}};
    CHECK_THROWS_AS(counter.between(Date(2026, 12, 15), Date(2027, 1, 8), backwards), ValidationError);

    // An empty range: every answer still right.
    const BusinessDayCounter empty(cal, last, first);
    CHECK(empty.between(Date(2026, 12, 24), Date(2027, 1, 4)) == 5);
}
