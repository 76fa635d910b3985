// Events with employers, outreach material and its showings (the catastro).
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "omilcrm/region.hpp"
#include "omilcrm/territory.hpp"
#include "checks.hpp"
#include "seekers_rules.hpp"
#include "store/outreach.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {

void check_period(Date from, Date to) {
    if (to < from) throw ValidationError("end", to.iso(), "is before start (" + from.iso() + ")");
}

// The event's offices: the organiser and its co-hosts.
bool takes_part(const Event& e, Id office_id) {
    return e.office_id == office_id || std::find(e.co_hosts.begin(), e.co_hosts.end(), office_id) != e.co_hosts.end();
}

// A partner named at `field` that belongs to one of the event's offices.
void check_event_partner(detail::DbImpl& db, const Event& e, Id partner_id, const std::string& field) {
    if (!takes_part(e, Partners(db).get(partner_id).office_id))
        throw ValidationError(field, std::to_string(partner_id),
                              "is a partner of an office that does not take part in the event");
}

AssetAppearance with_lapse(store::AppearanceRow row) {
    AssetAppearance& a = row.appearance;
    if (a.seeker_id && !a.removed_on) {
        const auto why = detail::appearance_lapse(
            to_string(a.scope), row.seeker_consent.value_or(std::vector<std::string>{}), row.seeker_erased);
        a.lapsed = why.has_value();
        a.lapse = why.value_or("");
    }
    return std::move(row.appearance);
}

}  // namespace

// ---- Events -------------------------------------------------------------------------------

Event Events::add(const NewEvent& in) {
    detail::WriteScope write(*db_);
    const Office office = Offices(*db_).get(in.office_id);
    Event e;
    e.office_id = office.meta.id;
    e.kind = in.kind;
    e.title = std::string(detail::trim(in.title));
    if (e.title.empty()) throw ValidationError("title", in.title, "is required");
    e.on = in.on;
    e.place = std::string(detail::trim(in.place));
    e.commune = in.commune.empty() ? office.commune_code : territory::commune(in.commune).code;
    e.organiser = std::string(detail::trim(in.organiser));
    e.staff_id = in.staff_id;
    if (in.staff_id && Staff(*db_).get(*in.staff_id).office_id != office.meta.id)
        throw ValidationError("staff", std::to_string(*in.staff_id), "works at another office");
    e.notes = in.notes;
    for (Id co : in.co_hosts) {
        detail::check_office(*db_, co);
        if (co != office.meta.id && std::find(e.co_hosts.begin(), e.co_hosts.end(), co) == e.co_hosts.end())
            e.co_hosts.push_back(co);
    }
    for (std::size_t i = 0; i < in.partner_hosts.size(); ++i) {
        check_event_partner(*db_, e, in.partner_hosts[i], "partner_hosts[" + std::to_string(i) + "]");
        if (std::find(e.partner_hosts.begin(), e.partner_hosts.end(), in.partner_hosts[i]) == e.partner_hosts.end())
            e.partner_hosts.push_back(in.partner_hosts[i]);
    }
    e.meta = detail::new_meta(*db_);
    store::insert_event(*db_, e);
    return e;
}

Event Events::get(Id id) const {
    auto e = store::find_event(*db_, id);
    if (!e) throw NotFound("event", std::to_string(id));
    return std::move(*e);
}

std::vector<Event> Events::list(Id office_id, std::optional<Date> from, std::optional<Date> to) const {
    detail::check_office(*db_, office_id);
    return store::list_events(*db_, office_id, from, to);
}

void Events::invite(Id event_id, const std::vector<Id>& employer_ids) {
    detail::WriteScope write(*db_);
    const Event e = get(event_id);
    for (std::size_t i = 0; i < employer_ids.size(); ++i)
        if (!takes_part(e, Employers(*db_).get(employer_ids[i]).office_id))
            throw ValidationError("employers[" + std::to_string(i) + "]", std::to_string(employer_ids[i]),
                                  "belongs to an office that does not take part in the event");
    store::invite_to_event(*db_, event_id, employer_ids);
}

