#pragma once
// Job seekers: the profile (matched against vacancies), the consent they gave and, apart, their
// personal data. A seeker's personal data (RUT, name, phone, email, address, birth date) lives in
// its own table and appears only in the seeker's own record and in Seekers::export_personal();
// every employer-side listing, report and export carries seeker ids at most. Every read of it
// states a purpose from the closed list of purposes.hpp ("contact: citar a entrevista"); one the
// person's consent does not cover is refused (Forbidden) and the refusal logged.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/date.hpp"
#include "omilcrm/fields.hpp"
#include "omilcrm/labour.hpp"
#include "omilcrm/matching.hpp"
#include "omilcrm/purposes.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/repository.hpp"
#include "omilcrm/table.hpp"

namespace omilcrm {

struct Office;
struct StaffMember;

/// Consent scopes a seeker can give (Ley 19.628 as amended by Ley 21.719, docs/personal-data.md):
/// "intermediation" (the profile may be matched and shared with employers for referrals),
/// "programmes" (offered SENCE programmes), "contact" (the office may contact them), "statistics"
/// (anonymous use in reports).
std::vector<std::string> normalize_consent_scopes(const std::vector<std::string>& in);

struct JobSeeker {
    RecordMeta meta{};
    Id office_id = 0;
    // Personal data.
    std::string rut{};  ///< canonical "12.345.678-5"
    std::string name{};
    std::string phone{};
    std::string email{};
    std::string address{};
    std::optional<Date> birth_date{};
    // Profile.
    std::string commune{};
    EducationLevel education = EducationLevel::None;
    std::vector<matching::Experience> experience{};
    std::vector<std::string> skills{};
    std::vector<std::string> licences{};
    std::vector<Shift> shifts{};  ///< empty = any
    std::optional<Date> available_from{};
    Date registered_on{};
    Date consent_on{};
    std::vector<std::string> consent_scope{};
    bool active = true;  ///< false once withdrawn from the register
};
/// In the order of the seekers' spreadsheet (Imports::seekers, Seekers::export_register).
template <>
struct RecordFields<JobSeeker> {
    static constexpr auto fields = std::make_tuple(
        field("meta", &JobSeeker::meta), ref<Office>("office_id", &JobSeeker::office_id), field("rut", &JobSeeker::rut),
        field("name", &JobSeeker::name), field("commune", &JobSeeker::commune), field("phone", &JobSeeker::phone),
        field("email", &JobSeeker::email), field("address", &JobSeeker::address),
        field("birth_date", &JobSeeker::birth_date), field("education", &JobSeeker::education),
        field("experience", &JobSeeker::experience), field("skills", &JobSeeker::skills),
        field("licences", &JobSeeker::licences), field("shifts", &JobSeeker::shifts),
        field("available_from", &JobSeeker::available_from), field("registered_on", &JobSeeker::registered_on),
        field("consent_on", &JobSeeker::consent_on), field("consent_scope", &JobSeeker::consent_scope),
        field("active", &JobSeeker::active));
};

struct NewJobSeeker {
    Id office_id = 0;
    std::string rut{};
    std::string name{};
    std::string commune{};
    std::string phone{};
    std::string email{};
    std::string address{};
    std::optional<Date> birth_date{};
    EducationLevel education = EducationLevel::None;
    std::vector<matching::Experience> experience{};
    std::vector<std::string> skills{};
    std::vector<std::string> licences{};
    std::vector<Shift> shifts{};
    std::optional<Date> available_from{};
    std::optional<Date> registered_on{};       ///< default today
    std::optional<Date> consent_on{};          ///< required: the day they consented
    std::vector<std::string> consent_scope{};  ///< required, at least one scope
};
template <>
struct RecordFields<NewJobSeeker> {
    static constexpr auto fields = std::make_tuple(
        ref<Office>("office", &NewJobSeeker::office_id).required(), field("rut", &NewJobSeeker::rut).required(),
        field("name", &NewJobSeeker::name).required(), field("commune", &NewJobSeeker::commune).required(),
        field("phone", &NewJobSeeker::phone), field("email", &NewJobSeeker::email),
        field("address", &NewJobSeeker::address), field("birth_date", &NewJobSeeker::birth_date),
        field("education", &NewJobSeeker::education), field("experience", &NewJobSeeker::experience),
        field("skills", &NewJobSeeker::skills), field("licences", &NewJobSeeker::licences),
        field("shifts", &NewJobSeeker::shifts), field("available_from", &NewJobSeeker::available_from),
        field("registered_on", &NewJobSeeker::registered_on), field("consent_on", &NewJobSeeker::consent_on).required(),
        field("consent_scope", &NewJobSeeker::consent_scope).required());
};

struct WorkshopAttendance {
    Id seeker_id = 0;
    Date on{};
    std::string workshop{};  ///< "Apresto laboral: entrevista de trabajo"
    std::optional<Id> staff_id{};
};
template <>
struct RecordFields<WorkshopAttendance> {
    static constexpr auto fields = std::make_tuple(
        ref<JobSeeker>("seeker_id", &WorkshopAttendance::seeker_id), field("on", &WorkshopAttendance::on),
        field("workshop", &WorkshopAttendance::workshop), ref<StaffMember>("staff_id", &WorkshopAttendance::staff_id));
};

/// Fields of a seeker's profile that can change; unset ones stay as they are. Each change is
/// appended to the seeker's change log.
struct SeekerUpdate {
    std::optional<std::string> commune{};
    std::optional<std::string> phone{};
    std::optional<std::string> email{};
    std::optional<std::string> address{};
    std::optional<EducationLevel> education{};
    std::optional<std::vector<matching::Experience>> experience{};
    std::optional<std::vector<std::string>> skills{};
    std::optional<std::vector<std::string>> licences{};
    std::optional<std::vector<Shift>> shifts{};
    std::optional<std::optional<Date>> available_from{};
};
template <>
struct RecordFields<SeekerUpdate> {
    static constexpr auto fields =
        std::make_tuple(field("commune", &SeekerUpdate::commune), field("phone", &SeekerUpdate::phone),
                        field("email", &SeekerUpdate::email), field("address", &SeekerUpdate::address),
                        field("education", &SeekerUpdate::education), field("experience", &SeekerUpdate::experience),
                        field("skills", &SeekerUpdate::skills), field("licences", &SeekerUpdate::licences),
                        field("shifts", &SeekerUpdate::shifts), field("available_from", &SeekerUpdate::available_from));
};

class Seekers : public Repository {
public:
    using Repository::Repository;
    /// Registers a job seeker: RUT (one registration per office), name, commune and the consent
    /// given (date and at least one scope) are required.
    JobSeeker add(const NewJobSeeker& s);
    /// Bulk path: in one transaction, every row validated as add() does (errors name
    /// rows[i].field); one bad row and nothing is written.
    /// `progress`, if given, is told the rows written so far (see Progress); if it throws, nothing is written.
    std::vector<Id> add_many(const std::vector<NewJobSeeker>& rows, const Progress& progress = {});
    /// The seeker's profile, without personal data: rut, name, phone, email, address and
    /// birth_date are empty (read them through personal()).
    JobSeeker get(Id id) const;
    /// The seeker with their personal data. Reading personal data takes a purpose from the closed
    /// list ("code" or "code: detail", parse_purpose(); a ValidationError naming "purpose" before
    /// anything else) and a staff member of the seeker's office, and is logged (exports(): scope
    /// "record <id>") in its own transaction before the data is returned; so it is a Conflict
    /// inside a transaction. A purpose the seeker's consent does not cover (refusal()) is
    /// Forbidden, and the refusal is logged all the same (rows 0, the reason in "refused").
    JobSeeker personal(Id id, const std::string& purpose, std::optional<Id> staff_id);
    /// The seeker registered with this RUT at the office, with their personal data; a search by
    /// RUT reads personal data, so it takes a purpose and a staff member and is logged, found or
    /// not, as personal() is; a seeker found whose consent does not cover the purpose is
    /// Forbidden, as in personal().
    std::optional<JobSeeker> find_by_rut(Id office_id, std::string_view rut, const std::string& purpose,
                                         std::optional<Id> staff_id);
    /// Changes the given fields; each change goes to the seeker's change log. A ValidationError
    /// about a personal field (rut, name, phone, email, address, birth_date) leaves the value out
    /// of its message.
    JobSeeker update(Id id, const SeekerUpdate& changes);
    /// Takes the seeker off the register (no longer matched); the record stays.
    JobSeeker withdraw(Id id, std::optional<Date> on = {});
    /// Renews the consent (date and scopes); the previous one stays in the change log.
    JobSeeker renew_consent(Id id, Date on, const std::vector<std::string>& scope);
    std::size_t count(Id office_id) const;
    void attend_workshop(Id seeker_id, Date on, const std::string& workshop, std::optional<Id> staff_id = {});
    std::vector<WorkshopAttendance> workshops(Id seeker_id) const;
    /// The profile listing, without personal data: id, uuid, commune, education, occupations,
    /// skills, licences, shifts, availability, consent, workshops attended.
    Table table(Id office_id) const;
    /// The register in the columns Imports::seekers reads, for moving an office's register to
    /// another file: the seekers on the register whose consent goes beyond statistics (withdrawn
    /// and statistics-only seekers' personal data stays). Personal data: the purpose
    /// (register_transfer, or legal_obligation; any other is a ValidationError) and a staff
    /// member of the office are required and the export is logged like export_personal (scope
    /// "register").
    Table export_register(Id office_id, const std::string& purpose, std::optional<Id> staff_id = {});
    /// The only way personal data leaves the database: the profile columns plus the personal
    /// `fields` asked for (any of "rut", "name", "phone", "email", "address", "birth_date"; at
    /// least one). The purpose and a staff member of the office are required; the export is
    /// logged (who, when, what, how many) in its own transaction before the table is returned, so
    /// an export inside a caller's transaction is a Conflict.
    /// Only active seekers whose consent covers `scope` are included, and the purpose must agree
    /// with it (intermediation with "intermediation", programmes with "programmes", contact with
    /// "contact"; data_subject_request and legal_obligation with any scope; register_transfer is
    /// export_register's): otherwise a ValidationError naming "purpose". The table's metadata
    /// says what it contains.
    Table export_personal(Id office_id, const std::vector<std::string>& fields, const std::string& purpose,
                          std::optional<Id> staff_id = {}, const std::string& scope = "intermediation");
    /// The log of personal data read: when, who, purpose, fields, consent scope, rows, actor and,
    /// for a reading refused, why (empty for the readings made).
    Table exports(Id office_id) const;
    /// The seeker's change log (profile, contact, withdrawal, consent): when, field, old and new
    /// value; the values of personal fields (phone, email, address) read "(personal data)".
    Table changes(Id seeker_id) const;
};

}  // namespace omilcrm
