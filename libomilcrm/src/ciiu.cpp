#include "omilcrm/ciiu.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <stdexcept>

#include "csv_records.hpp"
#include "omilcrm/error.hpp"
#include "text.hpp"

namespace omilcrm::data {
// Generated from libomilcrm/data/ciiu4cl/ciiu4cl_2012.csv by cmake/EmbedData.cmake.
std::string_view ciiu4cl_csv(std::size_t i);
}  // namespace omilcrm::data

namespace omilcrm::ciiu {

namespace {

struct Data {
    std::vector<Activity> codes;  // the classification's order
    std::map<std::string, std::size_t> by_code;
    std::vector<std::string> folded;  // each label, folded, for search()

    Data() {
        const std::string_view csv = data::ciiu4cl_csv(0);
        std::size_t pos = 0;
        detail::next_csv_record(csv, pos);  // header: code,level,label
        std::map<std::string, std::string> section_of_division;
        std::string section;
        while (pos < csv.size()) {
            auto f = detail::next_csv_record(csv, pos);
            if (f.size() == 1 && detail::trim(f[0]).empty()) continue;
            if (f.size() != 3) throw std::logic_error("ciiu4cl data: expected 3 fields in a row");
            Activity a;
            a.code = std::string(detail::trim(f[0]));
            const auto level = detail::trim(f[1]);
            std::from_chars(level.data(), level.data() + level.size(), a.level);
            a.label = std::string(detail::trim(f[2]));
            const bool letter = a.code.size() == 1 && a.code[0] >= 'A' && a.code[0] <= 'Z';
            if (a.level == 1 && letter) {
                section = a.code;
            } else if (a.level < 2 || a.level > 5 || a.code.size() != static_cast<std::size_t>(a.level) ||
                       a.code.find_first_not_of("0123456789") != std::string::npos || section.empty()) {
                throw std::logic_error("ciiu4cl data: bad row for code " + a.code);
            }
            if (a.level == 2) section_of_division[a.code] = section;
            a.section = a.level == 1 ? a.code : section_of_division.at(a.code.substr(0, 2));
            if (!by_code.emplace(a.code, codes.size()).second)
                throw std::logic_error("ciiu4cl data: code twice: " + a.code);
            folded.push_back(detail::fold_text(a.label));
            codes.push_back(std::move(a));
        }
    }
};

const Data& data() {
    static const Data d;  // built once, thread-safe
    return d;
}

std::string key_of(std::string_view code) {
    std::string key(detail::trim(code));
    if (key.size() == 1 && key[0] >= 'a' && key[0] <= 'z') key[0] = static_cast<char>(key[0] - 'a' + 'A');
    return key;
}

}  // namespace

std::span<const Activity> all() { return data().codes; }

const Activity* find(std::string_view code) noexcept {
    try {
        const auto& d = data();
        const auto it = d.by_code.find(key_of(code));
        return it == d.by_code.end() ? nullptr : &d.codes[it->second];
    } catch (...) {
        return nullptr;
    }
}

const Activity& activity(std::string_view code, std::string_view field) {
    const std::string key = key_of(code);
    if (const Activity* a = find(key)) return *a;
    const bool digits = !key.empty() && key.find_first_not_of("0123456789") == std::string::npos;
    if (digits && key.size() == 6) {  // an SII activity code: a subclass or a class and two digits
        if (const Activity* a = find(key.substr(0, 5)); a && a->level == 5) return *a;
        if (const Activity* a = find(key.substr(0, 4)); a && a->level == 4) return *a;
    }
    std::string why =
        "no such CIIU4.CL 2012 activity (a section letter A-U, or 2 to 5 digits such as 49230; an SII code has 6)";
    if (digits && key.size() >= 1 && key.size() <= 5)
        if (const Activity* a = find("0" + key))
            why = "no such CIIU4.CL 2012 activity; did you mean " + a->code + " (" + a->label +
                  ")? A spreadsheet may have dropped its leading zero";
    throw ValidationError(std::string(field), std::string(code), why);
}

std::vector<const Activity*> path(std::string_view code) {
    const Activity& a = activity(code);
    std::vector<const Activity*> out{find(a.section)};
    for (std::size_t n = 2; n <= a.code.size() && a.level >= 2; ++n) out.push_back(find(a.code.substr(0, n)));
    return out;
}

std::vector<const Activity*> search(std::string_view words, std::size_t limit) {
    std::vector<std::string> wanted;
    // Each word folded alone (fold_text drops spaces); labels are folded whole, so a word is
    // found inside them as it is inside the words of the label.
    detail::for_each_item(
        words,
        [&](std::string_view w) {
            if (auto f = detail::fold_text(w); !f.empty()) wanted.push_back(std::move(f));
        },
        ' ');
    std::vector<const Activity*> out;
    if (wanted.empty() || limit == 0) return out;
    const auto& d = data();
    for (int level = 5; level >= 1 && out.size() < limit; --level)
        for (std::size_t i = 0; i < d.codes.size() && out.size() < limit; ++i) {
            if (d.codes[i].level != level) continue;
            const std::string& label = d.folded[i];
            if (std::all_of(wanted.begin(), wanted.end(),
                            [&](const std::string& w) { return label.find(w) != std::string::npos; }))
                out.push_back(&d.codes[i]);
        }
    return out;
}

}  // namespace omilcrm::ciiu
