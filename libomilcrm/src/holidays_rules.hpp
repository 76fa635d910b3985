#pragma once
// Chile's public holidays computed from the laws that set them, for any year from 2000: the fixed
// dates, Easter's Friday and Saturday, the days Ley 19.668 and Ley 20.299 move, the winter solstice
// of Ley 21.357, the Fiestas Patrias and New Year bridges, and the regional holidays of Arica and
// Chillán. One-off holidays (elections, days a law declares once) are data, not rules: see
// business_days.cpp and libomilcrm/data/holidays/. Pure: no database, no clock.
#include <string>
#include <vector>

#include "omilcrm/business_days.hpp"
#include "omilcrm/date.hpp"

namespace omilcrm::holidays {

/// The first year the rules describe (Ley 19.668 took effect in 2000).
constexpr int kFirstYear = 2000;

/// Easter Sunday of a Gregorian year (the anonymous Gregorian computus).
Date easter_sunday(int year);

/// The day of the June (winter) solstice in mainland Chile (UTC-4 in June), from Meeus'
/// astronomical algorithm (Astronomical Algorithms, ch. 27): the date Ley 21.357 names.
Date winter_solstice(int year);

/// Where Ley 19.668 puts a holiday whose date falls on `d`'s weekday: Tuesday, Wednesday and
/// Thursday move to the Monday before, Friday to the Monday after; the rest stay.
Date moved_to_monday(Date d);

/// The national holidays of `year` by the laws in force that year, in date order; kind "civil" or
/// "religious". Throws ValidationError (field "year") before kFirstYear.
std::vector<Holiday> national(int year);

/// The regional holidays of `year` for a commune (its CUT code, "15101"): Arica y Parinacota on
/// 7 June (Ley 20.663, from 2013) and Chillán and Chillán Viejo on 20 August (Ley 20.678, from
/// 2013). Kind "regional".
std::vector<Holiday> regional(int year, std::string_view commune_code);

}  // namespace omilcrm::holidays
