// Clusters of employers: members over time, a representative, a meeting rhythm, the meetings'
// calendar and attendance.
#include <algorithm>

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "checks.hpp"
#include "store/clusters.hpp"
#include "text.hpp"

namespace omilcrm {

Cluster Clusters::add(const NewCluster& in) {
    detail::WriteScope write(*db_);
    detail::check_office(*db_, in.office_id);
    Cluster c;
    c.office_id = in.office_id;
    c.name = std::string(detail::trim(in.name));
    if (c.name.empty()) throw ValidationError("name", in.name, "is required");
    c.kind = in.kind;
    c.meets = in.meets;
    c.notes = in.notes;
    c.meta = detail::new_meta(*db_);
    store::insert_cluster(*db_, c);
    return c;
}

Cluster Clusters::get(Id id) const {
    auto c = store::find_cluster(*db_, id);
    if (!c) throw NotFound("cluster", std::to_string(id));
    return std::move(*c);
}

std::vector<Cluster> Clusters::list(Id office_id) const {
    detail::check_office(*db_, office_id);
    return store::list_clusters(*db_, office_id);
}

Membership Clusters::add_member(Id cluster_id, Id employer_id, Date joined) {
    detail::WriteScope write(*db_);
    const Cluster c = get(cluster_id);
    const Employer e = Employers(*db_).get(employer_id);
    if (e.office_id != c.office_id)
        throw ValidationError("employer", std::to_string(employer_id),
                              "belongs to another office than cluster \"" + c.name + "\"");
    // Overlapping periods are refused: a member cannot join again before leaving.
    for (const auto& m : memberships(cluster_id)) {
        if (m.employer_id != employer_id) continue;
        if (!m.left || joined < *m.left)
            throw Conflict(e.legal_name + " is already a member of " + c.name + " since " + m.joined.iso());
    }
    store::insert_membership(*db_, cluster_id, employer_id, joined);
    return {cluster_id, employer_id, joined, std::nullopt};
}

Membership Clusters::remove_member(Id cluster_id, Id employer_id, Date left) {
    detail::WriteScope write(*db_);
    const Cluster c = get(cluster_id);
    const auto current = store::current_membership(*db_, cluster_id, employer_id);
    if (!current) throw NotFound("current member of " + c.name + ": employer", std::to_string(employer_id));
    const Date joined = current->joined;
    if (left <= joined)
        throw ValidationError("left", left.iso(), "must be after the day the employer joined (" + joined.iso() + ")");
    store::set_membership_left(*db_, current->row, left);
    // A representative whose company left no longer speaks for the cluster.
    if (c.representative_id) {
        const Contact rep = Contacts(*db_).get(*c.representative_id);
        if (rep.employer_id == employer_id) store::set_cluster_representative(*db_, cluster_id, std::nullopt);
    }
    return {cluster_id, employer_id, joined, left};
}

std::vector<Id> Clusters::members(Id cluster_id, Date as_of) const {
    return store::cluster_members(*db_, cluster_id, as_of);
}

std::vector<Membership> Clusters::memberships(Id cluster_id) const { return store::list_memberships(*db_, cluster_id); }

std::vector<Id> Clusters::clusters_of(Id employer_id, Date as_of) const {
    return store::clusters_of_employer(*db_, employer_id, as_of);
}

Cluster Clusters::set_representative(Id cluster_id, Id contact_id) {
    detail::WriteScope write(*db_);
    const Cluster c = get(cluster_id);
    const Contact contact = Contacts(*db_).get(contact_id);
    if (!store::current_membership(*db_, cluster_id, contact.employer_id))
        throw ValidationError("representative", std::to_string(contact_id),
                              contact.name + " works for an employer that is not a member of " + c.name);
    store::set_cluster_representative(*db_, cluster_id, contact_id);
    return get(cluster_id);
}

Cluster Clusters::set_meets(Id cluster_id, std::optional<Recurrence> meets) {
    detail::WriteScope write(*db_);
    get(cluster_id);
    store::set_cluster_meets(*db_, cluster_id, meets);
    return get(cluster_id);
}

std::vector<Date> Clusters::meetings(Id cluster_id, Date from, Date to) const {
    const Cluster c = get(cluster_id);
    if (!c.meets) return {};
    // No meeting is planned on a holiday (Chile's or the office's).
    const HolidayCalendar holidays = Requests(*db_).holidays(c.office_id);
    auto out = c.meets->occurrences(from, to);
    std::erase_if(out, [&](Date d) { return holidays.is_holiday(d); });
    return out;
}

// ---- Cluster meetings --------------------------------------------------------------------

std::vector<std::pair<Id, Date>> Clusters::upcoming(Id office_id, Date from, int days) const {
    detail::check_office(*db_, office_id);
    detail::check_not_negative("days", days);
    std::vector<std::pair<Id, Date>> out;
    const HolidayCalendar holidays = Requests(*db_).holidays(office_id);
    for (const auto& c : list(office_id))
        if (c.meets)
            for (Date d : c.meets->occurrences(from, from.add_days(days)))
                if (!holidays.is_holiday(d)) out.emplace_back(c.meta.id, d);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second < b.second : a.first < b.first;
    });
    return out;
}

Table Clusters::attendance(Id cluster_id) const {
    get(cluster_id);
    Table t;
    auto& meeting = t.add_column("interaction_id", ColumnType::Int);
    auto& date = t.add_column("date", ColumnType::Date);
    auto& employer_id = t.add_column("employer_id", ColumnType::Int);
    auto& employer = t.add_column("employer", ColumnType::Text);
    auto& attended = t.add_column("attended", ColumnType::Bool);
    for (const auto& a : store::cluster_attendance(*db_, cluster_id)) {
        meeting.push_int(a.interaction_id);
        date.push_int(a.on.days());
        employer_id.push_int(a.employer_id);
        employer.push_text(a.employer);
        attended.push_int(a.attended);
    }
    return t;
}

}  // namespace omilcrm
