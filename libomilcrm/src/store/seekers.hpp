#pragma once
// The store's functions for job seekers: their profiles, experience, change log and workshops,
// and their personal data (RUT, name, phone, email, address, birth date), kept in its own table.
// Personal data leaves the store through the read_personal* functions only, and each of them
// logs the reading it makes (personal_data_export) in the caller's write scope. Every write to
// seekers marks them changed (detail::seekers_changed), so cached matching pools are reloaded.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "omilcrm/seekers.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

/// A list of shifts as stored (and as the change log shows it): "day,night".
std::string shifts_text(const std::vector<Shift>& shifts);

// ---- profiles

/// Inserts a prepared seeker (validated, metadata filled): the profile, the personal data and the
/// experience; sets s.meta.id. A RUT already registered at the office raises Conflict (the
/// caller says it in the domain's words, with seeker_with_rut).
void insert_seeker(DbImpl& db, JobSeeker& s);
/// The seeker of office `office_id` with this canonical RUT, for a duplicate's message.
std::optional<Id> seeker_with_rut(DbImpl& db, Id office_id, const std::string& rut);
/// A seeker's profile with its experience; the personal data fields are left empty.
std::optional<JobSeeker> find_seeker(DbImpl& db, Id id);
/// The office a seeker is registered at.
std::optional<Id> seeker_office(DbImpl& db, Id id);
/// A seeker with its personal data, for a change that logs the old contact data
/// (seeker_change); not to be handed out: nothing logs this reading.
std::optional<JobSeeker> find_seeker_for_change(DbImpl& db, Id id);
/// Each profile of the office, by id (experience not read; personal data fields empty).
void for_each_seeker(DbImpl& db, Id office_id, const std::function<void(const JobSeeker&)>& f);
std::size_t count_seekers(DbImpl& db, Id office_id);

/// Writes a seeker's profile fields (commune, education, skills, licences, shifts, available
/// from) and contact data (phone, email, address); with `experience`, replaces its experience.
void update_seeker(DbImpl& db, const JobSeeker& s, bool experience);
void set_seeker_withdrawn(DbImpl& db, Id id);
void set_seeker_consent(DbImpl& db, Id id, Date on, const std::vector<std::string>& scope);
/// Appends to a seeker's change log, stamped with the connection's now.
void insert_seeker_change(DbImpl& db, Id seeker_id, Date on, const char* field, const std::string& old_value,
                          const std::string& new_value);

/// One entry of a seeker's change log.
struct SeekerChange {
    Timestamp at;
    Date on;
    std::string field;
    std::string old_value;
    std::string new_value;
    std::optional<std::string> actor;
};
std::vector<SeekerChange> seeker_changes(DbImpl& db, Id seeker_id);

/// Inserts a workshop attendance with its metadata (meta.id set).
void insert_workshop(DbImpl& db, RecordMeta& meta, const WorkshopAttendance& w);
/// A seeker's workshops, by date and id.
std::vector<WorkshopAttendance> list_workshops(DbImpl& db, Id seeker_id);

/// What the office's seeker tables show beside each profile, in one query each: the experience
/// as "occupation:months;..." and how many workshops, referrals and placements.
struct SeekerExtras {
    std::unordered_map<Id, std::string> occupations;
    std::unordered_map<Id, std::int64_t> workshops, referrals, placements;
};
SeekerExtras seeker_extras(DbImpl& db, Id office_id);

// ---- personal data

/// A reading of personal data, as its log keeps it: the office whose seekers are read, who reads
/// them and why, the fields read, and the scope ("record 12", "register", a consent scope).
struct PersonalRead {
    Id office_id = 0;
    std::optional<Id> staff_id;
    std::string purpose;
    std::vector<std::string> fields;
    std::string scope;
};

/// Reads seeker `id` with its personal data and experience, and logs the reading (one row).
/// None (and nothing logged) when there is no such seeker.
std::optional<JobSeeker> read_personal(DbImpl& db, Id id, const PersonalRead& read);
/// The seeker of `read.office_id` with this canonical RUT. A search by RUT is a reading of
/// personal data whether it finds someone or not: when it finds nobody it is logged here
/// ("search", no rows); when it finds someone, the caller reads them (read_personal) or refuses
/// (log_refused_read), and either logs it. `read.scope` is not used.
std::optional<Id> search_by_rut(DbImpl& db, const std::string& rut, const PersonalRead& read);
/// Logs a reading refused because its purpose is not covered (no rows; `reason` in the log's
/// refused column): the log keeps who asked, why and what, though nothing was read.
void log_refused_read(DbImpl& db, const PersonalRead& read, const std::string& reason);

/// The order a register is read in.
enum class RegisterOrder { ById, ByRut };
/// Reads the personal data and profile of every seeker of `read.office_id` (experience not
/// read), handing each to `take`, which says whether it went out; then logs the reading with how
/// many went out, and returns when it was logged.
Timestamp read_personal_register(DbImpl& db, const PersonalRead& read, RegisterOrder order,
                                 const std::function<bool(const JobSeeker&)>& take);

/// One line of the log of personal data read.
struct PersonalReadLog {
    Timestamp at;
    std::optional<Id> staff_id;
    std::string purpose;
    std::string fields;  ///< comma-separated
    std::string scope;
    std::int64_t rows = 0;
    std::optional<std::string> actor;
    std::string refused;  ///< why the reading was refused; empty when it was made
};
/// The office's log, oldest first.
std::vector<PersonalReadLog> personal_read_log(DbImpl& db, Id office_id);

}  // namespace omilcrm::store