EventGuest Events::attend(Id event_id, Id employer_id, std::optional<Id> staff_id, const std::vector<Id>& contacts,
                          const std::string& summary) {
    detail::WriteScope write(*db_);
    const Event e = get(event_id);
    const Employer employer = Employers(*db_).get(employer_id);
    if (!takes_part(e, employer.office_id))
        throw ValidationError("employer", std::to_string(employer_id),
                              "belongs to an office that does not take part in the event");
    const std::optional<Id> by = staff_id ? staff_id : e.staff_id;
    if (!by) throw ValidationError("staff", "", "is required: who met the employer there (the event has no staff)");
    for (const auto& g : guests(event_id))
        if (g.employer_id == employer_id && g.attended)
            throw Conflict(employer.display_name() + " is already recorded at event " + std::to_string(event_id));
    NewInteraction it;
    it.kind = InteractionKind::Event;
    it.on = e.on;
    it.staff_id = *by;
    it.employer_id = employer_id;
    it.contacts = contacts;
    it.summary = summary.empty() ? std::string(to_string(e.kind)) + ": " + e.title : summary;
    const Interaction logged = Interactions(*db_).log(it);
    store::record_attendance(*db_, event_id, employer_id, logged.meta.id);
    for (const auto& g : guests(event_id))
        if (g.employer_id == employer_id) return g;
    throw StorageError("attendance not recorded");
}

std::vector<EventGuest> Events::guests(Id event_id) const { return store::list_guests(*db_, event_id); }

void Events::invite_partners(Id event_id, const std::vector<Id>& partner_ids) {
    detail::WriteScope write(*db_);
    const Event e = get(event_id);
    for (std::size_t i = 0; i < partner_ids.size(); ++i)
        check_event_partner(*db_, e, partner_ids[i], "partners[" + std::to_string(i) + "]");
    store::invite_partners(*db_, event_id, partner_ids);
}

EventPartner Events::partner_attended(Id event_id, Id partner_id, int attendees) {
    detail::WriteScope write(*db_);
    const Event e = get(event_id);
    check_event_partner(*db_, e, partner_id, "partner");
    detail::check_not_negative("attendees", attendees);
    detail::check_not_future("on", e.on, detail::today(*db_));
    store::record_partner_attendance(*db_, event_id, partner_id, attendees);
    for (const auto& p : partners(event_id))
        if (p.partner_id == partner_id) return p;
    throw StorageError("attendance not recorded");
}

std::vector<EventPartner> Events::partners(Id event_id) const {
    get(event_id);
    return store::list_event_partners(*db_, event_id);
}

std::vector<Vacancy> Events::vacancies(Id event_id) const {
    std::vector<Vacancy> out;
    for (Id id : store::event_vacancy_ids(*db_, event_id)) out.push_back(Vacancies(*db_).get(id));
    return out;
}

Table Events::table(Id office_id) const {
    detail::check_office(*db_, office_id);
    auto counts = store::event_counts(*db_, office_id);
    Table t;
    auto& id = t.add_column("id", ColumnType::Int);
    auto& on = t.add_column("on", ColumnType::Date);
    auto& kind = t.add_column("kind", ColumnType::Text);
    auto& title = t.add_column("title", ColumnType::Text);
    auto& place = t.add_column("place", ColumnType::Text);
    auto& invited = t.add_column("invited", ColumnType::Int);
    auto& attended = t.add_column("attended", ColumnType::Int);
    auto& vacancies_col = t.add_column("vacancies", ColumnType::Int);
    auto& positions = t.add_column("positions", ColumnType::Int);
    for (const auto& e : list(office_id)) {
        const store::EventCounts& c = counts[e.meta.id];
        id.push_int(e.meta.id);
        on.push_int(e.on.days());
        kind.push_text(std::string(to_string(e.kind)));
        title.push_text(e.title);
        place.push_text(e.place);
        invited.push_int(c.invited);
        attended.push_int(c.attended);
        vacancies_col.push_int(c.vacancies);
        positions.push_int(c.positions);
    }
    return t;
}

// ---- Outreach -----------------------------------------------------------------------------

OutreachAsset Outreach::add_asset(const std::string& name_in, AssetKind kind, const std::string& produced_by,
                                  const std::string& description, const std::string& uuid_in) {
    detail::WriteScope write(*db_);
    const std::string name(detail::trim(name_in));
    if (name.empty()) throw ValidationError("name", name_in, "is required");
    RecordMeta meta = detail::new_meta(*db_);
    std::string uuid(detail::trim(uuid_in));
    for (auto& ch : uuid)
        if (ch >= 'A' && ch <= 'F') ch = static_cast<char>(ch - 'A' + 'a');
    if (!uuid.empty()) {
        const bool shaped = uuid.size() == 36 && uuid[8] == '-' && uuid[13] == '-' && uuid[18] == '-' &&
                            uuid[23] == '-' && std::all_of(uuid.begin(), uuid.end(), [](char c) {
                                return c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                            });
        if (!shaped) throw ValidationError("uuid", uuid_in, "is not a lower-case UUID (8-4-4-4-12 hex digits)");
        if (const auto existing = store::find_asset_id(*db_, uuid)) return asset(*existing);
        meta.uuid = uuid;
    }
    OutreachAsset a;
    a.meta = meta;
    a.name = name;
    a.kind = kind;
    a.produced_by = std::string(detail::trim(produced_by));
    a.description = description;
    store::insert_asset(*db_, a);
    return asset(a.meta.id);
}

