// The interaction log, commitments and follow-ups.
#include <algorithm>
#include <array>
#include <map>

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "bulk.hpp"
#include "checks.hpp"
#include "references.hpp"
#include "store/sqlite.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {


using detail::index_of;


// The log records what happened: nothing dated after today (plans are kept apart).
void check_not_future(Date on, Date today) { detail::check_not_future("on", on, today); }
void check_not_future(detail::DbImpl& db, Date on) { check_not_future(on, db.today()); }

void check_minute(const std::optional<int>& m) {
    if (m && (*m < 0 || *m > 1439))
        throw ValidationError("at", std::to_string(*m), "must be a time of day (minutes 0..1439)");
}

std::string required_text(std::string_view v, const char* field) {
    std::string t(detail::trim(v));
    if (t.empty()) throw ValidationError(field, std::string(v), "is required");
    return t;
}

// A JSON array of ids, bound to `json_each(?)` so one prepared statement serves any list.
std::string json_ids(const std::vector<Id>& ids) {
    std::string out = "[";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i) out += ',';
        out += std::to_string(ids[i]);
    }
    return out + "]";
}

constexpr const char* kInteractionCols =
    "id, uuid, created_at, updated_at, office_id, kind, on_date, at_minute, staff_id, employer_id, "
    "cluster_id, direction, summary, outcome, next_step, revision, deleted_at";

Interaction interaction_of(SQLite::Statement& s) {
    Interaction i;
    i.meta = detail::meta_of(s);
    i.office_id = s.getColumn(4).getInt64();
    i.kind = parse_interaction_kind(s.getColumn(5).getString());
    i.on = detail::date_of(s.getColumn(6));
    if (!s.getColumn(7).isNull()) i.at_minute = s.getColumn(7).getInt();
    i.staff_id = s.getColumn(8).getInt64();
    i.employer_id = detail::opt_id(s.getColumn(9));
    i.cluster_id = detail::opt_id(s.getColumn(10));
    i.direction = parse_direction(s.getColumn(11).getString());
    i.summary = s.getColumn(12).getString();
    i.outcome = s.getColumn(13).getString();
    i.next_step = s.getColumn(14).getString();
    i.revision = s.getColumn(15).getInt();
    i.deleted = !s.getColumn(16).isNull();
    return i;
}

// Fills contacts and attendance of many interactions with two queries.
void load_children(detail::DbImpl& db, std::vector<Interaction>& items) {
    if (items.empty()) return;
    std::map<Id, Interaction*> by_id;
    std::vector<Id> ids;
    for (auto& i : items) {
        by_id[i.meta.id] = &i;
        ids.push_back(i.meta.id);
    }
    const std::string json = json_ids(ids);
    auto c = db.stmt(
        "SELECT interaction_id, contact_id FROM interaction_contact "
        "WHERE interaction_id IN (SELECT value FROM json_each(?)) ORDER BY interaction_id, contact_id");
    c.bind(1, json);
    while (c.executeStep()) by_id[c.getColumn(0).getInt64()]->contacts.push_back(c.getColumn(1).getInt64());
    auto a = db.stmt(
        "SELECT interaction_id, employer_id, attended FROM interaction_attendance "
        "WHERE interaction_id IN (SELECT value FROM json_each(?)) ORDER BY interaction_id, employer_id");
    a.bind(1, json);
    while (a.executeStep()) {
        auto* i = by_id[a.getColumn(0).getInt64()];
        (a.getColumn(2).getInt() ? i->attended : i->absent).push_back(a.getColumn(1).getInt64());
    }
}

// The staff member must be of the office and working there on `on`.
void check_staff(const StaffMember& s, Id office_id, Date on, const char* field) {
    if (s.office_id != office_id)
        throw ValidationError(field, std::to_string(s.meta.id), s.name + " works at another office");
    if (!s.active_on(on))
        throw ValidationError(field, std::to_string(s.meta.id),
                              s.name + " did not work at the office on " + on.iso());
}

StaffMember staff_for(detail::DbImpl& db, Id staff_id, Id office_id, Date on, const char* field) {
    StaffMember s = Staff(db).get(staff_id);
    check_staff(s, office_id, on, field);
    return s;
}

void insert_contacts(detail::DbImpl& db, Id interaction_id, const std::vector<Id>& contacts) {
    for (Id c : contacts) {
        auto s = db.stmt("INSERT OR IGNORE INTO interaction_contact (interaction_id, contact_id) VALUES (?, ?)");
        s.bind(1, interaction_id);
        s.bind(2, c);
        s.exec();
    }
}

