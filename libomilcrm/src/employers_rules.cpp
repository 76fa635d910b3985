// Employers' rules without a database: change logs, the default owner, the memberships import.
#include "employers_rules.hpp"

#include "omilcrm/ciiu.hpp"
#include "text.hpp"

namespace omilcrm::detail {

std::string activity_code(std::string_view text) {
    if (trim(text).empty()) return {};
    return ciiu::activity(text, "activity").code;
}

namespace {

std::string coordinate_text(const std::optional<double>& v) { return v ? std::to_string(*v) : std::string(); }

// Appends the change of one field when its value differs.
struct Diff {
    std::vector<FieldChange>& out;
    void operator()(std::string field, std::string old_value, std::string new_value) const {
        if (old_value == new_value) return;
        check_text(field.c_str(), new_value);
        out.push_back({std::move(field), std::move(old_value), std::move(new_value)});
    }
};

}  // namespace

std::vector<FieldChange> employer_changes(const Employer& before, const Employer& after) {
    std::vector<FieldChange> out;
    const Diff diff{out};
    diff("legal_name", before.legal_name, after.legal_name);
    diff("trade_name", before.trade_name, after.trade_name);
    diff("sector", before.sector, after.sector);
    diff("activity", before.activity, after.activity);
    diff("size", std::string(to_string(before.size)), std::string(to_string(after.size)));
    diff("address", before.address, after.address);
    diff("commune", before.commune_code, after.commune_code);
    diff("latitude", coordinate_text(before.latitude), coordinate_text(after.latitude));
    diff("longitude", coordinate_text(before.longitude), coordinate_text(after.longitude));
    diff("visiting_hours", to_string(before.visiting_hours), to_string(after.visiting_hours));
    diff("status", std::string(to_string(before.status)), std::string(to_string(after.status)));
    diff("notes", before.notes, after.notes);
    diff("segment", before.segment, after.segment);
    diff("lead_source", std::string(to_string(before.lead_source)), std::string(to_string(after.lead_source)));
    diff("lead_detail", before.lead_detail, after.lead_detail);
    return out;
}

std::vector<FieldChange> contact_changes(const Contact& before, const Contact& after) {
    std::vector<FieldChange> out;
    const std::string prefix = "contact " + std::to_string(before.meta.id) + " ";
    auto diff = [&](const char* field, const std::string& a, const std::string& b) {
        if (a == b) return;
        check_text(field, b);
        out.push_back({prefix + field, a, b});
    };
    diff("name", before.name, after.name);
    diff("role", before.role, after.role);
    diff("email", before.email, after.email);
    diff("phone", before.phone, after.phone);
    return out;
}

std::optional<Id> default_owner(const std::vector<StaffMember>& staff, Date today) {
    for (StaffRole role : {StaffRole::TerritorialManager, StaffRole::Head})
        for (const auto& m : staff)
            if (m.role == role && m.active_on(today)) return m.meta.id;
    return std::nullopt;
}

MembershipRowPlan plan_membership_row(const std::vector<Membership>& periods, Id employer_id, Date joined,
                                      std::optional<Date> left) {
    std::optional<Membership> known, later;
    bool overlaps = false;  // another period of the employer covers the file's joining date
    for (const auto& m : periods) {
        if (m.employer_id != employer_id) continue;
        if (m.joined == joined) known = m;
        else if (!m.left && joined < m.joined) later = m;
        else if (m.joined < joined && (!m.left || joined < *m.left)) overlaps = true;
    }
    if (!known && later && !overlaps && (!left || *left > later->joined))
        return {MembershipRowAction::MoveJoined, later->joined};
    if (!known) return {MembershipRowAction::Add, {}};
    if (left && !known->left) return {MembershipRowAction::Close, {}};
    return {MembershipRowAction::Unchanged, {}};
}

}  // namespace omilcrm::detail
