// The interaction log, commitments and follow-ups: the SQL.
#include "store/interactions.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <unordered_map>

#include "store/sqlite.hpp"
#include "text.hpp"

namespace omilcrm::store {

namespace {

constexpr const char* kInteractionCols =
    "id, uuid, created_at, updated_at, office_id, kind, on_date, at_minute, staff_id, employer_id, "
    "cluster_id, direction, summary, outcome, next_step, revision, deleted_at";

Interaction interaction_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    Interaction i;
    i.meta = r.meta();
    i.office_id = r.get<Id>();
    i.kind = parse_enum<InteractionKind>(r.get<std::string>());
    i.on = r.get<Date>();
    i.at_minute = r.get<std::optional<int>>();
    i.staff_id = r.get<Id>();
    i.employer_id = r.get<std::optional<Id>>();
    i.cluster_id = r.get<std::optional<Id>>();
    i.direction = parse_enum<Direction>(r.get<std::string>());
    i.summary = r.get<std::string>();
    i.outcome = r.get<std::string>();
    i.next_step = r.get<std::string>();
    i.revision = r.get<int>();
    i.deleted = r.get<std::optional<std::int64_t>>().has_value();
    return i;
}

// Fills contacts and attendance of many interactions with two queries.
void load_children(DbImpl& db, std::vector<Interaction>& items) {
    if (items.empty()) return;
    std::map<Id, Interaction*> by_id;
    std::vector<Id> ids;
    for (auto& i : items) {
        by_id[i.meta.id] = &i;
        ids.push_back(i.meta.id);
    }
    const std::string json = detail::json_ids(ids);
    auto c = db.stmt(
        "SELECT interaction_id, contact_id FROM interaction_contact "
        "WHERE interaction_id IN (SELECT value FROM json_each(?)) ORDER BY interaction_id, contact_id");
    c.bind_all(json);
    while (c.executeStep()) {
        detail::RowReader r(c);
        const Id interaction = r.get<Id>();
        by_id[interaction]->contacts.push_back(r.get<Id>());
    }
    auto a = db.stmt(
        "SELECT interaction_id, employer_id, attended FROM interaction_attendance "
        "WHERE interaction_id IN (SELECT value FROM json_each(?)) ORDER BY interaction_id, employer_id");
    a.bind_all(json);
    while (a.executeStep()) {
        detail::RowReader r(a);
        auto* i = by_id[r.get<Id>()];
        const Id employer = r.get<Id>();
        (r.get<bool>() ? i->attended : i->absent).push_back(employer);
    }
    auto p = db.stmt(
        "SELECT interaction_id, name, role, partner_id, department_id, organisation FROM interaction_participant "
        "WHERE interaction_id IN (SELECT value FROM json_each(?)) ORDER BY interaction_id, id");
    p.bind_all(json);
    while (p.executeStep()) {
        detail::RowReader r(p);
        auto* i = by_id[r.get<Id>()];
        Participant x;
        x.name = r.get<std::string>();
        x.role = r.get<std::string>();
        x.partner_id = r.get<std::optional<Id>>();
        x.department_id = r.get<std::optional<Id>>();
        x.organisation = r.get<std::string>();
        i->participants.push_back(std::move(x));
    }
}

}  // namespace

// ---- Interactions ------------------------------------------------------------------------

void insert_interaction(DbImpl& db, Interaction& i) {
    static const std::string sql =
        detail::insert_sql("interaction", {"office_id", "kind", "on_date", "at_minute", "staff_id", "employer_id",
                                           "cluster_id", "direction", "summary", "outcome", "next_step"});
    detail::insert_record(db, sql, i.meta, i.office_id, i.kind, i.on, i.at_minute, i.staff_id, i.employer_id,
                          i.cluster_id, i.direction, i.summary, i.outcome, i.next_step);
}

void insert_interaction_contacts(DbImpl& db, Id interaction_id, const std::vector<Id>& contacts) {
    for (Id c : contacts)
        db.stmt("INSERT OR IGNORE INTO interaction_contact (interaction_id, contact_id) VALUES (?, ?)")
            .bind_all(interaction_id, c)
            .exec();
}