Commitment insert_commitment(detail::DbImpl& db, Id office_id, Id employer_id, std::optional<Id> interaction_id,
                             Id owner_id, const NewCommitment& in) {
    Commitment c;
    c.meta = db.new_meta();
    c.office_id = office_id;
    c.employer_id = employer_id;
    c.interaction_id = interaction_id;
    c.owner_id = owner_id;
    c.description = required_text(in.description, "description");
    c.due = in.due;
    auto s = db.stmt(
        "INSERT INTO commitment (uuid, created_at, updated_at, office_id, employer_id, interaction_id, "
        "owner_id, description, due) VALUES (?,?,?,?,?,?,?,?,?)");
    s.bind(1, c.meta.uuid);
    s.bind(2, c.meta.created_at.time_since_epoch().count());
    s.bind(3, c.meta.updated_at.time_since_epoch().count());
    s.bind(4, office_id);
    s.bind(5, employer_id);
    detail::bind_opt(s, 6, interaction_id);
    s.bind(7, owner_id);
    s.bind(8, c.description);
    s.bind(9, c.due.iso());
    s.exec();
    c.meta.id = db.db->getLastInsertRowid();
    return c;
}

FollowUp insert_follow_up(detail::DbImpl& db, Id office_id, std::optional<Id> employer_id,
                          std::optional<Id> interaction_id, Id owner_id, const NewFollowUp& in) {
    FollowUp f;
    f.meta = db.new_meta();
    f.office_id = office_id;
    f.employer_id = employer_id;
    f.interaction_id = interaction_id;
    f.owner_id = owner_id;
    f.description = required_text(in.description, "description");
    f.due = in.due;
    auto s = db.stmt(
        "INSERT INTO follow_up (uuid, created_at, updated_at, office_id, employer_id, interaction_id, "
        "owner_id, description, due) VALUES (?,?,?,?,?,?,?,?,?)");
    s.bind(1, f.meta.uuid);
    s.bind(2, f.meta.created_at.time_since_epoch().count());
    s.bind(3, f.meta.updated_at.time_since_epoch().count());
    s.bind(4, office_id);
    detail::bind_opt(s, 5, employer_id);
    detail::bind_opt(s, 6, interaction_id);
    s.bind(7, owner_id);
    s.bind(8, f.description);
    s.bind(9, f.due.iso());
    s.exec();
    f.meta.id = db.db->getLastInsertRowid();
    return f;
}

