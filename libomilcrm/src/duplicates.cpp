// Duplicate employers: the candidates (duplicates_rules over the office's employers), merging
// one employer into another and undoing it.
#include <cmath>
#include <string>
#include <unordered_map>

#include "duplicates_index.hpp"
#include "duplicates_rules.hpp"
#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "store/duplicates.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {

void check_min_score(double min_score) {
    if (!std::isfinite(min_score) || min_score < 0 || min_score > 1)
        throw ValidationError("min_score", std::to_string(min_score), "should be between 0 and 1");
}

std::optional<std::uint32_t> rut_body(const std::string& rut) {
    if (rut.empty() || !Rut::is_valid(rut)) return std::nullopt;
    return Rut(rut).body();
}

detail::DuplicateProfile profile_of(store::EmployerIdentity&& e) {
    return {.id = e.id,
            .rut_body = rut_body(e.rut),
            .legal_name = std::move(e.legal_name),
            .trade_name = std::move(e.trade_name),
            .address = std::move(e.address),
            .phones = std::move(e.phones),
            .emails = std::move(e.emails)};
}

std::string describe(const Employer& e) { return e.display_name() + " (" + e.rut.str() + ")"; }

// The staff member who merges or undoes: of the office, working there today.
void check_staff(detail::DbImpl& db, Id staff_id, Id office_id, Date today) {
    const StaffMember m = Staff(db).get(staff_id);
    if (m.office_id != office_id)
        throw ValidationError("by", std::to_string(staff_id), m.name + " works at another office");
    if (!m.active_on(today))
        throw ValidationError("by", std::to_string(staff_id),
                              m.name + " does not work at the office on " + today.iso());
}

detail::DuplicateIndex office_index(detail::DbImpl& db, Id office_id) {
    return detail::office_duplicate_index(db, office_id);
}

}  // namespace

detail::DuplicateIndex detail::office_duplicate_index(DbImpl& db, Id office_id, Id except) {
    DuplicateIndex index;
    for (auto& e : store::employer_identities(db, office_id))
        if (e.id != except) index.add(profile_of(std::move(e)));
    return index;
}

std::vector<DuplicateCandidate> Duplicates::candidates(Id office_id, double min_score) const {
    check_min_score(min_score);
    detail::check_office(*db_, office_id);
    return office_index(*db_, office_id).pairs(min_score);
}

std::vector<DuplicateCandidate> Duplicates::of(Id employer_id, double min_score) const {
    check_min_score(min_score);
    const Employer e = Employers(*db_).get(employer_id);
    if (store::employer_merged_into(*db_, employer_id)) return {};
    auto index = office_index(*db_, e.office_id);
    store::EmployerIdentity me{.id = e.meta.id,
                               .rut = e.rut.compact(),
                               .legal_name = e.legal_name,
                               .trade_name = e.trade_name,
                               .address = e.address};
    for (const auto& c : Contacts(*db_).list(employer_id)) {
        if (!c.phone.empty()) me.phones.push_back(c.phone);
        if (!c.email.empty()) me.emails.push_back(c.email);
    }
    return index.matches(profile_of(std::move(me)), min_score);
}

std::vector<DuplicateCandidate> Duplicates::check(const NewEmployer& n, double min_score) const {
    check_min_score(min_score);
    Id office_id = n.office_id;
    if (office_id == 0 && n.cluster_id) office_id = Clusters(*db_).get(*n.cluster_id).office_id;
    if (office_id == 0) throw ValidationError("office", "0", "is required (or a cluster)");
    detail::check_office(*db_, office_id);
    const auto index = office_index(*db_, office_id);
    const detail::DuplicateProfile p{.id = 0,
                                     .rut_body = rut_body(std::string(detail::trim(n.rut))),
                                     .legal_name = n.legal_name,
                                     .trade_name = n.trade_name,
                                     .address = n.address};
    return index.matches(p, min_score);
}

