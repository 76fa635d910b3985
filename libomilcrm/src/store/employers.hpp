#pragma once
// The store's functions for employers, their contacts and the employers' change log
// (detail::log_employer_change, declared in store/store.hpp, is defined with them).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/employers.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

// ---- employers ----------------------------------------------------------------------------

/// Inserts a prepared employer (validated, metadata filled); sets e.meta.id. A RUT already in
/// the file is a Conflict (the caller says it in its own words).
void insert_employer(DbImpl& db, Employer& e);
std::optional<Employer> find_employer(DbImpl& db, Id id);
/// By compact RUT ("76086428-5"), in any office.
std::optional<Employer> find_employer_by_rut(DbImpl& db, const std::string& rut_compact);
/// The id of the office's employer with this compact RUT.
std::optional<Id> employer_id_by_rut(DbImpl& db, Id office_id, const std::string& rut_compact);
bool employer_exists(DbImpl& db, Id id);
/// The employers of an office by legal name, then id.
std::vector<Employer> list_employers(DbImpl& db, Id office_id);
std::size_t count_employers(DbImpl& db, Id office_id);
/// A page of list_employers() filtered and ordered by `order_column` (a column of employer; ties
/// by legal name, then id) and its total. The caller checks the column name.
EmployerPage employers_page(DbImpl& db, Id office_id, const EmployerListing& listing, std::string_view order_column,
                            bool descending);
/// Writes an employer's changeable fields (legal name to segment) as they are in `e`.
void update_employer(DbImpl& db, const Employer& e);

/// One entry of an employer's change log.
struct EmployerChange {
    Timestamp at{};
    std::string field, old_value, new_value;
    std::optional<std::string> actor;
};
/// The employer's change log, oldest first.
std::vector<EmployerChange> employer_changes(DbImpl& db, Id employer_id);

/// An employer's row of Employers::table: the record's columns with its owner's name and the
/// clusters it is a member of now.
struct EmployerRow {
    Id id = 0;
    std::string uuid;
    std::string rut;  ///< compact
    std::string legal_name, trade_name, sector, activity, size, address, commune_code;
    std::optional<double> latitude, longitude;
    std::string visiting_hours, status;
    Id owner_id = 0;
    std::string owner;
    Timestamp created_at{}, updated_at{};
    std::string segment;
    std::string lead_source, lead_detail;
    std::string clusters;  ///< "Parque A; Gremio B", or empty
};
/// The office's employers by legal name, then id.
std::vector<EmployerRow> employer_rows(DbImpl& db, Id office_id);

/// What an import needs to match its rows to the office's employers.
struct EmployerKey {
    Id id = 0;
    std::string rut;  ///< compact
    std::string legal_name;
};
/// Every employer of the office (in no particular order).
std::vector<EmployerKey> employer_keys(DbImpl& db, Id office_id);

// ---- contacts -----------------------------------------------------------------------------

/// Inserts a prepared contact; sets c.meta.id.
void insert_contact(DbImpl& db, Contact& c);
std::optional<Contact> find_contact(DbImpl& db, Id id);
/// The employer's contacts, the primary first, then by id.
std::vector<Contact> list_contacts(DbImpl& db, Id employer_id);
/// Writes a contact's name, role, e-mail and phone as they are in `c`.
void update_contact(DbImpl& db, const Contact& c);
/// Demotes the employer's primary contact, if it has one.
void clear_primary_contact(DbImpl& db, Id employer_id);
/// Makes `contact_id` the primary contact of `employer_id` (its employer), demoting the other.
void set_primary_contact(DbImpl& db, Id employer_id, Id contact_id);

/// A contact of one of the office's employers, with the employer's RUT and legal name.
struct OfficeContact {
    Id id = 0;
    std::string uuid;
    Id employer_id = 0;
    std::string rut;         ///< the employer's, compact
    std::string employer;    ///< the employer's legal name
    std::string trade_name;  ///< and its trade name
    std::string name, role, email, phone;
    bool primary = false;
};
enum class ContactOrder {
    Employer,  ///< by employer legal name, the primary contact first, then id (Contacts::table)
    Rut,       ///< by employer RUT, contact name, then id (the contacts export)
    None,      ///< in no particular order (an import's index)
};
/// Every contact of the office's employers.
std::vector<OfficeContact> office_contacts(DbImpl& db, Id office_id, ContactOrder order);

}  // namespace omilcrm::store
