// Events with employers, outreach material and its showings (the catastro).
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "omilcrm/territory.hpp"
#include "store/sqlite.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {



constexpr const char* kEventCols =
    "id, uuid, created_at, updated_at, office_id, kind, title, on_date, place, commune, organiser, staff_id, notes";

Event event_of(SQLite::Statement& s) {
    Event e;
    e.meta = detail::meta_of(s);
    e.office_id = s.getColumn(4).getInt64();
    e.kind = parse_event_kind(s.getColumn(5).getString());
    e.title = s.getColumn(6).getString();
    e.on = detail::date_of(s.getColumn(7));
    e.place = s.getColumn(8).getString();
    e.commune = s.getColumn(9).getString();
    e.organiser = s.getColumn(10).getString();
    e.staff_id = detail::opt_id(s.getColumn(11));
    e.notes = s.getColumn(12).getString();
    return e;
}

constexpr const char* kShowingCols =
    "id, uuid, created_at, updated_at, asset_id, office_id, on_date, setting, audience, audience_size, event_id, "
    "staff_id, notes";

Showing showing_of(SQLite::Statement& s) {
    Showing x;
    x.meta = detail::meta_of(s);
    x.asset_id = s.getColumn(4).getInt64();
    x.office_id = s.getColumn(5).getInt64();
    x.on = detail::date_of(s.getColumn(6));
    x.setting = parse_setting(s.getColumn(7).getString());
    x.audience = parse_audience(s.getColumn(8).getString());
    x.audience_size = s.getColumn(9).getInt();
    x.event_id = detail::opt_id(s.getColumn(10));
    x.staff_id = detail::opt_id(s.getColumn(11));
    x.notes = s.getColumn(12).getString();
    return x;
}

OutreachAsset asset_of(SQLite::Statement& s) {
    OutreachAsset a;
    a.meta = detail::meta_of(s);
    a.name = s.getColumn(4).getString();
    a.kind = parse_asset_kind(s.getColumn(5).getString());
    a.produced_by = s.getColumn(6).getString();
    a.description = s.getColumn(7).getString();
    return a;
}

void check_period(Date from, Date to) {
    if (to < from) throw ValidationError("end", to.iso(), "is before start (" + from.iso() + ")");
}

}  // namespace


std::optional<double> territorial_balance(const std::vector<double>& values, const std::vector<double>& weights) {
    if (values.size() != weights.size())
        throw ValidationError("weights", std::to_string(weights.size()) + " provinces",
                              "must be as many as the values (" + std::to_string(values.size()) + ")");
    double sv = 0, sw = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (values[i] < 0 || std::isnan(values[i]))
            throw ValidationError("values[" + std::to_string(i) + "]", std::to_string(values[i]), "must not be negative");
        if (weights[i] < 0 || std::isnan(weights[i]))
            throw ValidationError("weights[" + std::to_string(i) + "]", std::to_string(weights[i]), "must not be negative");
        sv += values[i];
        sw += weights[i];
    }
    if (sv == 0 || sw == 0) return std::nullopt;
    double gap = 0;
    for (std::size_t i = 0; i < values.size(); ++i) gap += std::abs(values[i] / sv - weights[i] / sw);
    return 1.0 - gap / 2.0;
}

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
    e.meta = db_->new_meta();
    auto s = db_->stmt(
        "INSERT INTO event (uuid, created_at, updated_at, office_id, kind, title, on_date, place, commune, organiser, "
        "staff_id, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, e.meta.uuid);
    s.bind(2, e.meta.created_at.time_since_epoch().count());
    s.bind(3, e.meta.updated_at.time_since_epoch().count());
    s.bind(4, e.office_id);
    s.bind(5, std::string(to_string(e.kind)));
    s.bind(6, e.title);
    s.bind(7, e.on.iso());
    s.bind(8, e.place);
    s.bind(9, e.commune);
    s.bind(10, e.organiser);
    detail::bind_opt(s, 11, e.staff_id);
    s.bind(12, e.notes);
    s.exec();
    e.meta.id = static_cast<Id>(db_->db->getLastInsertRowid());
    auto co = db_->stmt("INSERT INTO event_office (event_id, office_id) VALUES (?, ?)");
    for (Id o : e.co_hosts) {
        co.reset();
        co.bind(1, e.meta.id);
        co.bind(2, o);
        co.exec();
    }
    return e;
}