OutreachAsset Outreach::asset(Id id) const {
    auto a = store::find_asset(*db_, id);
    if (!a) throw NotFound("outreach asset", std::to_string(id));
    return std::move(*a);
}

std::vector<OutreachAsset> Outreach::assets() const { return store::list_assets(*db_); }

Showing Outreach::record(const NewShowing& in) {
    detail::WriteScope write(*db_);
    asset(in.asset_id);
    detail::check_office(*db_, in.office_id);
    if (in.audience_size < 0)
        throw ValidationError("audience_size", std::to_string(in.audience_size), "must not be negative");
    if (in.event_id) {
        const Event e = Events(*db_).get(*in.event_id);
        if (!takes_part(e, in.office_id))
            throw ValidationError("event", std::to_string(*in.event_id), "is not an event of this office");
    }
    if (in.staff_id && Staff(*db_).get(*in.staff_id).office_id != in.office_id)
        throw ValidationError("staff", std::to_string(*in.staff_id), "works at another office");
    for (const auto& a : appearances(in.asset_id))
        if (a.lapsed)
            throw ValidationError("asset", std::to_string(in.asset_id),
                                  "shows a person whose consent lapsed (appearance " + std::to_string(a.meta.id) +
                                      ", seeker " + std::to_string(*a.seeker_id) + "): " + a.lapse +
                                      "; re-edit the material and remove the appearance first");
    std::vector<Id> partners;
    for (std::size_t i = 0; i < in.partners.size(); ++i) {
        if (Partners(*db_).get(in.partners[i]).office_id != in.office_id)
            throw ValidationError("partners[" + std::to_string(i) + "]", std::to_string(in.partners[i]),
                                  "is a partner of another office");
        if (std::find(partners.begin(), partners.end(), in.partners[i]) == partners.end())
            partners.push_back(in.partners[i]);
    }
    std::vector<Id> employers;
    for (std::size_t i = 0; i < in.employers.size(); ++i) {
        if (Employers(*db_).get(in.employers[i]).office_id != in.office_id)
            throw ValidationError("employers[" + std::to_string(i) + "]", std::to_string(in.employers[i]),
                                  "belongs to another office");
        if (std::find(employers.begin(), employers.end(), in.employers[i]) == employers.end())
            employers.push_back(in.employers[i]);
    }
    Showing x;
    x.meta = detail::new_meta(*db_);
    x.asset_id = in.asset_id;
    x.office_id = in.office_id;
    x.on = in.on;
    x.setting = in.setting;
    x.audience = in.audience;
    x.audience_size = in.audience_size;
    x.event_id = in.event_id;
    x.staff_id = in.staff_id;
    x.notes = in.notes;
    x.employers = std::move(employers);
    x.partners = std::move(partners);
    store::insert_showing(*db_, x);
    return get(x.meta.id);
}

Showing Outreach::get(Id id) const {
    auto x = store::find_showing(*db_, id);
    if (!x) throw NotFound("showing", std::to_string(id));
    return std::move(*x);
}

std::vector<Showing> Outreach::showings(Date from, Date to, std::optional<Id> office_id,
                                        std::optional<Id> asset_id) const {
    if (office_id) detail::check_office(*db_, *office_id);
    check_period(from, to);
    return store::list_showings(*db_, from, to, office_id, asset_id);
}