Id insert_interaction(detail::DbImpl& db, const Interaction& i) {
    auto s = db.stmt(
        "INSERT INTO interaction (uuid, created_at, updated_at, office_id, kind, on_date, at_minute, "
        "staff_id, employer_id, cluster_id, direction, summary, outcome, next_step) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    s.bind(1, i.meta.uuid);
    s.bind(2, i.meta.created_at.time_since_epoch().count());
    s.bind(3, i.meta.updated_at.time_since_epoch().count());
    s.bind(4, i.office_id);
    s.bind(5, std::string(to_string(i.kind)));
    s.bind(6, i.on.iso());
    if (i.at_minute) s.bind(7, *i.at_minute);
    else s.bind(7);
    s.bind(8, i.staff_id);
    detail::bind_opt(s, 9, i.employer_id);
    detail::bind_opt(s, 10, i.cluster_id);
    s.bind(11, std::string(to_string(i.direction)));
    s.bind(12, i.summary);
    s.bind(13, i.outcome);
    s.bind(14, i.next_step);
    s.exec();
    return db.db->getLastInsertRowid();
}

// Keeps the interaction as it is now as a revision, before it changes.
void save_revision(detail::DbImpl& db, const Interaction& i, const std::string& reason) {
    auto s = db.stmt(
        "INSERT INTO interaction_revision (uuid, created_at, updated_at, interaction_id, revision, kind, "
        "on_date, at_minute, staff_id, direction, summary, outcome, next_step, reason) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    const auto now = db.now_us();
    s.bind(1, new_uuid());
    s.bind(2, now);
    s.bind(3, now);
    s.bind(4, i.meta.id);
    s.bind(5, i.revision);
    s.bind(6, std::string(to_string(i.kind)));
    s.bind(7, i.on.iso());
    if (i.at_minute) s.bind(8, *i.at_minute);
    else s.bind(8);
    s.bind(9, i.staff_id);
    s.bind(10, std::string(to_string(i.direction)));
    s.bind(11, i.summary);
    s.bind(12, i.outcome);
    s.bind(13, i.next_step);
    s.bind(14, reason);
    s.exec();
}

// A contact with one employer, checked and ready to insert: log() and log_many() share it.
struct PreparedLog {
    Interaction i;
    std::vector<std::pair<Id, NewCommitment>> commitments;  ///< (owner, commitment)
    std::vector<std::pair<Id, NewFollowUp>> follow_ups;     ///< (owner, follow-up)
};

// Every check of log(), against the records `refs` looks up; writes nothing.
PreparedLog prepare_log(const NewInteraction& in, detail::References& refs, Date today) {
    if (in.kind == InteractionKind::ClusterMeeting)
        throw ValidationError("kind", "cluster_meeting", "use log_cluster_meeting for a cluster meeting");
    check_minute(in.at_minute);
    check_not_future(in.on, today);
    const Employer& e = refs.employer(in.employer_id);
    const StaffMember& s = refs.staff(in.staff_id);
    check_staff(s, e.office_id, in.on, "staff");
    for (Id c : in.contacts)
        if (refs.contact_employer(c) != e.meta.id)
            throw ValidationError("contacts", std::to_string(c), "is not a contact of " + e.legal_name);
    PreparedLog p;
    Interaction& i = p.i;
    i.office_id = e.office_id;
    i.kind = in.kind;
    i.on = in.on;
    i.at_minute = in.at_minute;
    i.staff_id = s.meta.id;
    i.employer_id = e.meta.id;
    i.direction = in.direction;
    i.summary = std::string(detail::trim(in.summary));
    i.outcome = std::string(detail::trim(in.outcome));
    i.next_step = std::string(detail::trim(in.next_step));
    i.contacts = in.contacts;
    for (const auto& c : in.commitments) {
        if (c.owner_id)
            check_staff(refs.staff(c.owner_id, "commitments.owner"), e.office_id, in.on, "commitments.owner");
        required_text(c.description, "commitments.description");
        p.commitments.emplace_back(c.owner_id ? c.owner_id : s.meta.id, c);
    }
    for (const auto& f : in.follow_ups) {
        if (f.owner_id)
            check_staff(refs.staff(f.owner_id, "follow_ups.owner"), e.office_id, in.on, "follow_ups.owner");
        required_text(f.description, "follow_ups.description");
        p.follow_ups.emplace_back(f.owner_id ? f.owner_id : s.meta.id, f);
    }
    return p;
}

// Writes a prepared contact with its contacts, commitments and follow-ups (inside the caller's
// scope); fills in its id and metadata.
Id insert_log(detail::DbImpl& db, PreparedLog& p) {
    Interaction& i = p.i;
    i.meta = db.new_meta();
    i.meta.id = insert_interaction(db, i);
    insert_contacts(db, i.meta.id, i.contacts);
    for (const auto& [owner, c] : p.commitments)
        insert_commitment(db, i.office_id, *i.employer_id, i.meta.id, owner, c);
    for (const auto& [owner, f] : p.follow_ups)
        insert_follow_up(db, i.office_id, i.employer_id, i.meta.id, owner, f);
    return i.meta.id;
}

}  // namespace


// ---- Interactions ------------------------------------------------------------------------

Interaction Interactions::log(const NewInteraction& in) {
    detail::WriteScope write(*db_);
    detail::References refs(*db_, false);
    PreparedLog p = prepare_log(in, refs, db_->today());
    insert_log(*db_, p);
    return p.i;
}

std::vector<Id> Interactions::log_many(const std::vector<NewInteraction>& rows) {
    detail::WriteScope write(*db_);
    detail::References refs(*db_, true);
    const Date today = db_->today();
    return detail::insert_rows(
        *db_, rows, [&](const NewInteraction& in) { return prepare_log(in, refs, today); },
        [&](PreparedLog& p) { return insert_log(*db_, p); });
}

Interaction Interactions::log_cluster_meeting(const NewClusterMeeting& in) {
    detail::WriteScope write(*db_);
    check_minute(in.at_minute);
    check_not_future(*db_, in.on);
    const Cluster c = Clusters(*db_).get(in.cluster_id);
    const StaffMember s = staff_for(*db_, in.staff_id, c.office_id, in.on, "staff");
    const auto members = Clusters(*db_).members(c.meta.id, in.on);
    for (Id a : in.attended)
        if (std::find(members.begin(), members.end(), a) == members.end())
            throw ValidationError("attended", std::to_string(a),
                                  "is not a member of " + c.name + " on " + in.on.iso());
    for (Id k : in.contacts) {
        const Id employer = Contacts(*db_).get(k).employer_id;
        if (std::find(members.begin(), members.end(), employer) == members.end() &&
            (!c.representative_id || *c.representative_id != k))
            throw ValidationError("contacts", std::to_string(k), "does not work for a member of " + c.name);
    }
    for (const auto& f : in.follow_ups) {
        if (f.owner_id) staff_for(*db_, f.owner_id, c.office_id, in.on, "follow_ups.owner");
        required_text(f.description, "follow_ups.description");
    }
    Interaction i;
    i.meta = db_->new_meta();
    i.office_id = c.office_id;
    i.kind = InteractionKind::ClusterMeeting;
    i.on = in.on;
    i.at_minute = in.at_minute;
    i.staff_id = s.meta.id;
    i.cluster_id = c.meta.id;
    i.summary = std::string(detail::trim(in.summary));
    i.outcome = std::string(detail::trim(in.outcome));
    i.next_step = std::string(detail::trim(in.next_step));
    i.contacts = in.contacts;
    i.meta.id = insert_interaction(*db_, i);
    insert_contacts(*db_, i.meta.id, in.contacts);
    for (Id m : members) {
        const bool present = std::find(in.attended.begin(), in.attended.end(), m) != in.attended.end();
        auto a = db_->stmt(
            "INSERT INTO interaction_attendance (interaction_id, employer_id, attended) VALUES (?,?,?)");
        a.bind(1, i.meta.id);
        a.bind(2, m);
        a.bind(3, present ? 1 : 0);
        a.exec();
        (present ? i.attended : i.absent).push_back(m);
    }
    for (const auto& f : in.follow_ups)
        insert_follow_up(*db_, c.office_id, std::nullopt, i.meta.id, f.owner_id ? f.owner_id : s.meta.id, f);
    return i;
}

Interaction Interactions::get(Id id) const {
    auto s = db_->stmt(std::string("SELECT ") + kInteractionCols + " FROM interaction WHERE id = ?");
    s.bind(1, id);
    if (!s.executeStep()) throw NotFound("interaction", std::to_string(id));
    std::vector<Interaction> v{interaction_of(s)};
    load_children(*db_, v);
    return v.front();
}

Interaction Interactions::correct(Id id, const InteractionCorrection& c) {
    detail::WriteScope write(*db_);
    Interaction i = get(id);
    if (i.deleted) throw Conflict("interaction " + std::to_string(id) + " was removed; it cannot be corrected");
    Interaction n = i;
    if (c.kind) {
        if ((*c.kind == InteractionKind::ClusterMeeting) != (i.kind == InteractionKind::ClusterMeeting))
            throw ValidationError("kind", std::string(to_string(*c.kind)),
                                  "a cluster meeting and a contact with one employer are not interchangeable");
        n.kind = *c.kind;
    }
    if (c.on) {
        check_not_future(*db_, *c.on);
        n.on = *c.on;
    }
    if (c.at_minute) n.at_minute = *c.at_minute;
    check_minute(n.at_minute);
    if (c.staff_id) n.staff_id = *c.staff_id;
    if (c.staff_id || c.on) staff_for(*db_, n.staff_id, n.office_id, n.on, "staff");
    if (c.direction) n.direction = *c.direction;
    if (c.summary) n.summary = std::string(detail::trim(*c.summary));
    if (c.outcome) n.outcome = std::string(detail::trim(*c.outcome));
    if (c.next_step) n.next_step = std::string(detail::trim(*c.next_step));
    save_revision(*db_, i, c.reason);
    auto s = db_->stmt(
        "UPDATE interaction SET kind = ?, on_date = ?, at_minute = ?, staff_id = ?, direction = ?, "
        "summary = ?, outcome = ?, next_step = ?, revision = revision + 1, updated_at = ? WHERE id = ?");
    s.bind(1, std::string(to_string(n.kind)));
    s.bind(2, n.on.iso());
    if (n.at_minute) s.bind(3, *n.at_minute);
    else s.bind(3);
    s.bind(4, n.staff_id);
    s.bind(5, std::string(to_string(n.direction)));
    s.bind(6, n.summary);
    s.bind(7, n.outcome);
    s.bind(8, n.next_step);
    s.bind(9, db_->now_us());
    s.bind(10, id);
    s.exec();
    return get(id);
}

Interaction Interactions::remove(Id id, const std::string& reason) {
    detail::WriteScope write(*db_);
    Interaction i = get(id);
    if (i.deleted) return i;
    save_revision(*db_, i, "removed: " + reason);
    auto s = db_->stmt(
        "UPDATE interaction SET deleted_at = ?, updated_at = ?, revision = revision + 1 WHERE id = ?");
    const auto now = db_->now_us();
    s.bind(1, now);
    s.bind(2, now);
    s.bind(3, id);
    s.exec();
    return get(id);
}

std::vector<InteractionRevision> Interactions::revisions(Id id) const {
    get(id);
    auto s = db_->stmt(
        "SELECT interaction_id, revision, kind, on_date, at_minute, staff_id, direction, summary, outcome, "
        "next_step, created_at, reason FROM interaction_revision WHERE interaction_id = ? ORDER BY revision");
    s.bind(1, id);
    std::vector<InteractionRevision> out;
    while (s.executeStep()) {
        InteractionRevision r;
        r.interaction_id = s.getColumn(0).getInt64();
        r.revision = s.getColumn(1).getInt();
        r.kind = parse_interaction_kind(s.getColumn(2).getString());
        r.on = detail::date_of(s.getColumn(3));
        if (!s.getColumn(4).isNull()) r.at_minute = s.getColumn(4).getInt();
        r.staff_id = s.getColumn(5).getInt64();
        r.direction = parse_direction(s.getColumn(6).getString());
        r.summary = s.getColumn(7).getString();
        r.outcome = s.getColumn(8).getString();
        r.next_step = s.getColumn(9).getString();
        r.replaced_at = detail::ts_of(s.getColumn(10).getInt64());
        r.reason = s.getColumn(11).getString();
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<Interaction> Interactions::of_employer(Id employer_id) const {
    Employers(*db_).get(employer_id);
    auto s = db_->stmt(std::string("SELECT ") + kInteractionCols +
                        " FROM interaction WHERE deleted_at IS NULL AND (employer_id = ?1 OR id IN "
                        "(SELECT interaction_id FROM interaction_attendance WHERE employer_id = ?1 AND attended = 1)) "
                        "ORDER BY on_date DESC, coalesce(at_minute, -1) DESC, id DESC");
    s.bind(1, employer_id);
    std::vector<Interaction> out;
    while (s.executeStep()) out.push_back(interaction_of(s));
    load_children(*db_, out);
    return out;
}

namespace {

// The listing's columns, added to a table in their order.
struct ListingColumns {
    explicit ListingColumns(Table& t)
        : id(t.add_column("id", ColumnType::Int)),
          uuid(t.add_column("uuid", ColumnType::Text)),
          date(t.add_column("date", ColumnType::Date)),
          time(t.add_column("time", ColumnType::Text)),
          kind(t.add_column("kind", ColumnType::Text)),
          employer_id(t.add_column("employer_id", ColumnType::Int)),
          employer(t.add_column("employer", ColumnType::Text)),
          cluster_id(t.add_column("cluster_id", ColumnType::Int)),
          cluster(t.add_column("cluster", ColumnType::Text)),
          staff_id(t.add_column("staff_id", ColumnType::Int)),
          staff(t.add_column("staff", ColumnType::Text)),
          direction(t.add_column("direction", ColumnType::Text)),
          attended(t.add_column("attended", ColumnType::Bool)),
          summary(t.add_column("summary", ColumnType::Text)),
          outcome(t.add_column("outcome", ColumnType::Text)),
          next_step(t.add_column("next_step", ColumnType::Text)),
          revision(t.add_column("revision", ColumnType::Int)) {}
    Column &id, &uuid, &date, &time, &kind, &employer_id, &employer, &cluster_id, &cluster, &staff_id, &staff,
        &direction, &attended, &summary, &outcome, &next_step, &revision;
};

// Where a row goes in the listing: by day, time (none first), interaction, employer.
struct ListingKey {
    std::int64_t day = 0;
    int minute = -1;
    Id id = 0;
    Id employer = 0;
    friend auto operator<=>(const ListingKey&, const ListingKey&) = default;
};

// Row r of `from` appended to `to`, a table with the same columns.
void append_row(Table& to, const Table& from, std::size_t r) {
    auto c = from.columns().begin();
    for (auto& d : to.columns()) {
        if (!c->valid[r]) d.push_null();
        else if (c->type == ColumnType::Real) d.push_real(c->reals[r]);
        else if (c->type == ColumnType::Text) d.push_text(c->texts[r]);
        else d.push_int(c->ints[r]);
        ++c;
    }
}

}  // namespace

Table Interactions::table(Id office_id, std::optional<Date> from, std::optional<Date> to) const {
    detail::check_office(*db_, office_id);
    // Names come from maps read once; the rows straight from the interaction table, in the
    // listing's order as the index interaction_office (office, day, time) holds them, with the
    // cluster meetings' attendance (read apart: a row per member) merged in as they go. No join,
    // no sort and no second copy of a million rows.
    std::unordered_map<Id, std::string> employer_name, staff_name, cluster_name;
    auto names = [&](const char* sql, std::unordered_map<Id, std::string>& into) {
        auto q = db_->stmt(sql);
        q.bind(1, office_id);
        while (q.executeStep()) into.emplace(q.getColumn(0).getInt64(), q.getColumn(1).getString());
    };
    names("SELECT id, legal_name FROM employer WHERE office_id = ?", employer_name);
    names("SELECT id, name FROM staff WHERE office_id = ?", staff_name);
    names("SELECT id, name FROM cluster WHERE office_id = ?", cluster_name);

    const std::string first = from ? from->iso() : std::string("0000-01-01");
    const std::string last = to ? to->iso() : std::string("9999-12-31");
    // Read straight into the table's columns on SQLite's C API (a million rows: the wrapper's
    // per-cell objects cost more than the reading). `before` sees each row's key first. Flattened:
    // left to itself the compiler calls out for each of the 17 columns' pushes, a tenth of the
    // listing's instructions.
    auto read = [&](const std::string& sql, ListingColumns& c, auto&& before) __attribute__((flatten)) {
        detail::RawStmt s(*db_, sql);
        s.bind(1, office_id);
        s.bind(2, first);
        s.bind(3, last);
        std::string on;  // rows come by day: each day parsed once
        ListingKey k;
        while (s.step()) {
            if (const auto d = s.text(2); d != on) {
                k.day = Date::parse(d).days();
                on = d;
            }
            k.minute = s.is_null(3) ? -1 : static_cast<int>(s.int64(3));
            k.id = s.int64(0);
            k.employer = s.int64(5);
            before(k);
            c.id.push_int(k.id);
            c.uuid.push_text(s.text(1));
            c.date.push_int(k.day);
            if (k.minute >= 0) c.time.push_text(detail::hhmm(k.minute));
            else c.time.push_null();
            c.kind.push_text(s.text(4));
            c.employer_id.push_int(k.employer);
            c.employer.push_text(employer_name[k.employer]);
            if (s.is_null(6)) {
                c.cluster_id.push_null();
                c.cluster.push_null();
            } else {
                const Id cl = s.int64(6);
                c.cluster_id.push_int(cl);
                c.cluster.push_text(cluster_name[cl]);
            }
            const Id st = s.int64(7);
            c.staff_id.push_int(st);
            c.staff.push_text(staff_name[st]);
            c.direction.push_text(s.text(8));
            c.attended.push_int(s.int64(9) != 0);
            c.summary.push_text(s.text(10));
            c.outcome.push_text(s.text(11));
            c.next_step.push_text(s.text(12));
            c.revision.push_int(s.int64(13));
        }
    };

    // The cluster meetings' rows, one per member.
    Table attendance;
    ListingColumns attendance_columns(attendance);
    std::vector<ListingKey> attendance_keys;
    static const std::string attendance_sql =
        std::string("SELECT i.id, i.uuid, i.on_date, i.at_minute, i.kind, a.employer_id, i.cluster_id, i.staff_id, "
                    "i.direction, a.attended, i.summary, i.outcome, i.next_step, i.revision FROM ") +
        detail::kMeetingAttendance +
        " WHERE c.office_id = ?1 AND i.office_id = ?1 AND i.on_date BETWEEN ?2 AND ?3 AND i.deleted_at IS NULL";
    read(attendance_sql, attendance_columns, [&](const ListingKey& k) { attendance_keys.push_back(k); });
    // Put in order by their keys alone (SQL's sorter would copy every row).
    std::vector<std::uint32_t> attendance_order(attendance_keys.size());
    for (std::size_t i = 0; i < attendance_order.size(); ++i) attendance_order[i] = static_cast<std::uint32_t>(i);
    std::sort(attendance_order.begin(), attendance_order.end(),
              [&](std::uint32_t x, std::uint32_t y) { return attendance_keys[x] < attendance_keys[y]; });

    Table t;
    ListingColumns columns(t);
    std::size_t next = 0;
    // The order by is the index's own (a time-less row's null comes first): no sort.
    read("SELECT id, uuid, on_date, at_minute, kind, employer_id, cluster_id, staff_id, direction, 1, summary, "
         "outcome, next_step, revision FROM interaction INDEXED BY interaction_office "
         "WHERE office_id = ?1 AND on_date BETWEEN ?2 AND ?3 AND deleted_at IS NULL AND employer_id IS NOT NULL "
         "ORDER BY on_date, at_minute, id",
         columns, [&](const ListingKey& k) {
             for (; next < attendance_order.size() && attendance_keys[attendance_order[next]] < k; ++next)
                 append_row(t, attendance, attendance_order[next]);
         });
    for (; next < attendance_order.size(); ++next) append_row(t, attendance, attendance_order[next]);
    return t;
}

std::vector<cadence::ContactEvent> Interactions::contact_events(Id office_id) const {
    detail::check_office(*db_, office_id);
    static const std::string sql =
        std::string("SELECT employer_id, on_date, kind FROM interaction WHERE office_id = ?1 AND deleted_at IS NULL "
                    "AND employer_id IS NOT NULL "
                    "UNION ALL "
                    "SELECT a.employer_id, i.on_date, i.kind FROM ") +
        detail::kMeetingAttendance +
        " WHERE c.office_id = ?1 AND i.office_id = ?1 AND a.attended = 1 AND i.deleted_at IS NULL";
    auto s = db_->stmt(sql);
    s.bind(1, office_id);
    std::vector<cadence::ContactEvent> out;
    while (s.executeStep())
        out.push_back({s.getColumn(0).getInt64(), detail::date_of(s.getColumn(1)),
                       parse_interaction_kind(s.getColumn(2).getString())});
    return out;
}

// ---- Commitments -------------------------------------------------------------------------

namespace {

constexpr const char* kCommitmentCols =
    "id, uuid, created_at, updated_at, office_id, employer_id, interaction_id, owner_id, description, due, "
    "status, closed_on, reason";

Commitment commitment_of(SQLite::Statement& s) {
    Commitment c;
    c.meta = detail::meta_of(s);
    c.office_id = s.getColumn(4).getInt64();
    c.employer_id = s.getColumn(5).getInt64();
    c.interaction_id = detail::opt_id(s.getColumn(6));
    c.owner_id = s.getColumn(7).getInt64();
    c.description = s.getColumn(8).getString();
    c.due = detail::date_of(s.getColumn(9));
    c.status = parse_enum<CommitmentStatus>(s.getColumn(10).getString());
    c.closed_on = detail::opt_date(s.getColumn(11));
    c.reason = s.getColumn(12).getString();
    return c;
}

// "office_id = ?1 AND (?2 IS NULL OR owner_id = ?2) AND (?3 IS NULL OR employer_id = ?3)"
void bind_filter(SQLite::Statement& s, const TaskFilter& f) {
    s.bind(1, f.office_id);
    detail::bind_opt(s, 2, f.staff_id);
    detail::bind_opt(s, 3, f.employer_id);
}
constexpr const char* kFilter =
    " office_id = ?1 AND (?2 IS NULL OR owner_id = ?2) AND (?3 IS NULL OR employer_id = ?3) ";

}  // namespace

Commitment Commitments::add(Id employer_id, const NewCommitment& in, std::optional<Id> interaction_id) {
    detail::WriteScope write(*db_);
    const Employer e = Employers(*db_).get(employer_id);
    const Id owner = in.owner_id ? in.owner_id : e.owner_id;
    staff_for(*db_, owner, e.office_id, db_->today(), "owner");
    if (interaction_id) Interactions(*db_).get(*interaction_id);
    return insert_commitment(*db_, e.office_id, e.meta.id, interaction_id, owner, in);
}

Commitment Commitments::get(Id id) const {
    auto s = db_->stmt(std::string("SELECT ") + kCommitmentCols + " FROM commitment WHERE id = ?");
    s.bind(1, id);
    if (!s.executeStep()) throw NotFound("commitment", std::to_string(id));
    return commitment_of(s);
}

namespace {
Commitment close_commitment(detail::DbImpl& db, Commitments& repo, Id id, Date on, CommitmentStatus status,
                            const std::string& reason) {
    detail::WriteScope write(db);
    const Commitment c = repo.get(id);
    if (c.status != CommitmentStatus::Open)
        throw Conflict("commitment " + std::to_string(id) + " is already " + std::string(to_string(c.status)));
    auto s = db.stmt("UPDATE commitment SET status = ?, closed_on = ?, reason = ?, updated_at = ? WHERE id = ?");
    s.bind(1, std::string(to_string(status)));
    s.bind(2, on.iso());
    s.bind(3, reason);
    s.bind(4, db.now_us());
    s.bind(5, id);
    s.exec();
    return repo.get(id);
}
}  // namespace

Commitment Commitments::keep(Id id, Date on) { return close_commitment(*db_, *this, id, on, CommitmentStatus::Kept, ""); }

Commitment Commitments::cancel(Id id, Date on, const std::string& reason) {
    return close_commitment(*db_, *this, id, on, CommitmentStatus::Cancelled, required_text(reason, "reason"));
}

std::vector<Commitment> Commitments::open(const TaskFilter& f) const {
    detail::check_office(*db_, f.office_id);
    auto s = db_->stmt(std::string("SELECT ") + kCommitmentCols + " FROM commitment WHERE" + kFilter +
                        "AND status = 'open' ORDER BY due, id");
    bind_filter(s, f);
    std::vector<Commitment> out;
    while (s.executeStep()) out.push_back(commitment_of(s));
    return out;
}

std::vector<Commitment> Commitments::overdue(const TaskFilter& f, Date day) const {
    detail::check_office(*db_, f.office_id);
    std::vector<Commitment> out;
    for (auto& c : open(f))
        if (c.overdue_on(day)) out.push_back(std::move(c));
    return out;
}

Table Commitments::table(const TaskFilter& f) const {
    detail::check_office(*db_, f.office_id);
    auto s = db_->stmt(
        "SELECT c.id, c.uuid, c.employer_id, e.legal_name, c.owner_id, st.name, c.description, c.due, c.status, "
        "c.closed_on, c.reason, c.interaction_id FROM commitment c JOIN employer e ON e.id = c.employer_id "
        "JOIN staff st ON st.id = c.owner_id WHERE c.office_id = ?1 AND (?2 IS NULL OR c.owner_id = ?2) "
        "AND (?3 IS NULL OR c.employer_id = ?3) ORDER BY c.due, c.id");
    bind_filter(s, f);
    Table t;
    auto& id = t.add_column("id", ColumnType::Int);
    auto& uuid = t.add_column("uuid", ColumnType::Text);
    auto& employer_id = t.add_column("employer_id", ColumnType::Int);
    auto& employer = t.add_column("employer", ColumnType::Text);
    auto& owner_id = t.add_column("owner_id", ColumnType::Int);
    auto& owner = t.add_column("owner", ColumnType::Text);
    auto& description = t.add_column("description", ColumnType::Text);
    auto& due = t.add_column("due", ColumnType::Date);
    auto& status = t.add_column("status", ColumnType::Text);
    auto& closed = t.add_column("closed_on", ColumnType::Date);
    auto& reason = t.add_column("reason", ColumnType::Text);
    auto& interaction = t.add_column("interaction_id", ColumnType::Int);
    while (s.executeStep()) {
        id.push_int(s.getColumn(0).getInt64());
        uuid.push_text(s.getColumn(1).getString());
        employer_id.push_int(s.getColumn(2).getInt64());
        employer.push_text(s.getColumn(3).getString());
        owner_id.push_int(s.getColumn(4).getInt64());
        owner.push_text(s.getColumn(5).getString());
        description.push_text(s.getColumn(6).getString());
        due.push_int(detail::date_of(s.getColumn(7)).days());
        status.push_text(s.getColumn(8).getString());
        if (s.getColumn(9).isNull()) closed.push_null();
        else closed.push_int(detail::date_of(s.getColumn(9)).days());
        reason.push_text(s.getColumn(10).getString());
        if (s.getColumn(11).isNull()) interaction.push_null();
        else interaction.push_int(s.getColumn(11).getInt64());
    }
    return t;
}

// ---- Follow-ups --------------------------------------------------------------------------

namespace {
constexpr const char* kFollowUpCols =
    "id, uuid, created_at, updated_at, office_id, employer_id, interaction_id, owner_id, description, due, done_on";

FollowUp follow_up_of(SQLite::Statement& s) {
    FollowUp f;
    f.meta = detail::meta_of(s);
    f.office_id = s.getColumn(4).getInt64();
    f.employer_id = detail::opt_id(s.getColumn(5));
    f.interaction_id = detail::opt_id(s.getColumn(6));
    f.owner_id = s.getColumn(7).getInt64();
    f.description = s.getColumn(8).getString();
    f.due = detail::date_of(s.getColumn(9));
    f.done_on = detail::opt_date(s.getColumn(10));
    return f;
}
}  // namespace

FollowUp FollowUps::add(Id office_id, const NewFollowUp& in, std::optional<Id> employer_id,
                        std::optional<Id> interaction_id) {
    detail::WriteScope write(*db_);
    detail::check_office(*db_, office_id);
    if (!in.owner_id) throw ValidationError("owner", "", "is required");
    staff_for(*db_, in.owner_id, office_id, db_->today(), "owner");
    if (employer_id && Employers(*db_).get(*employer_id).office_id != office_id)
        throw ValidationError("employer", std::to_string(*employer_id), "belongs to another office");
    if (interaction_id) Interactions(*db_).get(*interaction_id);
    return insert_follow_up(*db_, office_id, employer_id, interaction_id, in.owner_id, in);
}

FollowUp FollowUps::get(Id id) const {
    auto s = db_->stmt(std::string("SELECT ") + kFollowUpCols + " FROM follow_up WHERE id = ?");
    s.bind(1, id);
    if (!s.executeStep()) throw NotFound("follow-up", std::to_string(id));
    return follow_up_of(s);
}

FollowUp FollowUps::done(Id id, Date on) {
    detail::WriteScope write(*db_);
    const FollowUp f = get(id);
    if (f.done_on) throw Conflict("follow-up " + std::to_string(id) + " was already done on " + f.done_on->iso());
    auto s = db_->stmt("UPDATE follow_up SET done_on = ?, updated_at = ? WHERE id = ?");
    s.bind(1, on.iso());
    s.bind(2, db_->now_us());
    s.bind(3, id);
    s.exec();
    return get(id);
}

std::vector<FollowUp> FollowUps::open(const TaskFilter& f) const {
    detail::check_office(*db_, f.office_id);
    auto s = db_->stmt(std::string("SELECT ") + kFollowUpCols + " FROM follow_up WHERE" + kFilter +
                        "AND done_on IS NULL ORDER BY due, id");
    bind_filter(s, f);
    std::vector<FollowUp> out;
    while (s.executeStep()) out.push_back(follow_up_of(s));
    return out;
}

std::vector<FollowUp> FollowUps::overdue(const TaskFilter& f, Date day) const {
    detail::check_office(*db_, f.office_id);
    std::vector<FollowUp> out;
    for (auto& x : open(f))
        if (x.overdue_on(day)) out.push_back(std::move(x));
    return out;
}

}  // namespace omilcrm
