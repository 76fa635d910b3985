#pragma once
#include <pybind11/pybind11.h>

#include <omilcrm/error.hpp>
#include <omilcrm/labour.hpp>
#include <omilcrm/matching.hpp>
#include <omilcrm/repository.hpp>

#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "casters.hpp"

namespace omilcrm::python {

/// A list of strings from None (empty), one str, or any iterable (each item through str()).
inline std::vector<std::string> strings_of(const pybind11::object& items) {
    std::vector<std::string> out;
    if (items.is_none()) return out;
    if (pybind11::isinstance<pybind11::str>(items)) return {items.cast<std::string>()};
    for (auto i : items) out.push_back(pybind11::str(i).cast<std::string>());
    return out;
}

/// Text in single quotes, for reprs.
inline std::string q(const std::string& s) { return "'" + s + "'"; }

/// Text in single quotes, with ' and \ escaped, for reprs.
inline std::string quoted(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    return out + "'";
}

/// "10:30", datetime.time(10, 30) or minutes after midnight; None stays None. Anything else is a
/// ValidationError naming `field`.
inline std::optional<int> minute_of(const pybind11::object& at, const char* field = "at") {
    if (at.is_none()) return std::nullopt;
    const auto refuse = [&] {
        return ValidationError(field, pybind11::repr(at).cast<std::string>(), "expected a time of day such as 10:30");
    };
    if (pybind11::isinstance<pybind11::int_>(at)) {
        try {
            return at.cast<int>();
        } catch (const pybind11::cast_error&) {
            throw refuse();
        }
    }
    if (pybind11::isinstance<pybind11::str>(at)) {
        const auto text = at.cast<std::string>();
        int h = 0, m = 0;
        char extra = 0;
        if (std::sscanf(text.c_str(), "%d:%d%c", &h, &m, &extra) != 2 || h < 0 || h > 23 || m < 0 || m > 59)
            throw ValidationError(field, text, "expected a time of day such as 10:30");
        return h * 60 + m;
    }
    if (pybind11::hasattr(at, "hour") && pybind11::hasattr(at, "minute")) {
        try {
            return at.attr("hour").cast<int>() * 60 + at.attr("minute").cast<int>();
        } catch (const pybind11::cast_error&) {
            throw refuse();
        }
    }
    throw refuse();
}

/// "HH:MM" for minutes after midnight; None for none.
inline pybind11::object hhmm(const std::optional<int>& m) {
    if (!m) return pybind11::none();
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", *m / 60, *m % 60);
    return pybind11::str(buf);
}

/// The id of an optional reference.
template <class T>
std::optional<Id> opt_ref(const std::optional<Ref<T>>& r) {
    if (!r) return std::nullopt;
    return r->id;
}

/// A report's period: a year, or start and end dates (inclusive).
inline std::pair<Date, Date> period_of(std::optional<int> year, std::optional<Date> start, std::optional<Date> end) {
    if (year) {
        if (start || end) throw ValidationError("year", std::to_string(*year), "give either year or start and end");
        return {Date(*year, 1, 1), Date(*year, 12, 31)};
    }
    if (!start) throw ValidationError("start", "", "is required (or give year)");
    if (!end) throw ValidationError("end", "", "is required (or give year)");
    return {*start, *end};
}

/// OpenOptions::interrupt for a Database opened from Python: true once Ctrl-C was pressed (the
/// statement stops, and Interrupted comes back to Python as the KeyboardInterrupt).
std::function<bool()> python_interrupt();

/// The Progress handed to a long C++ call from Python (`progress=` of the bulk calls and imports):
/// between rows it checks for Ctrl-C, raising KeyboardInterrupt (the call then rolls back), and
/// tells `callback` how far the call got, as callback(done, total): at the start, about every 1%
/// and at the end. `callback` is None (no report), a callable, or True for a progress bar
/// (tqdm's when installed, else a line on stderr) labelled `what`.
Progress python_progress(const pybind11::object& callback, const char* what);

/// The rows of a bulk call (an iterable of dicts), each built by `make`; a ValidationError names
/// the row: rows[3].rut.
template <class Make>
auto rows_of(const pybind11::iterable& rows, Make make, const char* name = "rows") {
    std::vector<decltype(make(std::declval<pybind11::dict>()))> out;
    std::size_t i = 0;
    for (auto row : rows) {
        if (i % 1024 == 1023 && PyErr_CheckSignals() != 0) throw pybind11::error_already_set();  // Ctrl-C
        try {
            out.push_back(make(pybind11::dict(pybind11::reinterpret_borrow<pybind11::object>(row))));
        } catch (const ValidationError& e) {
            throw ValidationError(name + ("[" + std::to_string(i) + "].") + e.field(), e.value(), e.reason());
        }
        ++i;
    }
    return out;
}

/// Runs `f`; a ValidationError about a field that the C++ API names one way and this Python call
/// another (`names`: {"captured_on", "on"}) is raised again under the Python keyword, also within
/// a row of a bulk call ("rows[3].captured_on" -> "rows[3].on"), so the error names what the
/// caller wrote.
template <class Names, class F>
decltype(auto) with_keywords(const Names& names, F&& f) {
    try {
        return f();
    } catch (const ValidationError& e) {
        const std::string& field = e.field();
        std::size_t start = 0;
        if (field.rfind("rows[", 0) == 0)
            if (const auto end = field.find("]."); end != std::string::npos) start = end + 2;
        for (const auto& [cpp, python] : names)
            if (std::string_view(field).substr(start) == cpp)
                throw ValidationError(field.substr(0, start) + std::string(python), e.value(), e.reason());
        throw;
    }
}

/// The id behind `v` (an id or a record of type T) for the dict key `key`; ValidationError
/// naming the key otherwise.
template <class T>
Id ref_of(const std::string& key, const pybind11::handle& v) {
    try {
        return v.cast<Ref<T>>().id;
    } catch (const pybind11::cast_error&) {
        throw ValidationError(
            key, pybind11::repr(v).cast<std::string>(),
            "expected an id or a " + pybind11::type_id<T>().substr(pybind11::type_id<T>().rfind(':') + 1));
    } catch (const NotFound&) {  // an int no id can be (past 64 bits): a bad value in a row
        throw ValidationError(key, pybind11::repr(v).cast<std::string>(), "is not the id of any " + record_label<T>());
    }
}

/// The ids in `items` (None, or an iterable of ids and records), for the argument `field`; an
/// item that is neither, or an int past 64 bits, is a ValidationError naming "field[i]".
inline std::vector<Id> ids_of(const pybind11::object& items, const std::string& field) {
    std::vector<Id> out;
    if (items.is_none()) return out;
    std::size_t i = 0;
    for (auto item : items) {
        const std::string at = field + "[" + std::to_string(i++) + "]";
        pybind11::object id = pybind11::reinterpret_borrow<pybind11::object>(item);
        if (!is_whole_number(item.ptr())) {
            if (!pybind11::hasattr(item, "id"))
                throw ValidationError(at, pybind11::repr(item).cast<std::string>(), "expected an id or a record");
            id = item.attr("id");
        }
        try {
            out.push_back(id.cast<Id>());
        } catch (const pybind11::cast_error&) {
            throw ValidationError(at, pybind11::repr(item).cast<std::string>(), "is not the id of any record");
        }
    }
    return out;
}

/// The dict value `v` of `key` as a T (a number, a date); ValidationError naming the key when it
/// is not one (`expected`: "an integer", "a date").
template <class T>
T value_of(const std::string& key, const pybind11::handle& v, const char* expected) {
    try {
        return v.cast<T>();
    } catch (const pybind11::cast_error&) {
        throw ValidationError(key, pybind11::repr(v).cast<std::string>(), std::string("expected ") + expected);
    } catch (const ValidationError& e) {  // a date given as text that is not one
        throw ValidationError(key, e.value(), e.reason());
    }
}

/// Shifts from None (none), one name or an iterable of names ("day", "night", ...).
inline std::vector<Shift> shifts_of(const pybind11::object& items) {
    std::vector<Shift> out;
    for (const auto& s : strings_of(items)) out.push_back(parse_enum<Shift>(s, "shifts"));
    return out;
}

/// A seeker's experience from {"9333": 24} or [("9333", 24), ...] (ISCO code: months).
inline std::vector<matching::Experience> experience_of(const pybind11::object& v) {
    std::vector<matching::Experience> out;
    if (v.is_none()) return out;
    if (pybind11::isinstance<pybind11::dict>(v)) {
        for (auto [k, m] : pybind11::reinterpret_borrow<pybind11::dict>(v))
            out.push_back(
                {pybind11::str(k).cast<std::string>(), value_of<int>("experience", m, "a whole number of months")});
        return out;
    }
    for (auto item : v) {
        auto pair = pybind11::reinterpret_borrow<pybind11::sequence>(item);
        if (pair.size() != 2)
            throw ValidationError("experience", pybind11::repr(item).cast<std::string>(),
                                  "expected (occupation, months)");
        out.push_back({pybind11::str(pair[0]).cast<std::string>(),
                       value_of<int>("experience", pair[1], "a whole number of months")});
    }
    return out;
}

void bind_errors(pybind11::module_& m);
void bind_values(pybind11::module_& m);
void bind_table(pybind11::module_& m);
void bind_offices(pybind11::module_& m);
void bind_cluster_records(pybind11::module_& m);
void bind_employers(pybind11::module_& m);
void bind_clusters(pybind11::module_& m);
void bind_duplicates(pybind11::module_& m);
void bind_portfolio(pybind11::module_& m);
void bind_partner_records(pybind11::module_& m);
void bind_department_records(pybind11::module_& m);
void bind_interactions(pybind11::module_& m);
void bind_partners(pybind11::module_& m);
void bind_cadence(pybind11::module_& m);
void bind_planning(pybind11::module_& m);
void bind_requests(pybind11::module_& m);
void bind_outbox(pybind11::module_& m);
void bind_isco(pybind11::module_& m);
void bind_ciiu(pybind11::module_& m);
void bind_vacancies(pybind11::module_& m);
void bind_seekers(pybind11::module_& m);
void bind_referrals(pybind11::module_& m);
void bind_placements(pybind11::module_& m);
void bind_programmes(pybind11::module_& m);
void bind_matching(pybind11::module_& m);
void bind_needs(pybind11::module_& m);
void bind_relationships(pybind11::module_& m);
void bind_reports(pybind11::module_& m);
void bind_workload(pybind11::module_& m);
void bind_open311(pybind11::module_& m);
void bind_outreach(pybind11::module_& m);
void bind_region(pybind11::module_& m);
void bind_imports(pybind11::module_& m);
void bind_access(pybind11::module_& m);
void bind_data_rights(pybind11::module_& m);
void bind_server(pybind11::module_& m);
void bind_database_handle(pybind11::module_& m);
}  // namespace omilcrm::python
