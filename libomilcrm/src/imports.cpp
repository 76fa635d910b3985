// Imports from offices' spreadsheets: every row in its own savepoint inside one transaction, so
// a dry run, an all-or-nothing import and a skip-invalid import share the same checks.
#include <algorithm>
#include <initializer_list>
#include <map>

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "omilcrm/rut.hpp"
#include "store/impl.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {

using FieldList = std::vector<std::pair<std::string, std::vector<std::string>>>;

const FieldList& employer_fields() {
    static const FieldList f = {
        {"rut", {"rut", "rutempresa", "rutdelaempresa"}},
        {"legal_name", {"legalname", "razonsocial", "nombreempresa", "empresa", "nombre"}},
        {"trade_name", {"tradename", "nombredefantasia", "nombrefantasia", "fantasia"}},
        {"sector", {"sector", "rubro", "giro", "actividad", "actividadeconomica"}},
        {"size", {"size", "tamano", "tamanoempresa"}},
        {"address", {"address", "direccion", "domicilio"}},
        {"commune", {"commune", "comuna"}},
        {"visiting_hours", {"visitinghours", "horario", "horariodeatencion", "horariodevisita"}},
        {"status", {"status", "estado"}},
        {"notes", {"notes", "observaciones", "notas", "comentarios"}},
        {"segment", {"segment", "segmento"}},
        {"cluster", {"cluster", "parque", "parqueindustrial", "agrupacion", "asociacion"}},
        {"contact_name", {"contactname", "contacto", "nombrecontacto", "nombredecontacto"}},
        {"contact_role", {"contactrole", "cargo", "cargocontacto"}},
        {"contact_email", {"contactemail", "correo", "email", "correoelectronico", "mail", "emailcontacto"}},
        {"contact_phone", {"contactphone", "telefono", "fono", "celular", "phone", "telefonocontacto"}},
    };
    return f;
}

const FieldList& contact_fields() {
    static const FieldList f = {
        {"rut", {"rut", "rutempresa", "rutdelaempresa", "rutempleador"}},
        {"name", {"name", "nombre", "contacto", "nombrecontacto", "nombredecontacto"}},
        {"role", {"role", "cargo"}},
        {"email", {"email", "correo", "correoelectronico", "mail"}},
        {"phone", {"phone", "telefono", "fono", "celular"}},
        {"primary", {"primary", "principal", "contactoprincipal"}},
    };
    return f;
}

bool yes(const std::string& text) {
    const std::string t = detail::fold_text(text);
    if (t.empty() || t == "no" || t == "0" || t == "false" || t == "n") return false;
    if (t == "si" || t == "s" || t == "x" || t == "1" || t == "true" || t == "yes") return true;
    throw ValidationError("primary", text, "expected sí or no");
}

// Spanish words for sizes and statuses, as spreadsheets write them.
SizeBand size_of(const std::string& text) {
    const std::string t = detail::fold_text(text);
    if (t == "pequena" || t == "pequeña") return SizeBand::Small;
    if (t == "mediana") return SizeBand::Medium;
    if (t == "grande") return SizeBand::Large;
    if (t == "microempresa") return SizeBand::Micro;
    return parse_size_band(text);
}

EmployerStatus status_of(const std::string& text) {
    const std::string t = detail::fold_text(text);
    if (t == "activa" || t == "activo") return EmployerStatus::Active;
    if (t == "inactiva" || t == "inactivo") return EmployerStatus::Inactive;
    if (t == "prospecto" || t == "potencial") return EmployerStatus::Prospect;
    return parse_employer_status(text);
}

// Which column of the file feeds which field.
struct Columns {
    std::map<std::string, std::size_t> index;       // field -> column
    std::map<std::string, std::string> header_of;   // field -> the file's header
    std::vector<std::string> ignored;
};

Columns map_columns(const csv::Document& doc, const FieldList& fields, const ImportOptions& o) {
    Columns c;
    std::map<std::string, std::string> mapping;  // folded header -> field
    for (const auto& [header, field] : o.mapping) {
        const bool known = std::any_of(fields.begin(), fields.end(), [&](const auto& f) { return f.first == field; });
        if (!known) throw ValidationError("mapping", header + " -> " + field, "is not a field of this import");
        mapping[detail::fold_text(header)] = field;
    }
    for (std::size_t i = 0; i < doc.header.size(); ++i) {
        const std::string folded = detail::fold_text(doc.header[i]);
        std::string field;
        if (auto m = mapping.find(folded); m != mapping.end()) field = m->second;
        else
            for (const auto& [name, aliases] : fields)
                if (std::find(aliases.begin(), aliases.end(), folded) != aliases.end()) field = name;
        if (field.empty() || c.index.count(field)) {
            c.ignored.push_back(doc.header[i]);
            continue;
        }
        c.index[field] = i;
        c.header_of[field] = doc.header[i];
    }
    return c;
}