Event Events::get(Id id) const {
    auto s = db_->stmt(std::string("SELECT ") + kEventCols + " FROM event WHERE id = ?");
    s.bind(1, id);
    if (!s.executeStep()) throw NotFound("event", std::to_string(id));
    Event e = event_of(s);
    auto co = db_->stmt("SELECT office_id FROM event_office WHERE event_id = ? ORDER BY office_id");
    co.bind(1, id);
    while (co.executeStep()) e.co_hosts.push_back(co.getColumn(0).getInt64());
    return e;
}

std::vector<Event> Events::list(Id office_id, std::optional<Date> from, std::optional<Date> to) const {
    detail::check_office(*db_, office_id);
    auto s = db_->stmt(std::string("SELECT ") + kEventCols +
                        " FROM event WHERE (office_id = ?1 OR id IN (SELECT event_id FROM event_office WHERE "
                        "office_id = ?1)) AND (?2 IS NULL OR on_date >= ?2) AND (?3 IS NULL OR on_date <= ?3) "
                        "ORDER BY on_date, id");
    s.bind(1, office_id);
    detail::bind_opt(s, 2, from);
    detail::bind_opt(s, 3, to);
    std::vector<Event> out;
    std::unordered_map<Id, std::size_t> at;
    while (s.executeStep()) {
        out.push_back(event_of(s));
        at[out.back().meta.id] = out.size() - 1;
    }
    // Every listed event's co-hosts in one query.
    auto co = db_->stmt(
        "SELECT g.event_id, g.office_id FROM event_office g JOIN event e ON e.id = g.event_id WHERE "
        "e.office_id = ?1 OR e.id IN (SELECT event_id FROM event_office WHERE office_id = ?1) "
        "ORDER BY g.event_id, g.office_id");
    co.bind(1, office_id);
    while (co.executeStep())
        if (auto it = at.find(co.getColumn(0).getInt64()); it != at.end())
            out[it->second].co_hosts.push_back(co.getColumn(1).getInt64());
    return out;
}

namespace {
// The event's offices: the organiser and its co-hosts.
bool takes_part(const Event& e, Id office_id) {
    return e.office_id == office_id || std::find(e.co_hosts.begin(), e.co_hosts.end(), office_id) != e.co_hosts.end();
}
}  // namespace

void Events::invite(Id event_id, const std::vector<Id>& employer_ids) {
    detail::WriteScope write(*db_);
    const Event e = get(event_id);
    for (std::size_t i = 0; i < employer_ids.size(); ++i)
        if (!takes_part(e, Employers(*db_).get(employer_ids[i]).office_id))
            throw ValidationError("employers[" + std::to_string(i) + "]", std::to_string(employer_ids[i]),
                                  "belongs to an office that does not take part in the event");
    auto s = db_->stmt(
        "INSERT INTO event_employer (event_id, employer_id, invited) VALUES (?, ?, 1) "
        "ON CONFLICT (event_id, employer_id) DO UPDATE SET invited = 1");
    for (Id id : employer_ids) {
        s.reset();
        s.bind(1, event_id);
        s.bind(2, id);
        s.exec();
    }
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
    auto s = db_->stmt(
        "INSERT INTO event_employer (event_id, employer_id, attended, interaction_id) VALUES (?, ?, 1, ?) "
        "ON CONFLICT (event_id, employer_id) DO UPDATE SET attended = 1, interaction_id = excluded.interaction_id");
    s.bind(1, event_id);
    s.bind(2, employer_id);
    s.bind(3, logged.meta.id);
    s.exec();
    for (const auto& g : guests(event_id))
        if (g.employer_id == employer_id) return g;
    throw StorageError("attendance not recorded");
}

std::vector<EventGuest> Events::guests(Id event_id) const {
    auto s = db_->stmt(
        "SELECT employer_id, invited, attended, interaction_id FROM event_employer WHERE event_id = ? ORDER BY employer_id");
    s.bind(1, event_id);
    std::vector<EventGuest> out;
    while (s.executeStep())
        out.push_back({event_id, static_cast<Id>(s.getColumn(0).getInt64()), s.getColumn(1).getInt() != 0,
                       s.getColumn(2).getInt() != 0, detail::opt_id(s.getColumn(3))});
    return out;
}

