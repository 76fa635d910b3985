// The pure rules of partners and participants (partners_rules.hpp).
#include "partners_rules.hpp"

#include "omilcrm/error.hpp"
#include "text.hpp"

namespace omilcrm::detail {

Participant participant_of(const NewParticipant& in, const std::string& field) {
    Participant p;
    p.name = std::string(trim(in.name));
    if (p.name.empty()) throw ValidationError(field + ".name", in.name, "is required");
    check_text((field + ".name").c_str(), p.name);
    p.role = std::string(trim(in.role));
    check_text((field + ".role").c_str(), p.role);
    p.organisation = std::string(trim(in.organisation));
    check_text((field + ".organisation").c_str(), p.organisation);
    p.partner_id = in.partner_id;
    p.department_id = in.department_id;
    const int from = int(p.partner_id.has_value()) + int(p.department_id.has_value()) + int(!p.organisation.empty());
    if (from == 0)
        throw ValidationError(field, p.name,
                              "needs where the person comes from: a partner, a department or an organisation");
    if (from > 1) throw ValidationError(field, p.name, "gives more than one of partner, department and organisation");
    return p;
}

bool name_matches(std::string_view name, std::string_view query) {
    const std::string q = fold_text(trim(query));
    if (q.empty()) return true;
    return fold_text(name).find(q) != std::string::npos;
}

std::vector<KindActivity> activity_by_kind(const std::vector<PartnerActivity>& partners) {
    std::vector<KindActivity> out;
    for (std::size_t k = 0; k < enum_names<PartnerKind>().size(); ++k) {
        KindActivity row;
        row.kind = static_cast<PartnerKind>(k);
        out.push_back(row);
    }
    for (const auto& p : partners) {
        KindActivity& row = out[static_cast<std::size_t>(p.kind)];
        ++row.partners;
        row.co_hosted += p.co_hosted;
        row.invited += p.invited;
        row.attended += p.attended;
        row.showings += p.showings;
        row.interactions += p.interactions;
    }
    return out;
}

KindActivity activity_total(const std::vector<KindActivity>& rows) {
    KindActivity t;
    for (const auto& r : rows) {
        t.partners += r.partners;
        t.co_hosted += r.co_hosted;
        t.invited += r.invited;
        t.attended += r.attended;
        t.showings += r.showings;
        t.interactions += r.interactions;
    }
    return t;
}

}  // namespace omilcrm::detail