Table Outreach::catastro(Id asset_id, Date from, Date to) const {
    asset(asset_id);
    struct Row {
        std::int64_t showings = 0, audience = 0;
        std::array<std::int64_t, enum_names<Setting>().size()> by_setting{};
        std::set<Id> employers;
        std::optional<Date> last;
    };
    std::map<Id, Row> rows;
    for (const auto& x : showings(from, to, std::nullopt, asset_id)) {
        Row& r = rows[x.office_id];
        ++r.showings;
        r.audience += x.audience_size;
        ++r.by_setting[static_cast<std::size_t>(x.setting)];
        r.employers.insert(x.employers.begin(), x.employers.end());
        r.last = x.on;
    }
    Table t;
    auto& office_id = t.add_column("office_id", ColumnType::Int);
    auto& office = t.add_column("office", ColumnType::Text);
    auto& commune = t.add_column("commune", ColumnType::Text);
    auto& province = t.add_column("province", ColumnType::Text);
    auto& showings_col = t.add_column("showings", ColumnType::Int);
    std::array<Column*, enum_names<Setting>().size()> setting_cols{};
    for (std::size_t i = 0; i < enum_names<Setting>().size(); ++i)
        setting_cols[i] = &t.add_column(std::string(enum_names<Setting>()[i]), ColumnType::Int);
    auto& audience = t.add_column("audience", ColumnType::Int);
    auto& employers = t.add_column("employers_present", ColumnType::Int);
    auto& last = t.add_column("last_shown", ColumnType::Date);
    for (const auto& o : Offices(*db_).list()) {
        const Commune* c = territory::find_commune(o.commune_code);
        const Province* p = c ? territory::find_province(c->province_code) : nullptr;
        const Row& r = rows[o.meta.id];
        office_id.push_int(o.meta.id);
        office.push_text(o.name);
        commune.push_text(c ? c->name : o.commune_code);
        province.push_text(p ? p->name : std::string());
        showings_col.push_int(r.showings);
        for (std::size_t i = 0; i < enum_names<Setting>().size(); ++i) setting_cols[i]->push_int(r.by_setting[i]);
        audience.push_int(r.audience);
        employers.push_int(static_cast<std::int64_t>(r.employers.size()));
        if (r.last) last.push_int(r.last->days());
        else last.push_null();
    }
    return t;
}

Table Outreach::catastro_by_province(Id asset_id, Date from, Date to) const {
    const Table per_office = catastro(asset_id, from, to);
    struct Row {
        std::int64_t offices = 0, using_it = 0, showings = 0, audience = 0;
    };
    std::map<std::string, Row> rows;  // by province code, as the regional reports
    std::vector<std::string> codes;
    for (const auto& o : Offices(*db_).list()) {
        const Commune* c = territory::find_commune(o.commune_code);
        codes.push_back(c ? c->province_code : std::string());
    }
    const auto& province = codes;
    const auto& shows = per_office.column("showings").ints;
    const auto& audience = per_office.column("audience").ints;
    for (std::size_t i = 0; i < per_office.rows(); ++i) {
        Row& r = rows[province[i]];
        ++r.offices;
        r.using_it += shows[i] > 0;
        r.showings += shows[i];
        r.audience += audience[i];
    }
    std::int64_t total_shows = 0, total_offices = 0;
    for (const auto& [p, r] : rows) {
        total_shows += r.showings;
        total_offices += r.offices;
    }
    Table t;
    auto& name = t.add_column("province", ColumnType::Text);
    auto& offices = t.add_column("offices", ColumnType::Int);
    auto& using_it = t.add_column("offices_showing", ColumnType::Int);
    auto& showings_col = t.add_column("showings", ColumnType::Int);
    auto& audience_col = t.add_column("audience", ColumnType::Int);
    auto& share_shows = t.add_column("share_of_showings", ColumnType::Real);
    auto& share_offices = t.add_column("share_of_offices", ColumnType::Real);
    std::vector<double> values, weights;
    for (const auto& [p, r] : rows) {
        const Province* prov = territory::find_province(p);
        name.push_text(prov ? prov->name : p);
        offices.push_int(r.offices);
        using_it.push_int(r.using_it);
        showings_col.push_int(r.showings);
        audience_col.push_int(r.audience);
        if (total_shows) share_shows.push_real(double(r.showings) / double(total_shows));
        else share_shows.push_null();
        share_offices.push_real(double(r.offices) / double(total_offices));
        values.push_back(double(r.showings));
        weights.push_back(double(r.offices));
    }
    const auto balance = territorial_balance(values, weights);
    t.set_metadata("territorial_balance", balance ? std::to_string(*balance) : std::string());
    return t;
}

std::vector<Office> Outreach::offices_without_showings(Id asset_id, Date from, Date to) const {
    std::set<Id> showed;
    for (const auto& x : showings(from, to, std::nullopt, asset_id)) showed.insert(x.office_id);
    std::vector<Office> out;
    for (const auto& o : Offices(*db_).list())
        if (!showed.count(o.meta.id)) out.push_back(o);
    return out;
}

std::vector<Event> Outreach::events_without_showing(Id asset_id, Id office_id, Date from, Date to) const {
    detail::check_office(*db_, office_id);
    if (to < from) throw ValidationError("end", to.iso(), "is before start (" + from.iso() + ")");
    asset(asset_id);  // NotFound for an unknown asset
    // A showing at a co-hosted event counts whichever office recorded it.
    std::set<Id> shown;
    for (const auto& x : showings(from, to, std::nullopt, asset_id))
        if (x.event_id) shown.insert(*x.event_id);
    std::vector<Event> out;
    for (auto& e : Events(*db_).list(office_id, from, to))
        if (!shown.count(e.meta.id)) out.push_back(std::move(e));
    return out;
}

