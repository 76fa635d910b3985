// The rules of needs as neighbours: pure functions over needs and their requests' states.
#include "needs_rules.hpp"

#include "reports_rules.hpp"

namespace omilcrm::detail {

NeedStatus need_status(bool dropped, std::optional<RequestStatus> request) {
    if (dropped) return NeedStatus::Dropped;
    if (!request) return NeedStatus::Open;
    if (*request == RequestStatus::Resolved || *request == RequestStatus::Closed) return NeedStatus::Served;
    return NeedStatus::Answered;
}

std::optional<double> NeedCounts::served_share() const noexcept {
    if (raised == 0) return std::nullopt;
    return double(served) / double(raised);
}

std::vector<NeedCounts> needs_report(const std::vector<EmployerNeed>& needs,
                                     const std::vector<std::pair<std::string, std::string>>& names, Date from,
                                     Date to) {
    std::map<std::string, NeedCounts> by;
    NeedCounts all{.category = "(all)", .name = "(all)"};
    for (const auto& n : needs) {
        if (!within(n.raised_on, from, to)) continue;
        for (NeedCounts* c : {&by[n.category], &all}) {
            ++c->raised;
            switch (n.status) {
                case NeedStatus::Open:
                    ++c->open;
                    break;
                case NeedStatus::Answered:
                    ++c->answered;
                    break;
                case NeedStatus::Served:
                    ++c->answered;  // a served need was answered first
                    ++c->served;
                    break;
                case NeedStatus::Dropped:
                    ++c->dropped;
                    break;
            }
        }
    }
    std::vector<NeedCounts> out;
    for (const auto& [code, name] : names) {
        const auto it = by.find(code);
        if (it == by.end() || code.empty()) continue;
        NeedCounts c = it->second;
        c.category = code;
        c.name = name;
        out.push_back(std::move(c));
        by.erase(it);
    }
    // Categories no longer in the catalogue under their code, then free text as "(other)".
    for (auto& [code, c] : by) {
        if (code.empty()) continue;
        c.category = code;
        c.name = code;
        out.push_back(std::move(c));
    }
    if (const auto other = by.find(""); other != by.end()) {
        other->second.name = "(other)";
        out.push_back(std::move(other->second));
    }
    out.push_back(std::move(all));
    return out;
}

}  // namespace omilcrm::detail