Table Duplicates::table(Id office_id, double min_score) const {
    const auto pairs = candidates(office_id, min_score);
    std::unordered_map<Id, Employer> employers;
    for (auto& e : Employers(*db_).list(office_id)) employers.emplace(e.meta.id, std::move(e));
    Table t;
    auto& employer_id = t.add_column("employer_id", ColumnType::Int);
    auto& employer_rut = t.add_column("employer_rut", ColumnType::Text);
    auto& employer_name = t.add_column("employer_name", ColumnType::Text);
    auto& other_id = t.add_column("other_id", ColumnType::Int);
    auto& other_rut = t.add_column("other_rut", ColumnType::Text);
    auto& other_name = t.add_column("other_name", ColumnType::Text);
    auto& score = t.add_column("score", ColumnType::Real);
    auto& reasons = t.add_column("reasons", ColumnType::Text);
    for (const auto& c : pairs) {
        const Employer& a = employers.at(c.employer_id);
        const Employer& b = employers.at(c.other_id);
        employer_id.push_int(c.employer_id);
        employer_rut.push_text(a.rut.str());
        employer_name.push_text(a.display_name());
        other_id.push_int(c.other_id);
        other_rut.push_text(b.rut.str());
        other_name.push_text(b.display_name());
        score.push_real(c.score);
        std::string why;
        for (const auto r : c.reasons) why += (why.empty() ? "" : ", ") + std::string(to_string(r));
        reasons.push_text(why);
    }
    return t;
}

EmployerMerge Duplicates::merge(Id keep_id, Id absorb_id, Id staff_id) {
    detail::WriteScope write(*db_);
    if (keep_id == absorb_id)
        throw ValidationError("absorb", std::to_string(absorb_id),
                              "is the employer to keep: an employer cannot be merged with itself");
    Employers employers(*db_);
    const Employer keep = employers.get(keep_id);
    const Employer absorb = employers.get(absorb_id);
    if (keep.office_id != absorb.office_id)
        throw ValidationError("absorb", std::to_string(absorb_id),
                              describe(absorb) + " is an employer of another office than " + describe(keep));
    for (const auto& [field, e] : {std::pair<const char*, const Employer*>{"keep", &keep}, {"absorb", &absorb}})
        if (const auto into = store::employer_merged_into(*db_, e->meta.id))
            throw Conflict(std::string(field) + " " + std::to_string(e->meta.id) + ": " + describe(*e) +
                           " was already merged into employer " + std::to_string(*into));
    const Date today = this->today();
    check_staff(*db_, staff_id, keep.office_id, today);
    EmployerMerge m{.meta = detail::new_meta(*db_),
                    .office_id = keep.office_id,
                    .kept_id = keep_id,
                    .absorbed_id = absorb_id,
                    .merged_by = staff_id,
                    .merged_at = now()};
    store::insert_merge(*db_, m);
    m.rows_moved = store::move_employer_records(*db_, m.meta.id, keep_id, absorb_id, today);
    store::set_merge_rows_moved(*db_, m.meta.id, m.rows_moved);
    store::set_employer_merged_into(*db_, absorb_id, keep_id);
    return m;
}

EmployerMerge Duplicates::undo(Id merge_id, Id staff_id) {
    detail::WriteScope write(*db_);
    EmployerMerge m = get(merge_id);
    if (m.undone_at)
        throw Conflict("merge " + std::to_string(merge_id) + " was already undone (by staff member " +
                       std::to_string(m.undone_by.value_or(0)) + ")");
    if (const auto into = store::employer_merged_into(*db_, m.kept_id))
        throw Conflict("merge " + std::to_string(merge_id) + ": its kept employer " + std::to_string(m.kept_id) +
                       " has since been merged into employer " + std::to_string(*into) + "; undo that merge first");
    check_staff(*db_, staff_id, m.office_id, today());
    store::restore_merged_records(*db_, m.meta.id, m.kept_id, m.absorbed_id);
    store::set_employer_merged_into(*db_, m.absorbed_id, std::nullopt);
    const Timestamp at = now();
    store::set_merge_undone(*db_, m.meta.id, at, staff_id);
    return get(merge_id);
}

EmployerMerge Duplicates::get(Id merge_id) const {
    auto m = store::find_merge(*db_, merge_id);
    if (!m) throw NotFound("merge", std::to_string(merge_id));
    return std::move(*m);
}

std::vector<EmployerMerge> Duplicates::merges(Id office_id) const {
    detail::check_office(*db_, office_id);
    return store::list_merges(*db_, office_id);
}

std::optional<Id> Duplicates::merged_into(Id employer_id) const {
    Employers(*db_).get(employer_id);
    std::optional<Id> into;
    for (Id at = employer_id; const auto next = store::employer_merged_into(*db_, at);) {
        into = *next;
        at = *next;
        if (at == employer_id) break;  // never: a merge refuses a merged employer
    }
    return into;
}

}  // namespace omilcrm