// The value of a field in a row ("" when the file has no such column).
struct Row {
    const Columns& c;
    const std::vector<std::string>& cells;
    std::string get(const std::string& field) const {
        auto it = c.index.find(field);
        return it == c.index.end() ? std::string() : std::string(detail::trim(cells[it->second]));
    }
    bool has(const std::string& field) const { return !get(field).empty(); }
};

// Runs `f` with errors tagged by the field whose value it is reading.
struct FieldError : Error {
    std::string field, value;
    FieldError(std::string f, std::string v, const std::string& why) : Error(why), field(std::move(f)), value(std::move(v)) {}
};

template <class F>
auto reading(const std::string& field, const std::string& value, F&& f) {
    try {
        return f();
    } catch (const ValidationError& e) {
        throw FieldError(field, value, e.reason());
    }
}

std::string rejected_csv(const csv::Document& doc, const std::vector<std::pair<std::size_t, std::string>>& bad) {
    // In the file's own delimiter, so that it opens as the original did.
    const char d = doc.delimiter;
    std::string out;
    for (std::size_t i = 0; i < doc.header.size(); ++i) out += (i ? std::string(1, d) : "") + csv::field(doc.header[i], d);
    out += d + std::string("problem\n");
    for (const auto& [r, why] : bad) {
        for (std::size_t i = 0; i < doc.rows[r].size(); ++i)
            out += (i ? std::string(1, d) : "") + csv::field(doc.rows[r][i], d);
        out += d + csv::field(why, d) + "\n";
    }
    return out;
}


// The rows of an import, each in its own savepoint inside one transaction: `each` does one row
// (and counts it as created, updated or unchanged); a row that throws is rolled back and
// reported. A dry run, or a rejected row without skip_invalid, writes nothing.
template <class Each>
ImportReport run_import(detail::DbImpl& db, const csv::Document& doc, const Columns& cols, const ImportOptions& o,
                        Each&& each) {
    ImportReport report;
    report.ignored_columns = cols.ignored;
    std::vector<std::pair<std::size_t, std::string>> bad;
    auto reject = [&](std::size_t r, const std::string& column, const std::string& value, const std::string& why) {
        report.problems.push_back({doc.lines[r], column, value, why});
        bad.push_back({r, column.empty() ? why : column + ": " + why});
    };
    auto column_of = [&](const std::string& field) {
        auto it = cols.header_of.find(field);
        return it != cols.header_of.end() ? it->second : field;
    };
    detail::Scope all(db);
    for (std::size_t r = 0; r < doc.rows.size(); ++r) {
        if (std::all_of(doc.rows[r].begin(), doc.rows[r].end(), [](const std::string& v) { return detail::trim(v).empty(); }))
            continue;
        ++report.rows;
        detail::Scope one(db);
        try {
            each(Row{cols, doc.rows[r]}, report);
            one.commit();
        } catch (const FieldError& e) {
            reject(r, column_of(e.field), e.value, e.what());
        } catch (const ValidationError& e) {
            reject(r, column_of(e.field()), e.value(), e.reason());
        } catch (const Error& e) {  // Conflict, NotFound: the row as a whole
            reject(r, "", "", e.what());
        }
        if (o.progress) o.progress(r + 1, doc.rows.size());
    }
    report.written = !o.dry_run && (report.problems.empty() || o.skip_invalid);
    if (report.written) all.commit();
    if (!bad.empty()) report.rejected_csv = rejected_csv(doc, bad);
    return report;
}

std::optional<Id> employer_by_rut(detail::DbImpl& db, Id office_id, const Rut& rut) {
    auto& q = db.stmt("SELECT id FROM employer WHERE office_id = ? AND rut = ?");
    q.bind(1, static_cast<std::int64_t>(office_id));
    q.bind(2, rut.compact());
    if (!q.executeStep()) return std::nullopt;
    return static_cast<Id>(q.getColumn(0).getInt64());
}