// ---- Who appears in the material ----------------------------------------------------------

AssetAppearance Outreach::add_appearance(const NewAppearance& in) {
    detail::WriteScope write(*db_);
    asset(in.asset_id);
    const int people = int(in.seeker_id.has_value()) + int(in.contact_id.has_value()) + int(in.staff_id.has_value());
    if (people != 1)
        throw ValidationError("seeker", in.seeker_id ? std::to_string(*in.seeker_id) : std::string(),
                              "give exactly one of seeker, contact and staff (the person who appears)");
    const Date today = detail::today(*db_);
    AssetAppearance a;
    a.asset_id = in.asset_id;
    a.scope = in.scope;
    a.recorded_on = in.on.value_or(today);
    detail::check_not_future("on", a.recorded_on, today);
    if (in.seeker_id) {
        // The profile only (consent and register), never the seeker's personal data.
        const JobSeeker s = Seekers(*db_).get(*in.seeker_id);
        if (const auto why =
                detail::appearance_lapse(to_string(in.scope), s.consent_scope, store::seeker_erased(*db_, s.meta.id)))
            throw ValidationError("seeker", std::to_string(*in.seeker_id),
                                  "cannot appear with scope " + std::string(to_string(in.scope)) + ": " + *why);
        if (in.consent_on && *in.consent_on != s.consent_on)
            throw ValidationError("consent_on", in.consent_on->iso(),
                                  "a seeker's consent is the one on their record (" + s.consent_on.iso() + ")");
        a.seeker_id = s.meta.id;
        a.office_id = s.office_id;
        a.consent_on = s.consent_on;
    } else {
        if (!in.consent_on)
            throw ValidationError("consent_on", "", "is required: the day the person consented to appear");
        detail::check_not_future("consent_on", *in.consent_on, today);
        a.consent_on = *in.consent_on;
        if (in.contact_id) {
            const Contact c = Contacts(*db_).get(*in.contact_id);
            a.contact_id = c.meta.id;
            a.office_id = Employers(*db_).get(c.employer_id).office_id;
        } else {
            const StaffMember m = Staff(*db_).get(*in.staff_id);
            a.staff_id = m.meta.id;
            a.office_id = m.office_id;
        }
    }
    for (const auto& other : appearances(in.asset_id))
        if (other.scope == a.scope && other.seeker_id == a.seeker_id && other.contact_id == a.contact_id &&
            other.staff_id == a.staff_id)
            throw Conflict("that person already appears in asset " + std::to_string(in.asset_id) + " with scope " +
                           std::string(to_string(a.scope)) + " (appearance " + std::to_string(other.meta.id) + ")");
    a.meta = detail::new_meta(*db_);
    store::insert_appearance(*db_, a);
    return appearance(a.meta.id);
}

AssetAppearance Outreach::appearance(Id appearance_id) const {
    auto row = store::find_appearance(*db_, appearance_id);
    if (!row) throw NotFound("appearance", std::to_string(appearance_id));
    return with_lapse(std::move(*row));
}

std::vector<AssetAppearance> Outreach::appearances(Id asset_id) const {
    asset(asset_id);
    std::vector<AssetAppearance> out;
    for (auto& row : store::list_appearances(*db_, asset_id, std::nullopt)) out.push_back(with_lapse(std::move(row)));
    return out;
}

std::vector<AssetAppearance> Outreach::lapsed_appearances(std::optional<Id> office_id) const {
    if (office_id) detail::check_office(*db_, *office_id);
    std::vector<AssetAppearance> out;
    for (auto& row : store::list_appearances(*db_, std::nullopt, office_id)) {
        AssetAppearance a = with_lapse(std::move(row));
        if (a.lapsed) out.push_back(std::move(a));
    }
    return out;
}

AssetAppearance Outreach::remove_appearance(Id appearance_id, std::optional<Date> on) {
    detail::WriteScope write(*db_);
    const AssetAppearance a = appearance(appearance_id);
    if (a.removed_on)
        throw Conflict("appearance " + std::to_string(appearance_id) + " was already removed on " +
                       a.removed_on->iso());
    const Date today = detail::today(*db_);
    const Date day = on.value_or(today);
    detail::check_not_future("on", day, today);
    if (day < a.recorded_on)
        throw ValidationError("on", day.iso(), "is before the appearance was recorded (" + a.recorded_on.iso() + ")");
    store::remove_appearance(*db_, appearance_id, day);
    return appearance(appearance_id);
}

}  // namespace omilcrm