void insert_interaction_participants(DbImpl& db, Id interaction_id, const std::vector<Participant>& people) {
    if (people.empty()) return;
    auto s = db.stmt(
        "INSERT INTO interaction_participant (interaction_id, name, role, partner_id, department_id, organisation) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    for (const auto& x : people) {
        s.reset();
        s.bind_all(interaction_id, x.name, x.role, x.partner_id, x.department_id, x.organisation);
        s.exec();
    }
}

std::vector<ParticipantLine> participant_lines(DbImpl& db, const ParticipantFilter& f) {
    auto s = db.stmt(
        "SELECT x.interaction_id, i.on_date, i.kind, i.employer_id, i.cluster_id, i.staff_id, x.name, x.role, "
        "x.partner_id, p.name, x.department_id, d.name, x.organisation FROM interaction_participant x "
        "JOIN interaction i ON i.id = x.interaction_id LEFT JOIN partner p ON p.id = x.partner_id "
        "LEFT JOIN department d ON d.id = x.department_id WHERE i.office_id = ?1 AND i.deleted_at IS NULL "
        "AND (?2 IS NULL OR x.partner_id = ?2) AND (?3 IS NULL OR x.department_id = ?3) "
        "AND (?4 IS NULL OR i.on_date >= ?4) AND (?5 IS NULL OR i.on_date <= ?5) "
        "ORDER BY i.on_date DESC, i.id DESC, x.id");
    s.bind_all(f.office_id, f.partner_id, f.department_id, f.from, f.to);
    std::vector<ParticipantLine> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        ParticipantLine l;
        l.interaction_id = r.get<Id>();
        l.on = r.get<Date>();
        l.kind = parse_enum<InteractionKind>(r.get<std::string>());
        l.employer_id = r.get<std::optional<Id>>();
        l.cluster_id = r.get<std::optional<Id>>();
        l.staff_id = r.get<Id>();
        l.participant.name = r.get<std::string>();
        l.participant.role = r.get<std::string>();
        l.participant.partner_id = r.get<std::optional<Id>>();
        l.partner = r.get<std::optional<std::string>>().value_or("");
        l.participant.department_id = r.get<std::optional<Id>>();
        l.department = r.get<std::optional<std::string>>().value_or("");
        l.participant.organisation = r.get<std::string>();
        out.push_back(std::move(l));
    }
    return out;
}

void insert_attendance(DbImpl& db, Id interaction_id, Id employer_id, bool attended) {
    db.stmt("INSERT INTO interaction_attendance (interaction_id, employer_id, attended) VALUES (?,?,?)")
        .bind_all(interaction_id, employer_id, attended)
        .exec();
}

std::optional<Interaction> find_interaction(DbImpl& db, Id id) {
    std::vector<Interaction> v;
    {
        auto s = db.stmt(std::string("SELECT ") + kInteractionCols + " FROM interaction WHERE id = ?");
        s.bind_all(id);
        if (!s.executeStep()) return std::nullopt;
        v.push_back(interaction_of(s));
    }
    load_children(db, v);
    return std::move(v.front());
}

void insert_interaction_revision(DbImpl& db, const Interaction& i, const std::string& reason) {
    static const std::string sql = detail::insert_sql(
        "interaction_revision", {"interaction_id", "revision", "kind", "on_date", "at_minute", "staff_id", "direction",
                                 "summary", "outcome", "next_step", "reason", "actor"});
    RecordMeta meta = db.new_meta();
    detail::insert_record(db, sql, meta, i.meta.id, i.revision, i.kind, i.on, i.at_minute, i.staff_id, i.direction,
                          i.summary, i.outcome, i.next_step, reason, detail::actor_column(db));
}

