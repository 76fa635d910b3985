// Imports from offices' spreadsheets: every row in its own savepoint inside one transaction, so
// a dry run, an all-or-nothing import and a skip-invalid import share the same checks.
#include <set>

#include "duplicates_index.hpp"
#include "import_rows.hpp"
#include "sheet_fields.hpp"

namespace omilcrm {

namespace {

using namespace detail;

}  // namespace

// Spanish words for sizes and statuses, as spreadsheets write them.
// The employers import's columns are NewEmployer's fields (employers.hpp), each fed by its own
// name and the Spanish headers below; not the import's office, the default owner nor a new
// employer's dates (the import's day). The cluster is matched by name; the contact columns
// add a contact person.
const detail::FieldList& detail::employer_import_fields() {
    static const FieldList f = declared_columns<NewEmployer>(
        {
            {"rut", {"rutempresa", "rutdelaempresa"}},
            {"legal_name", {"razonsocial", "nombreempresa", "empresa", "nombre"}},
            {"trade_name", {"nombredefantasia", "nombrefantasia", "fantasia"}},
            {"sector", {"rubro", "giro", "actividad", "actividadeconomica"}},
            {"activity",
             {"ciiu", "codigociiu", "ciiu4cl", "codigoactividad", "codactividad", "codigoactividadeconomica",
              "codigodeactividad", "codigodeactividadeconomica", "actividadciiu"}},
            {"size", {"tamano", "tamanoempresa"}},
            {"address", {"direccion", "domicilio"}},
            {"commune", {"comuna"}},
            {"latitude", {"latitud", "lat"}},
            {"longitude", {"longitud", "long", "lng"}},
            {"visiting_hours", {"horario", "horariodeatencion", "horariodevisita"}},
            {"status", {"estado"}},
            {"notes", {"observaciones", "notas", "comentarios"}},
            {"segment", {"segmento"}},
            {"lead_source", {"origen", "fuente", "comollego", "canaldeorigen", "origencontacto"}},
            {"lead_detail", {"referidopor", "derivadopor", "detalleorigen", "origendetalle"}},
            {"cluster", {"parque", "parqueindustrial", "agrupacion", "asociacion"}},
        },
        {"office", "owner", "joined", "since"}, {},
        {
            {"contact_name", {"contactname", "contacto", "nombrecontacto", "nombredecontacto"}},
            {"contact_role", {"contactrole", "cargo", "cargocontacto"}},
            {"contact_email", {"contactemail", "correo", "email", "correoelectronico", "mail", "emailcontacto"}},
            {"contact_phone", {"contactphone", "telefono", "fono", "celular", "phone", "telefonocontacto"}},
        });
    return f;
}

// The contacts import's columns: the employer's RUT, then NewContact's fields.
const detail::FieldList& detail::contact_import_fields() {
    static const FieldList f = declared_columns<NewContact>(
        {
            {"name", {"nombre", "contacto", "nombrecontacto", "nombredecontacto"}},
            {"role", {"cargo"}},
            {"email", {"correo", "correoelectronico", "mail"}},
            {"phone", {"telefono", "fono", "celular"}},
            {"primary", {"principal", "contactoprincipal"}},
        },
        {"employer"}, {{"rut", {"rut", "rutempresa", "rutdelaempresa", "rutempleador"}}});
    return f;
}

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
    std::vector<std::pair<std::string, Column*>> cols;
    for (const auto& [field, aliases] : employer_import_fields())
        cols.push_back({field, &t.add_column(field, ColumnType::Text)});
    for (const auto& e : employers) {
        const auto contact = Contacts(*db_).primary(e.meta.id);
        for (const auto& [field, col] : cols) {
            std::string value;
            if (field == "cluster") value = member_of.count(e.meta.id) ? member_of[e.meta.id] : std::string();
            else if (field.rfind("contact_", 0) == 0)
                value = contact ? field_text(*contact, std::string_view(field).substr(8)).value_or("") : std::string();
            else value = field_text(e, field).value_or("");
            col->push_text(value);
        }
    }
    return t;
}

