// Education levels, employment types, shifts, driving licences and skills.
#include "omilcrm/labour.hpp"

#include <algorithm>
#include <array>

#include "omilcrm/error.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {

constexpr std::array<std::string_view, 6> kSchemaOrgTypes = {"FULL_TIME",  "PART_TIME", "TEMPORARY",
                                                             "CONTRACTOR", "INTERN",    "OTHER"};
constexpr std::array<std::string_view, 10> kLicences = {"A1", "A2", "A3", "A4", "A5", "B", "C", "D", "E", "F"};

template <std::size_t N, class E>
std::string_view name_of(const std::array<std::string_view, N>& names, E e) noexcept {
    const auto i = static_cast<std::size_t>(e);
    return i < N ? names[i] : std::string_view{};
}

bool is_space(unsigned char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

}  // namespace

std::string_view schema_org_name(EmploymentType t) noexcept { return name_of(kSchemaOrgTypes, t); }

std::string normalize_licence(std::string_view text, std::string_view field) {
    // Upper case without spaces, '-', '_' or '.', and without a leading "clase"/"class": "clase a-2",
    // " A 2 " and "a2" all read "A2".
    std::string key;
    for (const char ch : text) {
        if (is_space(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.') continue;
        key.push_back(ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 'a' + 'A') : ch);
    }
    for (std::string_view prefix : {"CLASE", "CLASS"})
        if (key.size() > prefix.size() && key.compare(0, prefix.size(), prefix) == 0) {
            key.erase(0, prefix.size());
            break;
        }
    for (auto l : kLicences)
        if (key == l) return std::string(l);
    std::string options;
    for (auto l : kLicences) {
        if (!options.empty()) options += ", ";
        options += l;
    }
    throw ValidationError(std::string(field), std::string(text),
                          "not a Chilean driving licence class; expected one of " + options);
}

std::vector<std::string> normalize_licences(const std::vector<std::string>& in, std::string_view field) {
    std::vector<std::string> out;
    out.reserve(in.size());
    for (const auto& l : in) out.push_back(normalize_licence(l, field));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::string normalize_skill(std::string_view text, std::string_view field) {
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    auto put = [&](char c) {
        if (pending_space && !out.empty()) out.push_back(' ');
        pending_space = false;
        out.push_back(c);
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (is_space(c)) {
            pending_space = true;
        } else if (c < 0x80) {
            put(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c));
        } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
            ++i;  // no-break space
            pending_space = true;
        } else if (c == 0xC3 && i + 1 < text.size()) {
            const auto next = static_cast<unsigned char>(text[++i]);
            if (const char f = detail::fold_latin1(next)) {
                put(f);
            } else {
                put(static_cast<char>(c));
                out.push_back(static_cast<char>(next));
            }
        } else {
            put(static_cast<char>(c));  // other UTF-8 bytes are kept as they are
        }
    }
    if (out.empty()) throw ValidationError(std::string(field), std::string(text), "a skill must not be empty");
    if (out.find(',') != std::string::npos)
        throw ValidationError(std::string(field), std::string(text),
                              "a skill must not contain ',' (give each skill as its own item)");
    return out;
}

std::vector<std::string> normalize_skills(const std::vector<std::string>& in, std::string_view field) {
    std::vector<std::string> out;
    out.reserve(in.size());
    for (const auto& s : in) out.push_back(normalize_skill(s, field));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace omilcrm