void update_interaction(DbImpl& db, const Interaction& i) {
    db.stmt(
          "UPDATE interaction SET kind = ?, on_date = ?, at_minute = ?, staff_id = ?, direction = ?, "
          "summary = ?, outcome = ?, next_step = ?, revision = revision + 1, updated_at = ? WHERE id = ?")
        .bind_all(i.kind, i.on, i.at_minute, i.staff_id, i.direction, i.summary, i.outcome, i.next_step, db.now_us(),
                  i.meta.id)
        .exec();
}

void mark_interaction_removed(DbImpl& db, Id id) {
    const auto now = db.now_us();
    db.stmt("UPDATE interaction SET deleted_at = ?, updated_at = ?, revision = revision + 1 WHERE id = ?")
        .bind_all(now, now, id)
        .exec();
}

std::vector<InteractionRevision> list_interaction_revisions(DbImpl& db, Id interaction_id) {
    auto s = db.stmt(
        "SELECT interaction_id, revision, kind, on_date, at_minute, staff_id, direction, summary, outcome, "
        "next_step, created_at, reason, actor FROM interaction_revision WHERE interaction_id = ? ORDER BY revision");
    s.bind_all(interaction_id);
    std::vector<InteractionRevision> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        InteractionRevision v;
        v.interaction_id = r.get<Id>();
        v.revision = r.get<int>();
        v.kind = parse_enum<InteractionKind>(r.get<std::string>());
        v.on = r.get<Date>();
        v.at_minute = r.get<std::optional<int>>();
        v.staff_id = r.get<Id>();
        v.direction = parse_enum<Direction>(r.get<std::string>());
        v.summary = r.get<std::string>();
        v.outcome = r.get<std::string>();
        v.next_step = r.get<std::string>();
        v.replaced_at = r.get<Timestamp>();
        v.reason = r.get<std::string>();
        v.actor = r.get<std::optional<std::string>>();
        out.push_back(std::move(v));
    }
    return out;
}