void require_columns(const csv::Document& doc, const Columns& cols, std::initializer_list<const char*> fields) {
    for (const char* required : fields)
        if (!cols.index.count(required))
            throw ValidationError("header", detail::join_list(doc.header, ';'),
                                  std::string("has no column for ") + required + " (map one with mapping)");
}
}  // namespace

Table Imports::export_employers(Id office_id) const {
    Offices(*db_).get(office_id);
    auto employers = Employers(*db_).list(office_id);
    std::sort(employers.begin(), employers.end(),
              [](const Employer& a, const Employer& b) { return a.rut.compact() < b.rut.compact(); });
    std::map<Id, std::string> cluster_name;
    for (const auto& c : Clusters(*db_).list(office_id)) cluster_name[c.meta.id] = c.name;
    const Date today = db_->today();
    std::map<Id, std::string> member_of;  // employer -> its cluster today (the first, by id)
    for (const auto& [cid, name] : cluster_name)
        for (Id e : Clusters(*db_).members(cid, today))
            if (!member_of.count(e)) member_of[e] = name;
    Table t;
    std::vector<Column*> cols;
    for (const auto& [field, aliases] : employer_fields()) cols.push_back(&t.add_column(field, ColumnType::Text));
    for (const auto& e : employers) {
        const auto contact = Contacts(*db_).primary(e.meta.id);
        const std::string values[] = {e.rut.str(),
                                      e.legal_name,
                                      e.trade_name,
                                      e.sector,
                                      std::string(to_string(e.size)),
                                      e.address,
                                      e.commune_code,
                                      to_string(e.visiting_hours),
                                      std::string(to_string(e.status)),
                                      e.notes,
                                      e.segment,
                                      member_of.count(e.meta.id) ? member_of[e.meta.id] : std::string(),
                                      contact ? contact->name : std::string(),
                                      contact ? contact->role : std::string(),
                                      contact ? contact->email : std::string(),
                                      contact ? contact->phone : std::string()};
        for (std::size_t k = 0; k < cols.size(); ++k) cols[k]->push_text(values[k]);
    }
    return t;
}

std::vector<std::pair<std::string, std::vector<std::string>>> Imports::fields(std::string_view kind) {
    if (kind == "employers") return employer_fields();
    if (kind == "contacts") return contact_fields();
    throw ValidationError("kind", std::string(kind), "expected employers or contacts");
}

ImportReport Imports::contacts(const csv::Document& doc, const ImportOptions& o) {
    const Office office = Offices(*db_).get(o.office_id);
    const Columns cols = map_columns(doc, contact_fields(), o);
    require_columns(doc, cols, {"rut", "name"});
    return run_import(*db_, doc, cols, o, [&](const Row& row, ImportReport& report) {
        const Rut rut = reading("rut", row.get("rut"), [&] { return Rut(row.get("rut")); });
        const auto found = employer_by_rut(*db_, office.meta.id, rut);
        if (!found) throw FieldError("rut", row.get("rut"), "is not an employer of " + office.name + " (import it first)");
        const Id employer_id = *found;
        const std::string email = row.has("email")
                                      ? reading("email", row.get("email"), [&] { return normalize_email(row.get("email")); })
                                      : std::string();
        const bool primary = row.has("primary") && reading("primary", row.get("primary"), [&] { return yes(row.get("primary")); });
        std::optional<Contact> match;
        for (const auto& c : Contacts(*db_).list(employer_id))
            if ((!email.empty() && c.email == email) || detail::fold_text(c.name) == detail::fold_text(row.get("name")))
                match = c;
        if (!match) {
            const bool first = !Contacts(*db_).primary(employer_id);
            reading("phone", row.get("phone"), [&] {
                return Contacts(*db_).add({.employer_id = employer_id, .name = row.get("name"), .role = row.get("role"),
                                           .email = email, .phone = row.get("phone"), .primary = primary || first});
            });
            ++report.created;
        } else {
            ContactUpdate u;
            if (row.has("name")) u.name = row.get("name");
            if (row.has("role")) u.role = row.get("role");
            if (!email.empty()) u.email = email;
            if (row.has("phone")) u.phone = row.get("phone");
            const auto logged = Employers(*db_).changes(employer_id).rows();
            reading("phone", row.get("phone"), [&] { return Contacts(*db_).update(match->meta.id, u); });
            bool changed = Employers(*db_).changes(employer_id).rows() != logged;
            if (primary && !match->primary) {
                Contacts(*db_).make_primary(match->meta.id);
                changed = true;
            }
            ++(changed ? report.updated : report.unchanged);
        }
    });
}

