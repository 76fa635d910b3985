// Partner institutions: validation and orchestration over store/partners.hpp; the figures per
// kind are partners_rules.hpp's.
#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "omilcrm/territory.hpp"
#include "partners_rules.hpp"
#include "store/partners.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {

// The partner's fields as stored, checked: a name, text that can be stored, an e-mail that
// looks like one, a commune's CUT code.
void clean(Partner& p) {
    const std::string given = p.name;
    p.name = std::string(detail::trim(p.name));
    if (p.name.empty()) throw ValidationError("name", given, "is required");
    detail::check_text("name", p.name);
    p.contact_name = std::string(detail::trim(p.contact_name));
    detail::check_text("contact_name", p.contact_name);
    p.email = normalize_email(p.email, "email");
    p.phone = std::string(detail::trim(p.phone));
    detail::check_text("phone", p.phone);
    const std::string commune(detail::trim(p.commune));
    p.commune = commune.empty() ? std::string() : territory::commune(commune).code;
    detail::check_text("notes", p.notes);
}

void check_period(Date from, Date to) {
    if (to < from) throw ValidationError("end", to.iso(), "is before start (" + from.iso() + ")");
}

}  // namespace

Partner Partners::add(const NewPartner& in) {
    detail::WriteScope write(*db_);
    detail::check_office(*db_, in.office_id);
    Partner p;
    p.office_id = in.office_id;
    p.name = in.name;
    p.kind = in.kind;
    p.contact_name = in.contact_name;
    p.email = in.email;
    p.phone = in.phone;
    p.commune = in.commune;
    p.notes = in.notes;
    clean(p);
    p.meta = detail::new_meta(*db_);
    store::insert_partner(*db_, p);
    return p;
}

Partner Partners::get(Id id) const {
    auto p = store::find_partner(*db_, id);
    if (!p) throw NotFound("partner", std::to_string(id));
    return std::move(*p);
}

std::vector<Partner> Partners::list(Id office_id, std::optional<PartnerKind> kind) const {
    detail::check_office(*db_, office_id);
    return store::list_partners(*db_, office_id, kind);
}

Partner Partners::update(Id id, const PartnerChanges& c) {
    detail::WriteScope write(*db_);
    Partner p = get(id);
    if (c.name) p.name = *c.name;
    if (c.kind) p.kind = *c.kind;
    if (c.contact_name) p.contact_name = *c.contact_name;
    if (c.email) p.email = *c.email;
    if (c.phone) p.phone = *c.phone;
    if (c.commune) p.commune = *c.commune;
    if (c.notes) p.notes = *c.notes;
    clean(p);
    store::update_partner(*db_, p);
    return get(id);
}

std::vector<Event> Partners::events(Id partner_id) const {
    get(partner_id);
    std::vector<Event> out;
    for (Id id : store::partner_event_ids(*db_, partner_id)) out.push_back(Events(*db_).get(id));
    return out;
}

std::vector<Interaction> Partners::interactions(Id partner_id, std::optional<Date> from, std::optional<Date> to) const {
    get(partner_id);
    if (from && to) check_period(*from, *to);
    std::vector<Interaction> out;
    for (Id id : store::partner_interaction_ids(*db_, partner_id, from, to)) out.push_back(Interactions(*db_).get(id));
    return out;
}

Table Partners::activity(Id office_id, Date from, Date to) const {
    detail::check_office(*db_, office_id);
    check_period(from, to);
    auto counts = store::partner_counts(*db_, office_id, from, to);
    Table t;
    auto& id = t.add_column("id", ColumnType::Int);
    auto& name = t.add_column("name", ColumnType::Text);
    auto& kind = t.add_column("kind", ColumnType::Text);
    auto& co_hosted = t.add_column("events_co_hosted", ColumnType::Int);
    auto& invited = t.add_column("events_invited", ColumnType::Int);
    auto& attended = t.add_column("events_attended", ColumnType::Int);
    auto& showings = t.add_column("showings", ColumnType::Int);
    auto& interactions_col = t.add_column("interactions", ColumnType::Int);
    for (const auto& p : list(office_id)) {
        const store::PartnerCounts& c = counts[p.meta.id];
        id.push_int(p.meta.id);
        name.push_text(p.name);
        kind.push_text(to_string(p.kind));
        co_hosted.push_int(c.co_hosted);
        invited.push_int(c.invited);
        attended.push_int(c.attended);
        showings.push_int(c.showings);
        interactions_col.push_int(c.interactions);
    }
    return t;
}

Table Partners::report(Id office_id, Date from, Date to) const {
    detail::check_office(*db_, office_id);
    check_period(from, to);
    auto counts = store::partner_counts(*db_, office_id, from, to);
    std::vector<detail::PartnerActivity> partners;
    for (const auto& p : list(office_id)) {
        const store::PartnerCounts& c = counts[p.meta.id];
        partners.push_back({p.kind, c.co_hosted, c.invited, c.attended, c.showings, c.interactions});
    }
    auto rows = detail::activity_by_kind(partners);
    const auto total = detail::activity_total(rows);
    Table t;
    auto& kind = t.add_column("kind", ColumnType::Text);
    auto& count = t.add_column("partners", ColumnType::Int);
    auto& co_hosted = t.add_column("events_co_hosted", ColumnType::Int);
    auto& invited = t.add_column("events_invited", ColumnType::Int);
    auto& attended = t.add_column("events_attended", ColumnType::Int);
    auto& showings = t.add_column("showings", ColumnType::Int);
    auto& interactions_col = t.add_column("interactions", ColumnType::Int);
    auto push = [&](std::string_view k, const detail::KindActivity& r) {
        kind.push_text(k);
        count.push_int(r.partners);
        co_hosted.push_int(r.co_hosted);
        invited.push_int(r.invited);
        attended.push_int(r.attended);
        showings.push_int(r.showings);
        interactions_col.push_int(r.interactions);
    };
    for (const auto& r : rows) push(to_string(r.kind), r);
    push("total", total);
    return t;
}

}  // namespace omilcrm