std::vector<Interaction> interactions_of_employer(DbImpl& db, Id employer_id) {
    std::vector<Interaction> out;
    {
        auto s = db.stmt(std::string("SELECT ") + kInteractionCols +
                         " FROM interaction WHERE deleted_at IS NULL AND (employer_id = ?1 OR id IN "
                         "(SELECT interaction_id FROM interaction_attendance WHERE employer_id = ?1 AND attended = 1)) "
                         "ORDER BY on_date DESC, coalesce(at_minute, -1) DESC, id DESC");
        s.bind_all(employer_id);
        while (s.executeStep()) out.push_back(interaction_of(s));
    }
    load_children(db, out);
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

Table interaction_table(DbImpl& db, Id office_id, std::optional<Date> from, std::optional<Date> to) {
    // Names come from maps read once; the rows straight from the interaction table, in the
    // listing's order as the index interaction_office (office, day, time) holds them, with the
    // cluster meetings' attendance (read apart: a row per member) merged in as they go. No join,
    // no sort and no second copy of a million rows.
    std::unordered_map<Id, std::string> employer_name, staff_name, cluster_name;
    auto names = [&](const char* sql, std::unordered_map<Id, std::string>& into) {
        auto q = db.stmt(sql);
        q.bind_all(office_id);
        while (q.executeStep()) {
            detail::RowReader r(q);
            const Id id = r.get<Id>();
            into.emplace(id, r.get<std::string>());
        }
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
        detail::RawStmt s(db, sql);
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
        std::string(
            "SELECT i.id, i.uuid, i.on_date, i.at_minute, i.kind, a.employer_id, i.cluster_id, i.staff_id, "
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
    {
        // Room for every row at once (the office's rows of the period, removed ones too: one
        // count over the index), and the text's bytes given back once read: columns grown a row
        // at a time held up to twice their size, and a region's listing held 150 MB more than it
        // needed.
        detail::RawStmt count(db,
                              "SELECT count(*) FROM interaction INDEXED BY interaction_office "
                              "WHERE office_id = ?1 AND on_date BETWEEN ?2 AND ?3");
        count.bind(1, office_id);
        count.bind(2, first);
        count.bind(3, last);
        const auto rows = static_cast<std::size_t>(count.step() ? count.int64(0) : 0) + attendance_keys.size();
        for (Column& c : t.columns()) c.reserve(rows);
    }
    std::size_t next = 0;
    // The order by is the index's own (a time-less row's null comes first): no sort.
    read(
        "SELECT id, uuid, on_date, at_minute, kind, employer_id, cluster_id, staff_id, direction, 1, summary, "
        "outcome, next_step, revision FROM interaction INDEXED BY interaction_office "
        "WHERE office_id = ?1 AND on_date BETWEEN ?2 AND ?3 AND deleted_at IS NULL AND employer_id IS NOT NULL "
        "ORDER BY on_date, at_minute, id",
        columns, [&](const ListingKey& k) {
            for (; next < attendance_order.size() && attendance_keys[attendance_order[next]] < k; ++next)
                append_row(t, attendance, attendance_order[next]);
        });
    for (; next < attendance_order.size(); ++next) append_row(t, attendance, attendance_order[next]);
    for (Column& c : t.columns()) c.shrink_to_fit();
    return t;
}

std::vector<cadence::ContactEvent> contact_events(DbImpl& db, Id office_id) {
    static const std::string sql =
        std::string(
            "SELECT employer_id, on_date, kind FROM interaction WHERE office_id = ?1 AND deleted_at IS NULL "
            "AND employer_id IS NOT NULL "
            "UNION ALL "
            "SELECT a.employer_id, i.on_date, i.kind FROM ") +
        detail::kMeetingAttendance +
        " WHERE c.office_id = ?1 AND i.office_id = ?1 AND a.attended = 1 AND i.deleted_at IS NULL";
    auto s = db.stmt(sql);
    s.bind_all(office_id);
    std::vector<cadence::ContactEvent> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        cadence::ContactEvent e;
        e.employer_id = r.get<Id>();
        e.on = r.get<Date>();
        e.kind = parse_enum<InteractionKind>(r.get<std::string>());
        out.push_back(e);
    }
    return out;
}

// ---- Commitments -------------------------------------------------------------------------

namespace {

constexpr const char* kCommitmentCols =
    "id, uuid, created_at, updated_at, office_id, employer_id, interaction_id, owner_id, description, due, "
    "status, closed_on, reason";

Commitment commitment_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    Commitment c;
    c.meta = r.meta();
    c.office_id = r.get<Id>();
    c.employer_id = r.get<Id>();
    c.interaction_id = r.get<std::optional<Id>>();
    c.owner_id = r.get<Id>();
    c.description = r.get<std::string>();
    c.due = r.get<Date>();
    c.status = parse_enum<CommitmentStatus>(r.get<std::string>());
    c.closed_on = r.get<std::optional<Date>>();
    c.reason = r.get<std::string>();
    return c;
}

// "office_id = ?1 AND (?2 IS NULL OR owner_id = ?2) AND (?3 IS NULL OR employer_id = ?3)"
void bind_filter(detail::Stmt& s, const TaskFilter& f) { s.bind_all(f.office_id, f.staff_id, f.employer_id); }
constexpr const char* kFilter =
    " office_id = ?1 AND (?2 IS NULL OR owner_id = ?2) AND (?3 IS NULL OR employer_id = ?3) ";

}  // namespace

void insert_commitment(DbImpl& db, Commitment& c) {
    static const std::string sql = detail::insert_sql(
        "commitment", {"office_id", "employer_id", "interaction_id", "owner_id", "description", "due"});
    detail::insert_record(db, sql, c.meta, c.office_id, c.employer_id, c.interaction_id, c.owner_id, c.description,
                          c.due);
}

std::optional<Commitment> find_commitment(DbImpl& db, Id id) {
    auto s = db.stmt(std::string("SELECT ") + kCommitmentCols + " FROM commitment WHERE id = ?");
    s.bind_all(id);
    if (!s.executeStep()) return std::nullopt;
    return commitment_of(s);
}

void close_commitment(DbImpl& db, Id id, CommitmentStatus status, Date on, const std::string& reason) {
    db.stmt("UPDATE commitment SET status = ?, closed_on = ?, reason = ?, updated_at = ? WHERE id = ?")
        .bind_all(status, on, reason, db.now_us(), id)
        .exec();
}

std::vector<Commitment> open_commitments(DbImpl& db, const TaskFilter& f) {
    auto s = db.stmt(std::string("SELECT ") + kCommitmentCols + " FROM commitment WHERE" + kFilter +
                     "AND status = 'open' ORDER BY due, id");
    bind_filter(s, f);
    std::vector<Commitment> out;
    while (s.executeStep()) out.push_back(commitment_of(s));
    return out;
}

std::vector<CommitmentLine> commitment_lines(DbImpl& db, const TaskFilter& f) {
    auto s = db.stmt(
        "SELECT c.id, c.uuid, c.employer_id, e.legal_name, c.owner_id, st.name, c.description, c.due, c.status, "
        "c.closed_on, c.reason, c.interaction_id FROM commitment c JOIN employer e ON e.id = c.employer_id "
        "JOIN staff st ON st.id = c.owner_id WHERE c.office_id = ?1 AND (?2 IS NULL OR c.owner_id = ?2) "
        "AND (?3 IS NULL OR c.employer_id = ?3) ORDER BY c.due, c.id");
    bind_filter(s, f);
    std::vector<CommitmentLine> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        CommitmentLine c;
        c.id = r.get<Id>();
        c.uuid = r.get<std::string>();
        c.employer_id = r.get<Id>();
        c.employer = r.get<std::string>();
        c.owner_id = r.get<Id>();
        c.owner = r.get<std::string>();
        c.description = r.get<std::string>();
        c.due = r.get<Date>();
        c.status = parse_enum<CommitmentStatus>(r.get<std::string>());
        c.closed_on = r.get<std::optional<Date>>();
        c.reason = r.get<std::string>();
        c.interaction_id = r.get<std::optional<Id>>();
        out.push_back(std::move(c));
    }
    return out;
}

