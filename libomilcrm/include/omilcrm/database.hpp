#pragma once
// The public entry point: one Database per office file, with a repository per aggregate.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "omilcrm/cadence.hpp"
#include "omilcrm/clusters.hpp"
#include "omilcrm/csv.hpp"
#include "omilcrm/employers.hpp"
#include "omilcrm/ical.hpp"
#include "omilcrm/interactions.hpp"
#include "omilcrm/matching.hpp"
#include "omilcrm/offices.hpp"
#include "omilcrm/open311.hpp"
#include "omilcrm/outreach.hpp"
#include "omilcrm/period.hpp"
#include "omilcrm/placements.hpp"
#include "omilcrm/planning.hpp"
#include "omilcrm/portfolio.hpp"
#include "omilcrm/programmes.hpp"
#include "omilcrm/referrals.hpp"
#include "omilcrm/region.hpp"
#include "omilcrm/reports.hpp"
#include "omilcrm/repository.hpp"
#include "omilcrm/requests.hpp"
#include "omilcrm/seekers.hpp"
#include "omilcrm/table.hpp"
#include "omilcrm/transaction.hpp"
#include "omilcrm/vacancies.hpp"

namespace omilcrm {

class Database;

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

struct ImportReport {
    std::size_t rows = 0;  ///< data rows read (blank lines not counted)
    std::size_t created = 0, updated = 0, unchanged = 0;
    std::vector<RowProblem> problems{};  ///< one per rejected row, in file order
    std::vector<std::string> ignored_columns{};  ///< headers that mean nothing to this import
    bool written = false;  ///< false for a dry run, or when a bad row stopped an all-or-nothing import
    /// The rejected rows, with the file's header and a last "problem" column, ready to be fixed
    /// and imported again.
    std::string rejected_csv{};
};

/// How an export in the import's columns behaves.
struct ExportOptions {
    /// Job seekers' personal data (RUT, name, contact details) leaves only with this set and a
    /// purpose; the export is logged like Seekers::export_personal.
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
    /// consent_scope (intermediation, programmes, contact, statistics) both required for a new
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

/// How Database::open treats the file.
enum class OpenMode {
    Create,     ///< creates a missing file (the default), upgrades an older one
    MustExist,  ///< a missing file is a StorageError instead of a new empty database
    ReadOnly,   ///< reads only: every write raises StorageReadOnly; the file is never changed
};

struct OpenOptions {
    /// Where "now" comes from; defaults to the system clock.
    std::shared_ptr<const Clock> clock{};
    /// A file that exists but cannot be written (permissions) is opened ReadOnly whatever this says.
    OpenMode mode = OpenMode::Create;
    /// How long a write waits while another connection holds the file's write lock before it
    /// raises StorageBusy.
    std::chrono::milliseconds busy_timeout{5000};
    /// When true, the Database refuses (with Error) to be used from any thread but the one that
    /// opened it, as Python's sqlite3 does; the Python package sets it.
    bool same_thread = false;
    /// How to sleep while waiting for the write lock (default: std::this_thread::sleep_for). A
    /// host may release its own locks meanwhile; the Python package releases the GIL here.
    std::function<void(std::chrono::microseconds)> sleep{};
};

/// One connection to an office's file, with its repositories.
///
/// Threads: a Database (and the repositories it hands out) is used by one thread at a time, as
/// a SQLite connection opened without its own mutex; to work from several threads, open one
/// Database per thread on the same file (the write-ahead log lets them read while one writes).
/// Writes take the file's write lock when they start (BEGIN IMMEDIATE), so the checks a write
/// makes and the write itself are never split by another connection's write; a write that
/// finds the lock taken waits up to busy_timeout, then raises StorageBusy.
class Database {
public:
    /// Opens (creating if needed) an office database; ":memory:" for a private in-memory one.
    /// An older file is upgraded in one transaction; a file from a newer library version is
    /// refused with StorageError and left untouched.
    static Database open(const std::string& path, OpenOptions options = {});

    Database(Database&&) noexcept;
    Database& operator=(Database&&) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    Offices& offices() noexcept { return offices_; }
    Staff& staff() noexcept { return staff_; }
    Employers& employers() noexcept { return employers_; }
    Contacts& contacts() noexcept { return contacts_; }
    Clusters& clusters() noexcept { return clusters_; }
    Portfolio& portfolio() noexcept { return portfolio_; }
    Interactions& interactions() noexcept { return interactions_; }
    Commitments& commitments() noexcept { return commitments_; }
    FollowUps& follow_ups() noexcept { return follow_ups_; }
    Cadence& cadence() noexcept { return cadence_; }
    Planner& planner() noexcept { return planner_; }
    Calendar& calendar() noexcept { return calendar_; }
    Departments& departments() noexcept { return departments_; }
    ServiceCatalogue& catalogue() noexcept { return catalogue_; }
    RoutingRules& routing() noexcept { return routing_; }
    Requests& requests() noexcept { return requests_; }
    Open311& open311() noexcept { return open311_; }
    Vacancies& vacancies() noexcept { return vacancies_; }
    Seekers& seekers() noexcept { return seekers_; }
    Referrals& referrals() noexcept { return referrals_; }
    Placements& placements() noexcept { return placements_; }
    Programmes& programmes() noexcept { return programmes_; }
    Matching& matching() noexcept { return matching_; }
    Reports& reports() noexcept { return reports_; }
    Events& events() noexcept { return events_; }
    Outreach& outreach() noexcept { return outreach_; }
    Regional& regional() noexcept { return regional_; }
    Imports& imports() noexcept { return imports_; }

    /// Starts an explicit transaction (nested ones become savepoints).
    Transaction transaction();

    /// Closes the file now (it is also closed when the Database is destroyed). Any later use
    /// raises StorageError. Refused while a transaction is open.
    void close();
    bool is_open() const noexcept;
    /// True when the file was opened read-only (asked for, or the file is not writable).
    bool read_only() const noexcept;

    const std::string& path() const noexcept;
    const Clock& clock() const noexcept;
    Date today() const { return clock().today(); }
    /// The schema version of the open file, and the one this library writes.
    int schema_version() const;
    static int latest_schema_version() noexcept;

private:
    explicit Database(std::unique_ptr<detail::DbImpl> impl);
    std::unique_ptr<detail::DbImpl> impl_;
    Offices offices_;
    Staff staff_;
    Employers employers_;
    Contacts contacts_;
    Clusters clusters_;
    Portfolio portfolio_;
    Interactions interactions_;
    Commitments commitments_;
    FollowUps follow_ups_;
    Cadence cadence_;
    Planner planner_;
    Calendar calendar_;
    Departments departments_;
    ServiceCatalogue catalogue_;
    RoutingRules routing_;
    Requests requests_;
    Open311 open311_;
    Vacancies vacancies_;
    Seekers seekers_;
    Referrals referrals_;
    Placements placements_;
    Programmes programmes_;
    Matching matching_;
    Reports reports_;
    Events events_;
    Outreach outreach_;
    Regional regional_;
    Imports imports_;
};

}  // namespace omilcrm
