#include "omilcrm/json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>

#include "text.hpp"

namespace omilcrm {

namespace {

void write_number(std::string& out, double v) {
    if (!std::isfinite(v)) {
        out += "null";
        return;
    }
    char buf[32];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, end);
    // "3" would read back as an integer; keep it a number with a fraction for typed readers.
    if (std::string_view(buf, static_cast<std::size_t>(end - buf)).find_first_of(".eEn") == std::string_view::npos)
        out += ".0";
}

void write_string(std::string& out, std::string_view s) { out += boost::json::serialize(boost::json::string_view(s)); }

void write(std::string& out, const boost::json::value& v, int indent, int depth) {
    const auto newline = [&](int d) {
        if (indent < 0) return;
        out += '\n';
        out.append(static_cast<std::size_t>(indent * d), ' ');
    };
    switch (v.kind()) {
        case boost::json::kind::null: out += "null"; break;
        case boost::json::kind::bool_: out += v.get_bool() ? "true" : "false"; break;
        case boost::json::kind::int64: out += std::to_string(v.get_int64()); break;
        case boost::json::kind::uint64: out += std::to_string(v.get_uint64()); break;
        case boost::json::kind::double_: write_number(out, v.get_double()); break;
        case boost::json::kind::string: write_string(out, v.get_string()); break;
        case boost::json::kind::array: {
            const auto& a = v.get_array();
            out += '[';
            for (std::size_t i = 0; i < a.size(); ++i) {
                if (i) out += ',';
                newline(depth + 1);
                write(out, a[i], indent, depth + 1);
            }
            if (!a.empty()) newline(depth);
            out += ']';
            break;
        }
        case boost::json::kind::object: {
            const auto& o = v.get_object();
            out += '{';
            bool first = true;
            for (const auto& [k, item] : o) {
                if (!first) out += ',';
                first = false;
                newline(depth + 1);
                write_string(out, k);
                out += indent < 0 ? ":" : ": ";
                write(out, item, indent, depth + 1);
            }
            if (!o.empty()) newline(depth);
            out += '}';
            break;
        }
    }
}

}  // namespace

std::string json_text(const boost::json::value& v) {
    std::string out;
    write(out, v, -1, 0);
    return out;
}

std::string json_pretty(const boost::json::value& v) {
    std::string out;
    write(out, v, 2, 0);
    out += '\n';
    return out;
}

boost::json::value parse_json(std::string_view text, std::string_view field) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(boost::json::string_view(text), ec);
    if (ec) {
        const std::string shown = detail::printable(text.substr(0, 80)) + (text.size() > 80 ? "..." : "");
        throw ValidationError(std::string(field), shown, "is not JSON (" + ec.message() + ")");
    }
    return v;
}

Timestamp parse_timestamp(std::string_view text, std::string_view field) {
    const auto bad = [&]() -> ValidationError {
        return ValidationError(std::string(field), detail::printable(text),
                               "is not an ISO 8601 time such as 2026-11-23T14:12:22Z");
    };
    if (text.size() < 20 || (text[10] != 'T' && text[10] != 't' && text[10] != ' ')) throw bad();
    Date day;
    try {
        day = Date::parse(text.substr(0, 10), field);
    } catch (const ValidationError&) {
        throw bad();
    }
    const auto digits = [&](std::size_t at, std::size_t n, int max) {
        int v = 0;
        for (std::size_t i = at; i < at + n; ++i) {
            if (i >= text.size() || text[i] < '0' || text[i] > '9') throw bad();
            v = v * 10 + (text[i] - '0');
        }
        if (v > max) throw bad();
        return v;
    };
    if (text[13] != ':' || text[16] != ':') throw bad();
    const int h = digits(11, 2, 23), m = digits(14, 2, 59), s = digits(17, 2, 59);
    std::size_t at = 19;
    std::int64_t micros = 0;
    if (at < text.size() && text[at] == '.') {
        std::size_t n = 0;
        ++at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
            if (n == 6) throw bad();
            micros = micros * 10 + (text[at] - '0');
            ++n;
            ++at;
        }
        if (n == 0) throw bad();
        for (; n < 6; ++n) micros *= 10;
    }
    std::int64_t offset_minutes = 0;
    const std::string_view zone = text.substr(at);
    if (zone == "Z" || zone == "z") {
    } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
        offset_minutes = digits(at + 1, 2, 23) * 60 + digits(at + 4, 2, 59);
        if (zone[0] == '-') offset_minutes = -offset_minutes;
    } else {
        throw bad();
    }
    const std::int64_t seconds = day.days() * 86400 + h * 3600 + m * 60 + s - offset_minutes * 60;
    return Timestamp(std::chrono::microseconds(seconds * 1'000'000 + micros));
}

boost::json::array table_json(const Table& t) { return table_json(t, 0, t.rows()); }

