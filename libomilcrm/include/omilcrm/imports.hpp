#pragma once
// Spreadsheet imports and exports: employers, contacts, cluster memberships, interactions,
// service requests, vacancies and job seekers from the CSV files offices keep (csv.hpp reads
// them), each row checked and reported; and exports in exactly the columns each import reads.
// The Imports repository (db.imports()).
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "omilcrm/csv.hpp"
#include "omilcrm/fields.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/repository.hpp"
#include "omilcrm/table.hpp"

namespace omilcrm {

/// How a spreadsheet import behaves.
struct ImportOptions {
    Id office_id = 0;
    /// Check every row and report, writing nothing.
    bool dry_run = false;
    /// Import the valid rows and report the others; by default one bad row and nothing is written.
    bool skip_invalid = false;
    /// File header -> field, for headers the import does not recognise ("Nombre Empresa" -> "legal_name").
    std::map<std::string, std::string> mapping{};
    /// Called after each row with the rows done and the total (for a progress bar).
    std::function<void(std::size_t, std::size_t)> progress{};
};

/// Why a row was rejected: the file's line, its column (as the file names it) and value.
struct RowProblem {
    std::size_t line = 0;
    std::string column{};
    std::string value{};
    std::string why{};
};

/// A row of the employers import that looks like an employer the office already has: a
/// warning, the row is imported all the same (Duplicates::merge joins them once checked).
struct ImportDuplicate {
    std::size_t line = 0;   ///< the file's line
    Id employer_id = 0;     ///< the row's employer (0 when nothing was written)
    Id existing_id = 0;     ///< the employer it looks like
    double score = 0;       ///< 0 to 1, as Duplicates::candidates scores it
    std::string reasons{};  ///< "same_name, same_phone"
};
template <>
struct RecordFields<ImportDuplicate> {
    using D = ImportDuplicate;
    static constexpr auto fields = std::make_tuple(field("line", &D::line), field("employer_id", &D::employer_id),
                                                   field("existing_id", &D::existing_id), field("score", &D::score),
                                                   field("reasons", &D::reasons));
};

struct ImportReport {
    std::size_t rows = 0;  ///< data rows read (blank lines not counted)
    std::size_t created = 0, updated = 0, unchanged = 0;
    std::vector<RowProblem> problems{};          ///< one per rejected row, in file order
    std::vector<std::string> ignored_columns{};  ///< headers that mean nothing to this import
    bool written = false;  ///< false for a dry run, or when a bad row stopped an all-or-nothing import
    /// The rejected rows, with the file's header and a last "problem" column, ready to be fixed
    /// and imported again.
    std::string rejected_csv{};
    /// Employers import only: new rows that look like an employer already in the office (or an
    /// earlier row of the file), best match first per row. Warnings; the rows are imported.
    std::vector<ImportDuplicate> likely_duplicates{};
};

/// How an export in the import's columns behaves.
struct ExportOptions {
    /// Job seekers' personal data (RUT, name, contact details) leaves only with this set and a
    /// purpose ("register_transfer: ..." or "legal_obligation: ...", Seekers::export_register);
    /// the export is logged like Seekers::export_personal.
    bool personal = false;
    std::string purpose{};
    std::optional<Id> staff_id{};
};

/// Imports from the spreadsheets offices keep (see csv.hpp for reading them).
class Imports : public Repository {
public:
    using Repository::Repository;
    /// Employers, one per row, matched by RUT within the office: new RUTs are added, known ones
    /// updated where the file has a different non-empty value (the change log keeps the old
    /// one), so importing the same file again changes nothing. Optional columns for a contact
    /// person (added when the employer has no contact with that e-mail or name) and a cluster
    /// (joined from today when not a member). Spanish headers are recognised (RUT, Razón Social,
    /// Nombre de Fantasía, Rubro, Comuna, Dirección, Horario, Contacto, Cargo, Teléfono,
    /// Correo, ...). One transaction.
    ImportReport employers(const csv::Document& doc, const ImportOptions& options);
    /// Contacts, one per row, of employers already in the office (by the employer's RUT),
    /// matched by e-mail or else name: new ones added (primary when marked "sí" or when the
    /// employer has none), known ones updated where the file differs (the employer's change log
    /// keeps the old values). Headers: RUT, Nombre, Cargo, Correo, Teléfono, Principal.
    ImportReport contacts(const csv::Document& doc, const ImportOptions& options);
    /// Cluster membership periods, one per row: RUT, cluster (by name: Parque, Agrupación),
    /// joined (Fecha ingreso, default today) and left (Fecha salida). Matched by employer,
    /// cluster and joining date; a leaving date on a known period closes it.
    ImportReport memberships(const csv::Document& doc, const ImportOptions& options);
    /// The interaction log: RUT, date (Fecha), time (Hora), kind (Tipo: visita, llamada, correo,
    /// mensaje, reunión, evento, otro), staff (Funcionario, by name; may be left out when the
    /// office has one staff member), contacts (names or e-mails, ';'), direction, summary
    /// (Resumen), outcome (Resultado), next step (Próximo paso). Matched by employer, date, kind
    /// and summary; a changed outcome or next step is a correction (the revision is kept).
    /// Cluster meetings are not imported here (they are one record with attendance per member).
    ImportReport interactions(const csv::Document& doc, const ImportOptions& options);
    /// Service requests: RUT (optional), category (code or name), description, address,
    /// latitude, longitude, attributes ("trees=3"), received (Fecha recepción), status (Estado:
    /// recibida, derivada, en curso, resuelta, cerrada, rechazada, reabierta) and status_on (the
    /// date of the last change). Each new request is opened and routed as if received that day,
    /// with its deadline, then taken to the file's status. Matched by employer, category,
    /// received date and description.
    ImportReport requests(const csv::Document& doc, const ImportOptions& options);
    /// Vacancies: RUT, title (Cargo), occupation (ISCO-08 code), positions (Vacantes), wages
    /// (Renta mínima/máxima, "$650.000" read as 650000), employment type (Jornada), shift
    /// (Turno), education, experience months, licences, skills, channel, captured_on (Fecha
    /// captación), valid_through (Vigencia), cancel_reason and cancelled_on. Matched by
    /// employer, title and capture date; a new valid-through date extends it; a cancel reason
    /// cancels it.
    ImportReport vacancies(const csv::Document& doc, const ImportOptions& options);
    /// Job seekers, matched by RUT within the office: RUT, name, commune, phone, email, address,
    /// birth date, education, experience ("7411:24;9329:6", ISCO code and months), skills,
    /// licences, shifts, available_from, registered_on, consent_on (Fecha consentimiento) and
    /// consent_scope (intermediation, programmes, contact, statistics, image, testimonial) both required for a new
    /// seeker, active ("no" withdraws). Known seekers are updated through Seekers::update (the
    /// seeker's change log keeps the old values); a later consent date renews the consent.
    ImportReport seekers(const csv::Document& doc, const ImportOptions& options);
    /// The import of `kind`: "employers", "contacts", "memberships", "interactions", "requests",
    /// "vacancies" or "seekers".
    ImportReport run(std::string_view kind, const csv::Document& doc, const ImportOptions& options);
    /// The office's rows of `kind` in exactly the columns its import reads, in a stable order:
    /// exported, imported into another office file and exported again, the same file. Seekers
    /// only with options.personal and a purpose (logged).
    Table export_rows(std::string_view kind, Id office_id, const ExportOptions& options = {});
    /// The import kinds, in the order to import them (employers before what refers to them).
    static std::vector<std::string> kinds();
    /// The office's employers in exactly the columns `employers` reads (RUT, names, sector, size,
    /// address, commune, visiting hours, status, notes, segment, clusters, primary contact),
    /// by RUT: exporting, importing into another office file and exporting again gives the
    /// same file.
    Table export_employers(Id office_id) const;
    /// The office's contacts in the columns `contacts` reads (by employer RUT, then name).
    Table export_contacts(Id office_id) const;
    /// The fields of an import kind ("employers") and the headers each accepts (folded: lower
    /// case, no accents, spaces or punctuation).
    static std::vector<std::pair<std::string, std::vector<std::string>>> fields(std::string_view kind);
};

}  // namespace omilcrm
