#pragma once
// Employers (companies, by RUT) and their contact people: the records, the status and size
// bands, how contact details are normalised, and the Employers and Contacts repositories
// (db.employers(), db.contacts()).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/enums.hpp"
#include "omilcrm/fields.hpp"
#include "omilcrm/offices.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/repository.hpp"
#include "omilcrm/rut.hpp"
#include "omilcrm/table.hpp"
#include "omilcrm/visiting_hours.hpp"

namespace omilcrm {

struct Cluster;  // clusters.hpp

enum class EmployerStatus { Prospect, Active, Inactive };
template <>
struct EnumNames<EmployerStatus> {
    static constexpr std::string_view field = "status";
    static constexpr auto names = std::to_array<std::string_view>({"prospect", "active", "inactive"});
};

/// Size band by the Chilean classification (micro, small, medium, large), or unknown.
enum class SizeBand { Unknown, Micro, Small, Medium, Large };
template <>
struct EnumNames<SizeBand> {
    static constexpr std::string_view field = "size";
    static constexpr auto names = std::to_array<std::string_view>({"unknown", "micro", "small", "medium", "large"});
};
SizeBand parse_size_band(std::string_view text);

/// Where the employer came from: who brought the office to it (the mayor asking the office to
/// visit a company, a cluster, a fair, a company walking in, another employer recommending it,
/// SENCE, the region's outreach), so the office can report back to whoever referred it.
enum class LeadSource { Unknown, MayorsOffice, Cluster, Fair, WalkIn, EmployerReferral, Sence, Outreach, Other };
template <>
struct EnumNames<LeadSource> {
    static constexpr std::string_view field = "lead_source";
    static constexpr auto names = std::to_array<std::string_view>(
        {"unknown", "mayors_office", "cluster", "fair", "walk_in", "employer_referral", "sence", "outreach", "other"});
};

struct Employer {
    RecordMeta meta{};
    Id office_id = 0;
    Rut rut = Rut::from_body(1);
    std::string legal_name{};  ///< razón social
    std::string trade_name{};  ///< nombre de fantasía
    std::string sector{};      ///< economic sector, free text ("Logística")
    /// Economic activity, a CIIU4.CL 2012 code at any level ("49230", "H"; ciiu.hpp); "" unknown.
    std::string activity{};
    SizeBand size = SizeBand::Unknown;
    std::string address{};
    std::string commune_code{};  ///< CUT code
    std::optional<double> latitude{};
    std::optional<double> longitude{};
    std::vector<VisitingWindow> visiting_hours{};
    EmployerStatus status = EmployerStatus::Prospect;
    std::string notes{};
    Id owner_id = 0;        ///< the staff member who owns the relationship (portfolio)
    std::string segment{};  ///< tier or segment for cadence policies ("key_account"); free text
    LeadSource lead_source = LeadSource::Unknown;
    std::string lead_detail{};  ///< who referred it ("Gabinete del alcalde", "RR.HH. de Acme SpA")