boost::json::array table_json(const Table& t, std::size_t first, std::size_t count) {
    boost::json::array out;
    const std::size_t end = first >= t.rows() ? first : first + std::min(count, t.rows() - first);
    out.reserve(end - first);
    for (std::size_t r = first; r < end; ++r) {
        boost::json::object row;
        row.reserve(t.columns().size());
        for (const auto& c : t.columns()) {
            boost::json::value v;
            if (c.valid[r]) {
                switch (c.type) {
                    case ColumnType::Int: v = c.ints[r]; break;
                    case ColumnType::Bool: v = c.ints[r] != 0; break;
                    case ColumnType::Real: v = c.reals[r]; break;
                    case ColumnType::Text: v = boost::json::string(c.texts[r]); break;
                    case ColumnType::Date: v = boost::json::string(Date::from_days(c.ints[r]).iso()); break;
                    case ColumnType::Timestamp:
                        v = boost::json::string(to_iso(Timestamp(std::chrono::microseconds(c.ints[r]))));
                        break;
                }
            }
            row.emplace(c.name, std::move(v));
        }
        out.push_back(std::move(row));
    }
    return out;
}

namespace detail_json {

std::string shown(const boost::json::value& v) {
    if (v.is_string()) return detail::printable(std::string_view(v.get_string()).substr(0, 200));
    std::string text = json_text(v);
    if (text.size() > 200) text = text.substr(0, 200) + "...";
    return text;
}

void wrong_kind(std::string_view field, const boost::json::value& v, std::string_view expected) {
    throw ValidationError(std::string(field), shown(v), "expected " + std::string(expected));
}

std::int64_t read_int(const boost::json::value& v, std::string_view field) {
    if (v.is_int64()) return v.get_int64();
    if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return static_cast<std::int64_t>(v.get_uint64());
    if (v.is_double()) {
        const double d = v.get_double();
        if (std::isfinite(d) && d == std::trunc(d) && std::abs(d) < 9.0e15) return static_cast<std::int64_t>(d);
    }
    wrong_kind(field, v, "an integer");
}

double read_number(const boost::json::value& v, std::string_view field) {
    if (v.is_double()) return v.get_double();
    if (v.is_int64()) return static_cast<double>(v.get_int64());
    if (v.is_uint64()) return static_cast<double>(v.get_uint64());
    wrong_kind(field, v, "a number");
}

const boost::json::string& read_text(const boost::json::value& v, std::string_view field) {
    if (!v.is_string()) wrong_kind(field, v, "a text");
    const auto& s = v.get_string();
    detail::check_text(std::string(field).c_str(), std::string_view(s));
    return s;
}

boost::json::value time_of_day_json(int minute) { return boost::json::string(detail::hhmm(minute)); }

int read_time_of_day(const boost::json::value& v, std::string_view field) {
    if (v.is_int64() && v.get_int64() >= 0 && v.get_int64() < 24 * 60) return static_cast<int>(v.get_int64());
    if (v.is_string()) {
        const std::string_view s = v.get_string();
        const auto colon = s.find(':');
        int h = -1, m = -1;
        if (colon != std::string_view::npos && colon >= 1 && colon <= 2 && s.size() == colon + 3) {
            const auto rh = std::from_chars(s.data(), s.data() + colon, h);
            const auto rm = std::from_chars(s.data() + colon + 1, s.data() + s.size(), m);
            if (rh.ec != std::errc{} || rh.ptr != s.data() + colon || rm.ec != std::errc{} ||
                rm.ptr != s.data() + s.size())
                h = -1;
        }
        if (h >= 0 && h < 24 && m >= 0 && m < 60) return h * 60 + m;
    }
    wrong_kind(field, v, "a time of day such as \"09:30\"");
}

const boost::json::array& read_array(const boost::json::value& v, std::string_view field) {
    if (!v.is_array()) wrong_kind(field, v, "a list");
    return v.get_array();
}

const boost::json::object& read_object(const boost::json::value& v, std::string_view field) {
    if (!v.is_object()) wrong_kind(field, v, "an object");
    return v.get_object();
}

std::string item_path(std::string_view field, std::size_t i) {
    return std::string(field) + "[" + std::to_string(i) + "]";
}

void unknown_field(std::string_view key, const boost::json::value& v, std::string_view what,
                   const std::string& choices) {
    const bool vowel = !what.empty() && std::string_view("aeiou").find(what.front()) != std::string_view::npos;
    throw ValidationError(detail::printable(key), shown(v),
                          std::string(vowel ? "is not an " : "is not a ") + std::string(what) + " field (" + choices +
                              ")");
}

void missing_field(std::string_view field) { throw ValidationError(std::string(field), "", "is required"); }

}  // namespace detail_json

}  // namespace omilcrm
