#include "omilcrm/visiting_hours.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "omilcrm/error.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {

// "09:00", "9:00", "9" -> minutes after midnight; -1 when malformed. "24:00" is allowed as an end.
int parse_time(std::string_view t) {
    int h = 0, m = 0;
    const auto colon = t.find(':');
    const std::string_view hs = t.substr(0, colon);
    auto [p, ec] = std::from_chars(hs.data(), hs.data() + hs.size(), h);
    if (ec != std::errc{} || p != hs.data() + hs.size() || hs.empty()) return -1;
    if (colon != std::string_view::npos) {
        const std::string_view ms = t.substr(colon + 1);
        auto [q, ec2] = std::from_chars(ms.data(), ms.data() + ms.size(), m);
        if (ec2 != std::errc{} || q != ms.data() + ms.size() || ms.size() != 2) return -1;
    }
    if (h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0)) return -1;
    return h * 60 + m;
}

std::string fmt_time(int minutes) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
    return buf;
}

}  // namespace

VisitingWindow VisitingWindow::parse(std::string_view text, std::string_view field) {
    auto fail = [&](const std::string& why) -> VisitingWindow {
        throw ValidationError(std::string(field), std::string(text), why);
    };
    const std::string_view s = detail::trim(text);
    const auto space = s.find_first_of(" \t");
    if (space == std::string_view::npos)
        return fail("expected weekdays and a time range, e.g. \"mon-fri 09:00-12:00\"");
    const std::string_view days = s.substr(0, space);
    const std::string_view times = detail::trim(s.substr(space + 1));

    VisitingWindow w;
    for (auto part : detail::split(days, ',')) {
        part = detail::trim(part);
        const auto dash = part.find('-');
        int a = 0, b = 0;
        try {
            if (dash == std::string_view::npos) {
                a = b = static_cast<int>(parse_weekday(part, field));
            } else {
                a = static_cast<int>(parse_weekday(part.substr(0, dash), field));
                b = static_cast<int>(parse_weekday(part.substr(dash + 1), field));
            }
        } catch (const ValidationError&) {
            return fail("unknown weekday \"" + std::string(part) + "\" (use mon, tue, ..., sun)");
        }
        // Outside the try, so this message is not replaced by the unknown-weekday one.
        if (b < a) return fail("weekday range must run forward (mon-fri, not fri-mon)");
        for (int d = a; d <= b; ++d) w.weekdays |= static_cast<std::uint8_t>(1U << d);
    }
    const auto dash = times.find('-');
    if (dash == std::string_view::npos) return fail("expected a time range such as 09:00-12:00");
    w.start_minute = parse_time(detail::trim(times.substr(0, dash)));
    w.end_minute = parse_time(detail::trim(times.substr(dash + 1)));
    if (w.start_minute < 0 || w.end_minute < 0) return fail("times must be HH:MM between 00:00 and 24:00");
    if (w.end_minute <= w.start_minute) return fail("the window must end after it starts");
    return w;
}

std::string VisitingWindow::str() const {
    std::string days;
    int d = 0;
    while (d < 7) {
        if (!open_on(static_cast<Weekday>(d))) {
            ++d;
            continue;
        }
        int e = d;
        while (e + 1 < 7 && open_on(static_cast<Weekday>(e + 1))) ++e;
        if (!days.empty()) days += ',';
        days += to_string(static_cast<Weekday>(d));
        if (e > d) {
            days += e == d + 1 ? ',' : '-';
            days += to_string(static_cast<Weekday>(e));
        }
        d = e + 1;
    }
    return days + ' ' + fmt_time(start_minute) + '-' + fmt_time(end_minute);
}

std::vector<VisitingWindow> windows_on(const std::vector<VisitingWindow>& all, Weekday d) {
    std::vector<VisitingWindow> out;
    for (const auto& w : all)
        if (w.open_on(d)) out.push_back(w);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.start_minute < b.start_minute; });
    return out;
}

std::string to_string(const std::vector<VisitingWindow>& windows) {
    std::string out;
    for (const auto& w : windows) {
        if (!out.empty()) out += "; ";
        out += w.str();
    }
    return out;
}

std::vector<VisitingWindow> parse_visiting_hours(std::string_view text, std::string_view field) {
    std::vector<VisitingWindow> out;
    for (auto part : detail::split(text, ';')) {
        part = detail::trim(part);
        if (!part.empty()) out.push_back(VisitingWindow::parse(part, field));
    }
    return out;
}

}  // namespace omilcrm