std::vector<Vacancy> Events::vacancies(Id event_id) const {
    auto s = db_->stmt(
        "SELECT v.id FROM vacancy v JOIN event_employer g ON g.interaction_id = v.interaction_id "
        "WHERE g.event_id = ? ORDER BY v.id");
    s.bind(1, event_id);
    std::vector<Id> ids;
    while (s.executeStep()) ids.push_back(s.getColumn(0).getInt64());
    std::vector<Vacancy> out;
    for (Id id : ids) out.push_back(Vacancies(*db_).get(id));
    return out;
}

Table Events::table(Id office_id) const {
    detail::check_office(*db_, office_id);
    // Guests and vacancies of all the office's events, one grouped query each.
    struct Counts {
        std::int64_t invited = 0, attended = 0, vacancies = 0, positions = 0;
    };
    std::unordered_map<Id, Counts> counts;
    const char* scope = "(SELECT id FROM event WHERE office_id = ?1 UNION SELECT event_id FROM event_office WHERE office_id = ?1)";
    {
        auto q = db_->stmt(std::string("SELECT event_id, sum(invited), sum(attended) FROM event_employer WHERE event_id IN ") +
                            scope + " GROUP BY event_id");
        q.bind(1, office_id);
        while (q.executeStep()) {
            Counts& c = counts[q.getColumn(0).getInt64()];
            c.invited = q.getColumn(1).getInt64();
            c.attended = q.getColumn(2).getInt64();
        }
    }
    {
        auto q = db_->stmt(std::string("SELECT g.event_id, count(*), sum(v.positions) FROM vacancy v JOIN event_employer g "
                                        "ON g.interaction_id = v.interaction_id WHERE g.event_id IN ") +
                            scope + " GROUP BY g.event_id");
        q.bind(1, office_id);
        while (q.executeStep()) {
            Counts& c = counts[q.getColumn(0).getInt64()];
            c.vacancies = q.getColumn(1).getInt64();
            c.positions = q.getColumn(2).getInt64();
        }
    }
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
        const Counts& c = counts[e.meta.id];
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
    RecordMeta meta = db_->new_meta();
    std::string uuid(detail::trim(uuid_in));
    for (auto& ch : uuid)
        if (ch >= 'A' && ch <= 'F') ch = static_cast<char>(ch - 'A' + 'a');
    if (!uuid.empty()) {
        const bool shaped = uuid.size() == 36 && uuid[8] == '-' && uuid[13] == '-' && uuid[18] == '-' && uuid[23] == '-' &&
                            std::all_of(uuid.begin(), uuid.end(), [](char c) {
                                return c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                            });
        if (!shaped) throw ValidationError("uuid", uuid_in, "is not a lower-case UUID (8-4-4-4-12 hex digits)");
        auto q = db_->stmt("SELECT id FROM outreach_asset WHERE uuid = ?");
        q.bind(1, uuid);
        if (q.executeStep()) {
            const Id existing = q.getColumn(0).getInt64();
            return asset(existing);
        }
        meta.uuid = uuid;
    }
    auto s = db_->stmt(
        "INSERT INTO outreach_asset (uuid, created_at, updated_at, name, kind, produced_by, description) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, meta.uuid);
    s.bind(2, meta.created_at.time_since_epoch().count());
    s.bind(3, meta.updated_at.time_since_epoch().count());
    s.bind(4, name);
    s.bind(5, std::string(to_string(kind)));
    s.bind(6, std::string(detail::trim(produced_by)));
    s.bind(7, description);
    s.exec();
    return asset(static_cast<Id>(db_->db->getLastInsertRowid()));
}

OutreachAsset Outreach::asset(Id id) const {
    auto s = db_->stmt(
        "SELECT id, uuid, created_at, updated_at, name, kind, produced_by, description FROM outreach_asset WHERE id = ?");
    s.bind(1, id);
    if (!s.executeStep()) throw NotFound("outreach asset", std::to_string(id));
    return asset_of(s);
}

std::vector<OutreachAsset> Outreach::assets() const {
    auto s = db_->stmt(
        "SELECT id, uuid, created_at, updated_at, name, kind, produced_by, description FROM outreach_asset ORDER BY id");
    std::vector<OutreachAsset> out;
    while (s.executeStep()) out.push_back(asset_of(s));
    return out;
}

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
    std::vector<Id> employers;
    for (std::size_t i = 0; i < in.employers.size(); ++i) {
        if (Employers(*db_).get(in.employers[i]).office_id != in.office_id)
            throw ValidationError("employers[" + std::to_string(i) + "]", std::to_string(in.employers[i]),
                                  "belongs to another office");
        if (std::find(employers.begin(), employers.end(), in.employers[i]) == employers.end())
            employers.push_back(in.employers[i]);
    }
    const RecordMeta meta = db_->new_meta();
    auto s = db_->stmt(
        "INSERT INTO showing (uuid, created_at, updated_at, asset_id, office_id, on_date, setting, audience, "
        "audience_size, event_id, staff_id, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, meta.uuid);
    s.bind(2, meta.created_at.time_since_epoch().count());
    s.bind(3, meta.updated_at.time_since_epoch().count());
    s.bind(4, in.asset_id);
    s.bind(5, in.office_id);
    s.bind(6, in.on.iso());
    s.bind(7, std::string(to_string(in.setting)));
    s.bind(8, std::string(to_string(in.audience)));
    s.bind(9, in.audience_size);
    detail::bind_opt(s, 10, in.event_id);
    detail::bind_opt(s, 11, in.staff_id);
    s.bind(12, in.notes);
    s.exec();
    const Id id = static_cast<Id>(db_->db->getLastInsertRowid());
    auto e = db_->stmt("INSERT INTO showing_employer (showing_id, employer_id) VALUES (?, ?)");
    for (Id emp : employers) {
        e.reset();
        e.bind(1, id);
        e.bind(2, emp);
        e.exec();
    }
    return get(id);
}

Showing Outreach::get(Id id) const {
    auto s = db_->stmt(std::string("SELECT ") + kShowingCols + " FROM showing WHERE id = ?");
    s.bind(1, id);
    if (!s.executeStep()) throw NotFound("showing", std::to_string(id));
    Showing x = showing_of(s);
    auto e = db_->stmt("SELECT employer_id FROM showing_employer WHERE showing_id = ? ORDER BY employer_id");
    e.bind(1, id);
    while (e.executeStep()) x.employers.push_back(e.getColumn(0).getInt64());
    return x;
}

std::vector<Showing> Outreach::showings(Date from, Date to, std::optional<Id> office_id,
                                        std::optional<Id> asset_id) const {
    if (office_id) detail::check_office(*db_, *office_id);
    check_period(from, to);
    auto s = db_->stmt(std::string("SELECT ") + kShowingCols +
                        " FROM showing WHERE on_date BETWEEN ? AND ? AND (? IS NULL OR office_id = ?) AND "
                        "(? IS NULL OR asset_id = ?) ORDER BY on_date, id");
    s.bind(1, from.iso());
    s.bind(2, to.iso());
    detail::bind_opt(s, 3, office_id);
    detail::bind_opt(s, 4, office_id);
    detail::bind_opt(s, 5, asset_id);
    detail::bind_opt(s, 6, asset_id);
    std::vector<Showing> out;
    while (s.executeStep()) out.push_back(showing_of(s));
    // Employers present, in one query for all of them.
    std::unordered_map<Id, Showing*> by_id;
    for (auto& x : out) by_id[x.meta.id] = &x;
    auto e = db_->stmt(
        "SELECT g.showing_id, g.employer_id FROM showing_employer g JOIN showing s ON s.id = g.showing_id "
        "WHERE s.on_date BETWEEN ? AND ? ORDER BY g.showing_id, g.employer_id");
    e.bind(1, from.iso());
    e.bind(2, to.iso());
    while (e.executeStep()) {
        auto it = by_id.find(e.getColumn(0).getInt64());
        if (it != by_id.end()) it->second->employers.push_back(e.getColumn(1).getInt64());
    }
    return out;
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
    for (std::size_t i = 0; i < enum_names<Setting>().size(); ++i) setting_cols[i] = &t.add_column(std::string(enum_names<Setting>()[i]), ColumnType::Int);
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

}  // namespace omilcrm