    /// Trade name when there is one, else the legal name.
    const std::string& display_name() const noexcept { return trade_name.empty() ? legal_name : trade_name; }
};
template <>
struct RecordFields<Employer> {
    static constexpr auto fields = std::make_tuple(
        field("meta", &Employer::meta), field("office_id", &Employer::office_id), field("rut", &Employer::rut),
        field("legal_name", &Employer::legal_name), field("trade_name", &Employer::trade_name),
        field("sector", &Employer::sector), field("activity", &Employer::activity), field("size", &Employer::size),
        field("address", &Employer::address), field("commune", &Employer::commune_code),
        field("latitude", &Employer::latitude), field("longitude", &Employer::longitude),
        field("visiting_hours", &Employer::visiting_hours), field("status", &Employer::status),
        field("notes", &Employer::notes), field("owner_id", &Employer::owner_id), field("segment", &Employer::segment),
        field("lead_source", &Employer::lead_source), field("lead_detail", &Employer::lead_detail));
};

struct NewEmployer {
    Id office_id = 0;   ///< may be 0 when cluster_id is given (the cluster's office is used)
    std::string rut{};  ///< any accepted RUT format
    std::string legal_name{};
    std::string trade_name{};
    std::string sector{};
    /// A CIIU4.CL 2012 code ("49230"), or a six-digit SII activity code read as its subclass; ""
    /// for none.
    std::string activity{};
    SizeBand size = SizeBand::Unknown;
    std::string address{};
    std::string commune{};  ///< code or name; defaults to the office's commune
    std::optional<double> latitude{};
    std::optional<double> longitude{};
    std::vector<VisitingWindow> visiting_hours{};
    EmployerStatus status = EmployerStatus::Prospect;
    std::string notes{};
    /// Owner of the relationship. 0 = the office's active territorial manager, else its head.
    Id owner_id = 0;
    /// When set, the employer joins this cluster (on `joined`, default today).
    std::optional<Id> cluster_id{};
    std::optional<Date> joined{};
    std::string segment{};
    /// Since when the office works with the employer (the first owner's period starts then, and a
    /// never-contacted employer is due from then); default today. For records brought over
    /// from older files or spreadsheets.
    std::optional<Date> since{};
    LeadSource lead_source = LeadSource::Unknown;
    std::string lead_detail{};  ///< who referred it
};
/// As Employers.add() takes them in Python (and as the employers import reads its columns).
template <>
struct RecordFields<NewEmployer> {
    static constexpr auto fields = std::make_tuple(
        field("rut", &NewEmployer::rut).required(), field("legal_name", &NewEmployer::legal_name),
        ref<Office>("office", &NewEmployer::office_id), field("trade_name", &NewEmployer::trade_name),
        field("sector", &NewEmployer::sector), field("activity", &NewEmployer::activity),
        field("size", &NewEmployer::size), field("address", &NewEmployer::address),
        field("commune", &NewEmployer::commune), field("latitude", &NewEmployer::latitude),
        field("longitude", &NewEmployer::longitude), field("visiting_hours", &NewEmployer::visiting_hours),
        field("status", &NewEmployer::status), field("notes", &NewEmployer::notes),
        ref<StaffMember>("owner", &NewEmployer::owner_id), field("segment", &NewEmployer::segment),
        ref<Cluster>("cluster", &NewEmployer::cluster_id), field("joined", &NewEmployer::joined),
        field("since", &NewEmployer::since), field("lead_source", &NewEmployer::lead_source),
        field("lead_detail", &NewEmployer::lead_detail));
};

/// Fields to change on an employer; unset fields stay as they are.
struct EmployerUpdate {
    std::optional<std::string> legal_name{};
    std::optional<std::string> trade_name{};
    std::optional<std::string> sector{};
    std::optional<std::string> activity{};  ///< as NewEmployer::activity; "" clears it
    std::optional<SizeBand> size{};
    std::optional<std::string> address{};
    std::optional<std::string> commune{};
    std::optional<std::optional<double>> latitude{};
    std::optional<std::optional<double>> longitude{};
    std::optional<std::vector<VisitingWindow>> visiting_hours{};
    std::optional<EmployerStatus> status{};
    std::optional<std::string> notes{};
    std::optional<std::string> segment{};
    std::optional<LeadSource> lead_source{};
    std::optional<std::string> lead_detail{};
};
/// As Employers.update() takes them in Python (and as the employers import reads a known RUT).
template <>
struct RecordFields<EmployerUpdate> {
    using U = EmployerUpdate;
    static constexpr auto fields = std::make_tuple(
        field("legal_name", &U::legal_name), field("trade_name", &U::trade_name), field("sector", &U::sector),
        field("activity", &U::activity), field("size", &U::size), field("address", &U::address),
        field("commune", &U::commune), field("latitude", &U::latitude), field("longitude", &U::longitude),
        field("visiting_hours", &U::visiting_hours), field("status", &U::status), field("notes", &U::notes),
        field("segment", &U::segment), field("lead_source", &U::lead_source), field("lead_detail", &U::lead_detail));
};

/// Fields of a contact to change; unset ones stay as they are.
struct ContactUpdate {
    std::optional<std::string> name{};
    std::optional<std::string> role{};
    std::optional<std::string> email{};
    std::optional<std::string> phone{};
};
template <>
struct RecordFields<ContactUpdate> {
    using U = ContactUpdate;
    static constexpr auto fields = std::make_tuple(field("name", &U::name), field("role", &U::role),
                                                   field("email", &U::email), field("phone", &U::phone));
};

/// A person at an employer.
struct Contact {
    RecordMeta meta{};
    Id employer_id = 0;
    std::string name{};
    std::string role{};  ///< job title, free text ("Jefa de RR.HH.")
    std::string email{};
    std::string phone{};  ///< normalised "+56912345678"
    bool primary = false;
};
template <>
struct RecordFields<Contact> {
    static constexpr auto fields =
        std::make_tuple(field("meta", &Contact::meta), field("employer_id", &Contact::employer_id),
                        field("name", &Contact::name), field("role", &Contact::role), field("email", &Contact::email),
                        field("phone", &Contact::phone), field("primary", &Contact::primary));
};

struct NewContact {
    Id employer_id = 0;
    std::string name{};
    std::string role{};
    std::string email{};
    std::string phone{};
    bool primary = false;  ///< a new primary contact demotes the previous one
};
template <>
struct RecordFields<NewContact> {
    static constexpr auto fields = std::make_tuple(
        ref<Employer>("employer", &NewContact::employer_id).required(), field("name", &NewContact::name).required(),
        field("role", &NewContact::role), field("email", &NewContact::email), field("phone", &NewContact::phone),
        field("primary", &NewContact::primary));
};

/// Normalises a Chilean phone number to "+56" and 9 digits ("9 8765 4321" -> "+56987654321",
/// "(32) 212 3456" -> "+56322123456"). Empty stays empty. Throws ValidationError naming `field`.
std::string normalize_phone(std::string_view text, std::string_view field = "phone");
/// Lower-cases and checks an e-mail address. Empty stays empty. Throws ValidationError.
std::string normalize_email(std::string_view text, std::string_view field = "email");

/// What Employers::page() lists: the filters (each only when given), the order and the page.
struct EmployerListing {
    std::optional<EmployerStatus> status{};
    std::optional<std::string> segment{};
    std::optional<Id> owner_id{};
    /// id, legal_name, created_at or updated_at; a leading "-" reverses it. Ties keep list()'s
    /// order (legal name, then id).
    std::string sort{"id"};
    std::size_t limit = 50;
    std::size_t offset = 0;
};

/// One page of a listing, and how many employers the whole listing has.
struct EmployerPage {
    std::vector<Employer> items{};
    std::size_t total = 0;
};

// ---- Repositories --------------------------------------------------------------------------

class Employers : public Repository {
public:
    using Repository::Repository;
    /// Validates everything first; on any error nothing is written.
    Employer add(const NewEmployer& e);
    /// Bulk path: in one transaction, each row validated as add() does and inserted through one
    /// prepared statement. Any bad row (the error names its index) and nothing is written.
    /// `progress`, if given, is told the rows written so far (see Progress); if it throws, nothing is written.
    std::vector<Id> add_many(const std::vector<NewEmployer>& rows, const Progress& progress = {});
    Employer get(Id id) const;
    /// By RUT in any accepted format; nullopt when there is none.
    std::optional<Employer> find_by_rut(std::string_view rut) const;
    std::vector<Employer> list(Id office_id) const;
    /// Employers whose legal name, trade name or RUT contains `text`, compared on letters and
    /// digits only (case, accents, spaces and punctuation ignored): "logistica" finds "Logística
    /// Gulmué SpA", "76.086.428" its RUT. Nothing is a wildcard. Blank text gives every employer
    /// of the office; text with no letter or digit ("%", "_", "*") gives none.
    std::vector<Employer> search(Id office_id, std::string_view text) const;
    /// Changes the given fields; each changed value is appended to the employer's change log
    /// (nothing is written when nothing changes).
    Employer update(Id id, const EmployerUpdate& changes);
    /// The change log: when, field, old and new value.
    Table changes(Id id) const;
    std::size_t count(Id office_id) const;
    /// One page of the office's employers, filtered, sorted and cut by the store: only the page's
    /// rows are read (and the others counted), so a page costs the same in an office of any size.
    /// An unknown sort key is a ValidationError naming "sort".
    EmployerPage page(Id office_id, const EmployerListing& listing) const;
    /// One row per employer, columnar.
    Table table(Id office_id) const;
};

class Contacts : public Repository {
public:
    using Repository::Repository;
    Contact add(const NewContact& c);
    Contact get(Id id) const;
    std::vector<Contact> list(Id employer_id) const;
    std::optional<Contact> primary(Id employer_id) const;
    /// Changes the given fields (e-mail and phone normalised); each changed value goes to the
    /// employer's change log as "contact <id> <field>". Nothing is written when nothing changes.
    Contact update(Id contact_id, const ContactUpdate& changes);
    /// Makes this contact the employer's primary one (the previous primary is demoted).
    Contact make_primary(Id contact_id);
    /// Every contact of the office's employers, columnar: id, uuid, employer_id, employer_rut,
    /// employer (legal name), name, role, email, phone, primary; by employer, the primary first.
    Table table(Id office_id) const;
    /// The rows of table() where every word of `text` is in the contact's name, role, e-mail or
    /// phone, or in the employer's legal name, trade name or RUT; each word compared on letters
    /// and digits only (case, accents and punctuation ignored, as Employers::search): "maria
    /// gulmue" finds "María José Pérez" of "Logística Gulmué SpA", "8765 43" the phone
    /// "+56987654321". Nothing is a wildcard. Blank text gives every contact; text with no letter
    /// or digit gives none.
    Table search(Id office_id, std::string_view text) const;
};

}  // namespace omilcrm
