#include "holidays_rules.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "omilcrm/error.hpp"

namespace omilcrm::holidays {

Date easter_sunday(int year) {
    const int a = year % 19;
    const int b = year / 100;
    const int c = year % 100;
    const int d = b / 4;
    const int e = b % 4;
    const int f = (b + 8) / 25;
    const int g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4;
    const int k = c % 4;
    const int l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31;
    const int day = (h + l - 7 * m + 114) % 31 + 1;
    return Date(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

Date winter_solstice(int year) {
    // Meeus, Astronomical Algorithms (2nd ed.), table 27.B (years 1000-3000) and table 27.C.
    struct Term {
        double a, b, c;
    };
    static constexpr Term terms[] = {
        {485, 324.96, 1934.136}, {203, 337.23, 32964.467}, {199, 342.08, 20.186},   {182, 27.85, 445267.112},
        {156, 73.14, 45036.886}, {136, 171.52, 22518.443}, {77, 222.54, 65928.934}, {74, 296.72, 3034.906},
        {70, 243.58, 9037.513},  {58, 119.81, 33718.147},  {52, 297.17, 150.678},   {50, 21.02, 2281.232},
        {45, 247.54, 29929.562}, {44, 325.15, 31555.956},  {29, 60.93, 4443.417},   {18, 155.12, 67555.328},
        {17, 288.79, 4562.452},  {16, 198.04, 62894.029},  {14, 199.76, 31436.921}, {12, 95.39, 14577.848},
        {12, 287.11, 31931.756}, {12, 320.81, 34777.259},  {9, 227.73, 1222.114},   {8, 15.45, 16859.074},
    };
    constexpr double deg = std::numbers::pi / 180.0;
    const double y = (year - 2000) / 1000.0;
    const double jde0 =
        2451716.56767 + 365241.62603 * y + 0.00325 * y * y + 0.00888 * y * y * y - 0.00030 * y * y * y * y;
    const double t = (jde0 - 2451545.0) / 36525.0;
    const double w = (35999.373 * t - 2.47) * deg;
    const double dl = 1 + 0.0334 * std::cos(w) + 0.0007 * std::cos(2 * w);
    double s = 0;
    for (const auto& term : terms) s += term.a * std::cos((term.b + term.c * t) * deg);
    const double jde = jde0 + 0.00001 * s / dl;
    // Terrestrial time to universal time: ΔT is about 69 s in the 2020s (a minute either way does
    // not move the date but within a minute of midnight), then to mainland Chile's UTC-4.
    const double jd_ut = jde - 69.0 / 86400.0;
    const double local = jd_ut - 4.0 / 24.0;
    // Julian day 2440587.5 is 1970-01-01 00:00 UTC.
    const auto days = static_cast<std::int64_t>(std::floor(local - 2440587.5));
    return Date::from_days(days);
}

Date moved_to_monday(Date d) {
    switch (d.weekday()) {
        case Weekday::Tue:
            return d.add_days(-1);
        case Weekday::Wed:
            return d.add_days(-2);
        case Weekday::Thu:
            return d.add_days(-3);
        case Weekday::Fri:
            return d.add_days(3);
        default:
            return d;
    }
}

std::vector<Holiday> national(int year) {
    if (year < kFirstYear)
        throw ValidationError(
            "year", std::to_string(year),
            "is before " + std::to_string(kFirstYear) + ", the first year the holiday rules describe");
    std::vector<Holiday> out;
    auto add = [&](Date d, const char* name, const char* kind) { out.push_back({d, name, false, kind}); };
    const auto day = [&](unsigned month, unsigned dd) { return Date(year, month, dd); };

    add(day(1, 1), "Año Nuevo", "civil");
    // Ley 20.983: 2 January when New Year's Day is a Sunday.
    if (year >= 2017 && day(1, 1).weekday() == Weekday::Sun)
        add(day(1, 2), "Feriado de Año Nuevo (Ley 20.983)", "civil");
    const Date easter = easter_sunday(year);
    add(easter.add_days(-2), "Viernes Santo", "religious");
    add(easter.add_days(-1), "Sábado Santo", "religious");
    add(day(5, 1), "Día Nacional del Trabajo", "civil");
    add(day(5, 21), "Día de las Glorias Navales", "civil");
    // Ley 21.357: the day of the winter solstice, from 2021.
    // (Its transitory article set 2021's on 21 June; the solstice fell at 23:32 on the 20th.)
    if (year >= 2021)
        add(year == 2021 ? day(6, 21) : winter_solstice(year), "Día Nacional de los Pueblos Indígenas", "civil");
    add(moved_to_monday(day(6, 29)), "San Pedro y San Pablo", "religious");
    // Ley 20.148: Virgen del Carmen, from 2007.
    if (year >= 2007) add(day(7, 16), "Día de la Virgen del Carmen", "religious");
    add(day(8, 15), "Asunción de la Virgen", "religious");
    const Weekday sep18 = day(9, 18).weekday();
    // Ley 20.215 (from 2007): 17 September when the 18th is a Tuesday, 20 September when the 19th
    // is a Thursday. Ley 20.983: 17 September when the 18th and 19th are Saturday and Sunday.
    if (year >= 2007 && sep18 == Weekday::Tue) add(day(9, 17), "Fiestas Patrias (Ley 20.215)", "civil");
    if (year >= 2017 && sep18 == Weekday::Sat) add(day(9, 17), "Fiestas Patrias (Ley 20.983)", "civil");
    add(day(9, 18), "Independencia Nacional", "civil");
    add(day(9, 19), "Día de las Glorias del Ejército", "civil");
    if (year >= 2007 && sep18 == Weekday::Wed) add(day(9, 20), "Fiestas Patrias (Ley 20.215)", "civil");
    add(moved_to_monday(day(10, 12)), "Encuentro de Dos Mundos", "civil");
    // Ley 20.299 (from 2008): 31 October; on a Tuesday the Friday before, on a Wednesday the Friday after.
    if (year >= 2008) {
        const Date d = day(10, 31);
        const Date moved = d.weekday() == Weekday::Tue   ? d.add_days(-4)
                           : d.weekday() == Weekday::Wed ? d.add_days(2)
                                                         : d;
        add(moved, "Día Nacional de las Iglesias Evangélicas y Protestantes", "religious");
    }
    add(day(11, 1), "Día de Todos los Santos", "religious");
    add(day(12, 8), "Inmaculada Concepción", "religious");
    add(day(12, 25), "Navidad", "religious");
    std::stable_sort(out.begin(), out.end(), [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
    return out;
}

std::vector<Holiday> regional(int year, std::string_view commune) {
    std::vector<Holiday> out;
    if (year < 2013) return out;
    if (commune.starts_with("15"))
        out.push_back({Date(year, 6, 7), "Asalto y Toma del Morro de Arica (Ley 20.663)", false, "regional"});
    if (commune == "16101" || commune == "16103")
        out.push_back({Date(year, 8, 20), "Nacimiento del Prócer de la Independencia (Ley 20.678)", false, "regional"});
    return out;
}

}  // namespace omilcrm::holidays
