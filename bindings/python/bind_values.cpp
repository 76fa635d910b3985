// Domain values: Rut, territory, visiting hours, recurrence, enumerations.
#include <pybind11/stl.h>

#include <omilcrm/date.hpp>
#include <omilcrm/recurrence.hpp>
#include <omilcrm/rut.hpp>
#include <omilcrm/territory.hpp>
#include <omilcrm/time_zone.hpp>
#include <omilcrm/employers.hpp>
#include <omilcrm/visiting_hours.hpp>

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

void bind_values(py::module_& m) {
    py::class_<Rut>(m, "Rut", "A Chilean RUT: body digits and a modulo-11 check digit.")
        .def(py::init<std::string_view>(), "text"_a,
             "Parses '76.086.428-5', '76086428-5' or '760864285' (spaces and a lowercase k are "
             "fine). Raises ValidationError when the check digit is wrong.")
        .def_static("is_valid", &Rut::is_valid, "text"_a, "True when text is a valid RUT.")
        .def_static("from_body", &Rut::from_body, "body"_a, "The RUT with this body and its check digit.")
        .def_static(
            "check_digit_for", [](std::uint32_t body) { return std::string(1, Rut::check_digit_for(body)); }, "body"_a,
            "The modulo-11 check digit of a RUT body, as a one-character str ('0'-'9' or 'K'): "
            "Rut.check_digit_for(76086428) == '5'.")
        .def_property_readonly("body", &Rut::body, "The digits before the check digit, as an int (76086428).")
        .def_property_readonly(
            "check_digit", [](const Rut& r) { return std::string(1, r.check_digit()); },
            "The check digit, a one-character str ('0'-'9' or 'K').")
        .def_property_readonly("compact", &Rut::compact,
                               "The RUT without dots or dash, as stored and compared: '760864285'. str(rut) "
                               "gives '76.086.428-5'.")
        .def("__str__", &Rut::str)
        .def("__repr__", [](const Rut& r) { return "Rut('" + r.str() + "')"; })
        .def(
            "__eq__", [](const Rut& a, const Rut& b) { return a == b; }, py::is_operator())
        .def(
            "__lt__", [](const Rut& a, const Rut& b) { return a < b; }, py::is_operator())
        .def("__hash__", [](const Rut& r) { return std::hash<std::uint32_t>{}(r.body()); });

    py::class_<Region>(m, "Region", "One of Chile's 16 regions, with its CUT code: territory.region('Valparaíso').")
        .def_readonly("code", &Region::code, "The CUT code, two digits: '05'.")
        .def_readonly("name", &Region::name, "The official name: 'Región de Valparaíso'.")
        .def_readonly("short_name", &Region::short_name, "The name in short: 'Valparaíso'.")
        .def_readonly("abbreviation", &Region::abbreviation, "The usual abbreviation: 'VALPO'.")
        .def_readonly("iso_code", &Region::iso_code, "The ISO 3166-2 code: 'CL-VS'.")
        .def("__repr__", [](const Region& r) { return "Region(code='" + r.code + "', name='" + r.name + "')"; });
    py::class_<Province>(m, "Province",
                         "One of Chile's 56 provinces, with its CUT code: territory.province('Quillota').")
        .def_readonly("code", &Province::code, "The CUT code, three digits: '051'.")
        .def_readonly("name", &Province::name, "The name: 'Valparaíso'.")
        .def_readonly("region_code", &Province::region_code, "The CUT code of its region: '05'.")
        .def("__repr__", [](const Province& p) { return "Province(code='" + p.code + "', name='" + p.name + "')"; });
    py::class_<Commune>(m, "Commune",
                        "One of Chile's 346 communes, with its CUT code: territory.commune('concon').code == "
                        "'05103'.")
        .def_readonly("code", &Commune::code, "The CUT code, five digits: '05103'.")
        .def_readonly("name", &Commune::name, "The name, with its accents: 'Concón'.")
        .def_readonly("province_code", &Commune::province_code, "The CUT code of its province: '051'.")
        .def_readonly("region_code", &Commune::region_code, "The CUT code of its region: '05'.")
        .def("__repr__", [](const Commune& c) { return "Commune(code='" + c.code + "', name='" + c.name + "')"; });

    // Territory look-ups; the package re-exports them as omilcrm.territory.
    auto& t = m;
    t.def(
        "regions",
        [] {
            auto s = territory::regions();
            return std::vector<Region>(s.begin(), s.end());
        },
        "Chile's 16 regions, as a list of Region in code order.");
    t.def(
        "provinces",
        [] {
            auto s = territory::provinces();
            return std::vector<Province>(s.begin(), s.end());
        },
        "Chile's 56 provinces, as a list of Province in code order.");
    t.def(
        "communes",
        [] {
            auto s = territory::communes();
            return std::vector<Commune>(s.begin(), s.end());
        },
        "Chile's 346 communes, as a list of Commune in code order.");
    t.def(
        "commune", [](std::string_view key) { return territory::commune(key); }, "code_or_name"_a,
        "The Commune with this CUT code or name, ignoring case and accents ('05103', 'Concón', 'concon'). "
        "Raises ValidationError when unknown.");
    t.def(
        "province", [](std::string_view key) { return territory::province(key); }, "code_or_name"_a,
        "The Province with this CUT code or name, ignoring case and accents. Raises ValidationError when "
        "unknown.");
    t.def(
        "region", [](std::string_view key) { return territory::region(key); }, "code_or_name"_a,
        "The Region with this CUT code or name, ignoring case and accents. Raises ValidationError when "
        "unknown.");
    t.def(
        "find_commune",
        [](std::string_view key) -> std::optional<Commune> {
            if (const auto* c = territory::find_commune(key)) return *c;
            return std::nullopt;
        },
        "code_or_name"_a, "As commune(), but None when unknown.");

    py::class_<VisitingWindow>(m, "VisitingWindow", "When a company receives visits.")
        .def_static(
            "parse", [](std::string_view text) { return VisitingWindow::parse(text); }, "text"_a,
            "The window written as text: 'mon-fri 09:00-12:00', 'mon,wed 14:00-17:30', 'lun-vie 9:00-13:00' "
            "(English or Spanish day names). Raises ValidationError when it is not one.")
        .def_property_readonly(
            "weekdays",
            [](const VisitingWindow& w) {
                std::vector<std::string> out;
                for (int d = 0; d < 7; ++d)
                    if (w.open_on(static_cast<Weekday>(d))) out.emplace_back(to_string(static_cast<Weekday>(d)));
                return out;
            },
            "The days it is open, as a list of names: ['mon', 'tue', ...].")
        .def_readonly("start_minute", &VisitingWindow::start_minute,
                      "When visits start, in minutes after midnight (540 for 09:00).")
        .def_readonly("end_minute", &VisitingWindow::end_minute,
                      "When visits end, in minutes after midnight (720 for 12:00).")
        .def(
            "open_on", [](const VisitingWindow& w, std::string_view day) { return w.open_on(parse_weekday(day)); },
            "weekday"_a, "Whether it is open on a weekday given by name ('mon', 'lunes').")
        .def("__str__", &VisitingWindow::str)
        .def("__repr__", [](const VisitingWindow& w) { return "VisitingWindow('" + w.str() + "')"; })
        .def(
            "__eq__", [](const VisitingWindow& a, const VisitingWindow& b) { return a == b; }, py::is_operator());

    py::class_<Recurrence>(m, "Recurrence", "A meeting rhythm.")
        .def_static(
            "monthly",
            [](int week, std::string_view weekday) { return Recurrence::monthly(week, parse_weekday(weekday)); },
            "week"_a, "weekday"_a, "Monthly on the n-th weekday (week 1..4, or -1 for the last).")
        .def_static(
            "weekly",
            [](std::string_view weekday, int interval, std::optional<Date> anchor) {
                return Recurrence::weekly(parse_weekday(weekday), interval, anchor);
            },
            "weekday"_a, "interval"_a = 1, "anchor"_a = py::none(),
            "Every `interval` weeks on `weekday`, counting from the week of `anchor`.")
        .def_static(
            "parse", [](std::string_view text) { return Recurrence::parse(text); }, "text"_a,
            "The rhythm as str() writes it: 'monthly week=1 weekday=thu', 'weekly weekday=tue interval=2 "
            "anchor=2026-01-05'. Raises ValidationError when it is not one.")
        .def_property_readonly(
            "kind", [](const Recurrence& r) { return r.kind() == Recurrence::Kind::Monthly ? "monthly" : "weekly"; },
            "'monthly' or 'weekly'.")
        .def_property_readonly("week", &Recurrence::week,
                               "For monthly rhythms, which weekday of the month: 1 to 4, or -1 for the last.")
        .def_property_readonly(
            "weekday", [](const Recurrence& r) { return std::string(to_string(r.weekday())); },
            "The day of the week it falls on: 'mon' ... 'sun'.")
        .def_property_readonly("interval", &Recurrence::interval, "For weekly rhythms, every how many weeks.")
        .def_property_readonly(
            "anchor",
            [](const Recurrence& r) -> std::optional<Date> {
                if (r.kind() == Recurrence::Kind::Monthly) return std::nullopt;
                return r.anchor();
            },
            "For weekly rhythms, the date of a meeting the weeks are counted from.")
        .def("occurrences", &Recurrence::occurrences, "start"_a, "end"_a,
             "Every meeting date d with start <= d <= end.")
        .def("next", &Recurrence::next, "start"_a, "The first meeting on or after start.")
        .def("describe", &Recurrence::describe, "The rhythm in words, for people: 'first Thursday of each month'.")
        .def("__str__", &Recurrence::str)
        .def("__repr__", [](const Recurrence& r) { return "Recurrence.parse('" + r.str() + "')"; })
        .def(
            "__eq__", [](const Recurrence& a, const Recurrence& b) { return a == b; }, py::is_operator());

    m.def(
        "normalize_phone", [](std::string_view s) { return normalize_phone(s); }, "text"_a,
        "A Chilean phone number as '+56' and 9 digits: '9 8765 4321' -> '+56987654321', '(32) 212 3456' -> "
        "'+56322123456'; '' stays ''. Raises ValidationError when it is not one.");
    m.def(
        "normalize_email", [](std::string_view s) { return normalize_email(s); }, "text"_a,
        "The e-mail address lower-cased and checked: 'Ana@Acme.CL' -> 'ana@acme.cl'; '' stays ''. Raises "
        "ValidationError when it is not an address.");
    m.def(
        "today",
        [](std::optional<std::string_view> commune) {
            return commune ? SystemClock().today_in(territory::time_zone(*commune)) : SystemClock().today();
        },
        "commune"_a = py::none(),
        "Today's date in Chile's mainland time (America/Santiago), the date the library counts from when no "
        "clock is fixed; with `commune` (a code or name), today in that commune's time zone "
        "(territory.time_zone). Between midnight UTC and midnight in Chile it is the day before "
        "datetime.date.today() on a machine set to UTC.");
    m.def(
        "time_zone", [](std::string_view key) { return std::string(territory::time_zone(key)); }, "code_or_name"_a,
        "The time zone of a commune (code or name), as named in the tz database: 'Pacific/Easter' for Isla de "
        "Pascua, 'America/Punta_Arenas' for Magallanes, 'America/Coyhaique' for Aysén, 'America/Santiago' for "
        "the rest. Raises ValidationError when the commune is unknown.");
    m.def(
        "utc_offset_minutes",
        [](std::string_view zone, Timestamp when) { return zones::utc_offset_minutes(zone, when); }, "zone"_a, "when"_a,
        "The UTC offset of `zone` (a tz database name) at the instant `when` (a timezone-aware "
        "datetime.datetime), in minutes from the tz database: -180 for UTC-3. Raises ValidationError for an "
        "unknown zone.");
    m.def(
        "local_datetime", [](std::string_view zone, Timestamp when) { return zones::local_datetime(zone, when); },
        "zone"_a, "when"_a,
        "The instant `when` (a timezone-aware datetime.datetime) on a wall clock in `zone`, with its offset: "
        "'2026-07-07T10:00:00-03:00'.");
    m.def("tz_database_version", &zones::database_version,
          "The version of the tz database the library reads ('2025b'), from /usr/share/zoneinfo. Raises "
          "Error when the machine has no tz database (install its tzdata package).");
}

}  // namespace omilcrm::python