Table Imports::export_contacts(Id office_id) const {
    detail::check_office(*db_, office_id);
    Table t;
    std::vector<std::pair<std::string, Column*>> cols;
    for (const auto& [field, aliases] : contact_import_fields())
        cols.push_back({field, &t.add_column(field, ColumnType::Text)});
    for (const auto& c : store::office_contacts(*db_, office_id, store::ContactOrder::Rut)) {
        Contact contact;
        contact.name = c.name;
        contact.role = c.role;
        contact.email = c.email;
        contact.phone = c.phone;
        contact.primary = c.primary;
        for (const auto& [field, col] : cols)
            col->push_text(field == "rut" ? Rut(c.rut).str() : field_text(contact, field).value_or(""));
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
        if (!found)
            throw FieldError("rut", row.get("rut"), "is not an employer of " + office.name + " (import it first)");
        const Id employer_id = *found;
        const std::string email =
            row.has("email") ? reading("email", row.get("email"), [&] { return normalize_email(row.get("email")); })
                             : std::string();
        const bool primary = row.has("primary") && reading("primary", row.get("primary"), [&] {
                                 return sheet_value<bool>(row.get("primary"), "primary");
                             });
        std::optional<Contact> match;
        for (const auto& c : Contacts(*db_).list(employer_id))
            if ((!email.empty() && c.email == email) || detail::fold_text(c.name) == detail::fold_text(row.get("name")))
                match = c;
        if (!match) {
            const bool first = !Contacts(*db_).primary(employer_id);
            reading("phone", row.get("phone"), [&] {
                return Contacts(*db_).add({.employer_id = employer_id,
                                           .name = row.get("name"),
                                           .role = row.get("role"),
                                           .email = email,
                                           .phone = row.get("phone"),
                                           .primary = primary || first});
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
    // The office's employers by their blocking keys, read at the first new row; each new row is
    // compared with them (and with the file's earlier new rows), and warned about, not refused.
    std::optional<detail::DuplicateIndex> likely;
    std::set<Id> created;
    auto report = run_import(*db_, doc, cols, o, [&](const Row& row, ImportReport& report) {
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
            read_fields(row, e, {"rut"});
            e.office_id = office.meta.id;
            e.rut = rut.str();
            e.cluster_id = cluster;
            employer_id = Employers(*db_).add(e).meta.id;
            ++report.created;
        } else {
            employer_id = *existing;
            EmployerUpdate u;  // the fields the row has a value for
            read_fields(row, u);
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
                    return Contacts(*db_).add({.employer_id = employer_id,
                                               .name = name,
                                               .role = row.get("contact_role"),
                                               .email = email,
                                               .phone = row.get("contact_phone"),
                                               .primary = first});
                });
            }
        }
        if (!existing) {
            if (!likely) likely = detail::office_duplicate_index(*db_, office.meta.id, employer_id);
            const Employer e = Employers(*db_).get(employer_id);
            detail::DuplicateProfile p{.id = employer_id,
                                       .rut_body = e.rut.body(),
                                       .legal_name = e.legal_name,
                                       .trade_name = e.trade_name,
                                       .address = e.address};
            for (const auto& c : Contacts(*db_).list(employer_id)) {
                if (!c.phone.empty()) p.phones.push_back(c.phone);
                if (!c.email.empty()) p.emails.push_back(c.email);
            }
            const auto line = doc.lines[static_cast<std::size_t>(&row.cells - doc.rows.data())];
            for (const auto& m : likely->matches(p, Duplicates::default_min_score)) {
                std::string why;
                for (const auto r : m.reasons) why += (why.empty() ? "" : ", ") + std::string(to_string(r));
                report.likely_duplicates.push_back({.line = line,
                                                    .employer_id = employer_id,
                                                    .existing_id = m.other_id,
                                                    .score = m.score,
                                                    .reasons = why});
            }
            likely->add(p);
            created.insert(employer_id);
        }
    });
    // Ids of rows that were not written name nothing.
    if (!report.written)
        for (auto& d : report.likely_duplicates) {
            d.employer_id = 0;
            if (created.contains(d.existing_id)) d.existing_id = 0;
        }
    return report;
}

}  // namespace omilcrm