// ---- Follow-ups --------------------------------------------------------------------------

namespace {

constexpr const char* kFollowUpCols =
    "id, uuid, created_at, updated_at, office_id, employer_id, interaction_id, owner_id, description, due, done_on";

FollowUp follow_up_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    FollowUp f;
    f.meta = r.meta();
    f.office_id = r.get<Id>();
    f.employer_id = r.get<std::optional<Id>>();
    f.interaction_id = r.get<std::optional<Id>>();
    f.owner_id = r.get<Id>();
    f.description = r.get<std::string>();
    f.due = r.get<Date>();
    f.done_on = r.get<std::optional<Date>>();
    return f;
}

}  // namespace

void insert_follow_up(DbImpl& db, FollowUp& f) {
    static const std::string sql = detail::insert_sql(
        "follow_up", {"office_id", "employer_id", "interaction_id", "owner_id", "description", "due"});
    detail::insert_record(db, sql, f.meta, f.office_id, f.employer_id, f.interaction_id, f.owner_id, f.description,
                          f.due);
}

std::optional<FollowUp> find_follow_up(DbImpl& db, Id id) {
    auto s = db.stmt(std::string("SELECT ") + kFollowUpCols + " FROM follow_up WHERE id = ?");
    s.bind_all(id);
    if (!s.executeStep()) return std::nullopt;
    return follow_up_of(s);
}

void set_follow_up_done(DbImpl& db, Id id, Date on) {
    db.stmt("UPDATE follow_up SET done_on = ?, updated_at = ? WHERE id = ?").bind_all(on, db.now_us(), id).exec();
}

std::vector<FollowUp> open_follow_ups(DbImpl& db, const TaskFilter& f) {
    auto s = db.stmt(std::string("SELECT ") + kFollowUpCols + " FROM follow_up WHERE" + kFilter +
                     "AND done_on IS NULL ORDER BY due, id");
    bind_filter(s, f);
    std::vector<FollowUp> out;
    while (s.executeStep()) out.push_back(follow_up_of(s));
    return out;
}

}  // namespace omilcrm::store