ImportReport Imports::employers(const csv::Document& doc, const ImportOptions& o) {
    const Office office = Offices(*db_).get(o.office_id);
    const Columns cols = map_columns(doc, employer_fields(), o);
    require_columns(doc, cols, {"rut", "legal_name"});
    std::map<std::string, Id> clusters;
    for (const auto& c : Clusters(*db_).list(office.meta.id)) clusters[detail::fold_text(c.name)] = c.meta.id;
    const Date today = db_->today();
    return run_import(*db_, doc, cols, o, [&](const Row& row, ImportReport& report) {
        const Rut rut = reading("rut", row.get("rut"), [&] { return Rut(row.get("rut")); });
        const std::optional<Id> existing = employer_by_rut(*db_, office.meta.id, rut);
        std::optional<Id> cluster;
        if (row.has("cluster")) {
            auto it = clusters.find(detail::fold_text(row.get("cluster")));
            if (it == clusters.end())
                throw FieldError("cluster", row.get("cluster"), "is not a cluster of " + office.name);
            cluster = it->second;
        }
        Id employer_id = 0;
        if (!existing) {
            NewEmployer e;
            e.office_id = office.meta.id;
            e.rut = rut.str();
            e.legal_name = row.get("legal_name");
            e.trade_name = row.get("trade_name");
            e.sector = row.get("sector");
            if (row.has("size")) e.size = reading("size", row.get("size"), [&] { return size_of(row.get("size")); });
            e.address = row.get("address");
            e.commune = row.get("commune");
            if (row.has("visiting_hours"))
                e.visiting_hours = reading("visiting_hours", row.get("visiting_hours"),
                                           [&] { return parse_visiting_hours(row.get("visiting_hours")); });
            if (row.has("status"))
                e.status = reading("status", row.get("status"), [&] { return status_of(row.get("status")); });
            e.notes = row.get("notes");
            e.segment = row.get("segment");
            e.cluster_id = cluster;
            employer_id = Employers(*db_).add(e).meta.id;
            ++report.created;
        } else {
            employer_id = *existing;
            EmployerUpdate u;
            auto text = [&](const char* field, std::optional<std::string>& into) {
                if (row.has(field)) into = row.get(field);
            };
            text("legal_name", u.legal_name);
            text("trade_name", u.trade_name);
            text("sector", u.sector);
            text("address", u.address);
            text("commune", u.commune);
            text("notes", u.notes);
            text("segment", u.segment);
            if (row.has("size")) u.size = reading("size", row.get("size"), [&] { return size_of(row.get("size")); });
            if (row.has("visiting_hours"))
                u.visiting_hours = reading("visiting_hours", row.get("visiting_hours"),
                                           [&] { return parse_visiting_hours(row.get("visiting_hours")); });
            if (row.has("status"))
                u.status = reading("status", row.get("status"), [&] { return status_of(row.get("status")); });
            const auto logged = Employers(*db_).changes(employer_id).rows();
            Employers(*db_).update(employer_id, u);
            bool changed = Employers(*db_).changes(employer_id).rows() != logged;
            if (cluster) {
                const auto members = Clusters(*db_).members(*cluster, today);
                if (std::find(members.begin(), members.end(), employer_id) == members.end()) {
                    Clusters(*db_).add_member(*cluster, employer_id, today);
                    changed = true;
                }
            }
            ++(changed ? report.updated : report.unchanged);
        }
        if (row.has("contact_name") || row.has("contact_email")) {
            const std::string email = row.has("contact_email")
                                          ? reading("contact_email", row.get("contact_email"),
                                                    [&] { return normalize_email(row.get("contact_email")); })
                                          : std::string();
            const std::string name = row.has("contact_name") ? row.get("contact_name") : email;
            bool known = false;
            for (const auto& c : Contacts(*db_).list(employer_id))
                known |= (!email.empty() && c.email == email) || detail::fold_text(c.name) == detail::fold_text(name);
            if (!known) {
                const bool first = !Contacts(*db_).primary(employer_id);
                reading("contact_phone", row.get("contact_phone"), [&] {
                    return Contacts(*db_).add({.employer_id = employer_id, .name = name, .role = row.get("contact_role"),
                                               .email = email, .phone = row.get("contact_phone"), .primary = first});
                });
            }
        }
    });
}

}  // namespace omilcrm
