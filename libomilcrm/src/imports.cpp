// Imports from offices' spreadsheets: every row in its own savepoint inside one transaction, so
// a dry run, an all-or-nothing import and a skip-invalid import share the same checks.
#include "import_rows.hpp"

namespace omilcrm {

namespace {

using namespace detail;

}  // namespace

const detail::FieldList& detail::employer_import_fields() {
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

const detail::FieldList& detail::contact_import_fields() {
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

namespace {

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

}  // namespace

Table Imports::export_employers(Id office_id) const {
    detail::check_office(*db_, office_id);
    auto employers = Employers(*db_).list(office_id);
    std::sort(employers.begin(), employers.end(),
              [](const Employer& a, const Employer& b) { return a.rut.compact() < b.rut.compact(); });
    std::map<Id, std::string> cluster_name;
    for (const auto& c : Clusters(*db_).list(office_id)) cluster_name[c.meta.id] = c.name;
    const Date today = this->today();
    std::map<Id, std::string> member_of;  // employer -> its cluster today (the first, by id)
    for (const auto& [cid, name] : cluster_name)
        for (Id e : Clusters(*db_).members(cid, today))
            if (!member_of.count(e)) member_of[e] = name;
    Table t;
    std::vector<Column*> cols;
    for (const auto& [field, aliases] : employer_import_fields()) cols.push_back(&t.add_column(field, ColumnType::Text));
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

Table Imports::export_contacts(Id office_id) const {
    detail::check_office(*db_, office_id);
    Table t;
    std::vector<Column*> cols;
    for (const auto& [field, aliases] : contact_import_fields()) cols.push_back(&t.add_column(field, ColumnType::Text));
    for (const auto& c : store::office_contacts(*db_, office_id, store::ContactOrder::Rut)) {
        const std::string values[] = {Rut(c.rut).str(), c.name, c.role, c.email, c.phone, c.primary ? "yes" : "no"};
        for (std::size_t k = 0; k < cols.size(); ++k) cols[k]->push_text(values[k]);
    }
    return t;
}

ImportReport Imports::contacts(const csv::Document& doc, const ImportOptions& o) {
    const Office office = Offices(*db_).get(o.office_id);
    const Columns cols = map_columns(doc, contact_import_fields(), o);
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
    const Columns cols = map_columns(doc, employer_import_fields(), o);
    require_columns(doc, cols, {"rut", "legal_name"});
    std::map<std::string, Id> clusters;
    for (const auto& c : Clusters(*db_).list(office.meta.id)) clusters[detail::fold_text(c.name)] = c.meta.id;
    const Date today = this->today();
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
