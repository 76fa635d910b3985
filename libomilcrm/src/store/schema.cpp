// Versioned schema. Each migration takes the file from version i to i+1; never edit a shipped
// migration, add a new one.
#include <sqlite3.h>

#include <vector>

#include "store/sqlite.hpp"
#include "omilcrm/error.hpp"

namespace omilcrm::detail {

namespace {

// 'OMIL' in ASCII: marks a file as an omilcrm database.
constexpr int kApplicationId = 0x4F4D494C;

const std::vector<const char*>& migrations() {
    static const std::vector<const char*> m = {
        // 1: offices, staff, employers and their contacts.
        R"sql(
CREATE TABLE office (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    name TEXT NOT NULL CHECK (name <> ''),
    commune_code TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    name TEXT NOT NULL CHECK (name <> ''),
    role TEXT NOT NULL CHECK (role IN ('head','territorial_manager','labor_psychologist','administrative','other')),
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    started TEXT NOT NULL,
    left_on TEXT
) STRICT;
CREATE INDEX staff_office ON staff(office_id);
CREATE TABLE employer (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    rut TEXT NOT NULL UNIQUE,
    legal_name TEXT NOT NULL CHECK (legal_name <> ''),
    trade_name TEXT NOT NULL DEFAULT '',
    sector TEXT NOT NULL DEFAULT '',
    size TEXT NOT NULL DEFAULT 'unknown' CHECK (size IN ('unknown','micro','small','medium','large')),
    address TEXT NOT NULL DEFAULT '',
    commune_code TEXT NOT NULL,
    latitude REAL CHECK (latitude BETWEEN -90 AND 90),
    longitude REAL CHECK (longitude BETWEEN -180 AND 180),
    visiting_hours TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'prospect' CHECK (status IN ('prospect','active','inactive')),
    notes TEXT NOT NULL DEFAULT '',
    owner_id INTEGER NOT NULL REFERENCES staff(id)
) STRICT;
CREATE INDEX employer_office ON employer(office_id);
CREATE INDEX employer_by_owner ON employer(owner_id);
CREATE TABLE contact (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    employer_id INTEGER NOT NULL REFERENCES employer(id),
    name TEXT NOT NULL CHECK (name <> ''),
    role TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    is_primary INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1))
) STRICT;
CREATE INDEX contact_employer ON contact(employer_id);
)sql",
        // 2: clusters with members and a representative; the portfolio's ownership history
        // (backfilled from each employer's current owner).
        R"sql(
CREATE TABLE cluster (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    name TEXT NOT NULL CHECK (name <> ''),
    kind TEXT NOT NULL CHECK (kind IN ('industrial_park','trade_association','chamber_of_commerce','other')),
    representative_id INTEGER REFERENCES contact(id),
    meets TEXT,
    notes TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX cluster_office ON cluster(office_id);
CREATE TABLE cluster_member (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    cluster_id INTEGER NOT NULL REFERENCES cluster(id),
    employer_id INTEGER NOT NULL REFERENCES employer(id),
    joined TEXT NOT NULL,
    left_on TEXT,
    CHECK (left_on IS NULL OR left_on > joined)
) STRICT;
CREATE INDEX cluster_member_cluster ON cluster_member(cluster_id, joined);
CREATE INDEX cluster_member_employer ON cluster_member(employer_id);
CREATE TABLE employer_owner (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    employer_id INTEGER NOT NULL REFERENCES employer(id),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    from_date TEXT NOT NULL,
    to_date TEXT,
    reason TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX employer_owner_employer ON employer_owner(employer_id, from_date);
INSERT INTO employer_owner (uuid, created_at, updated_at, employer_id, staff_id, from_date, reason)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2)
             || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2)
             || '-' || hex(randomblob(6))),
       created_at, created_at, id, owner_id,
       date(created_at / 1000000, 'unixepoch'), 'owner when the history began'
FROM employer;
)sql",
        // 3: the relationship engine: interactions (with corrections kept and deletion as
        // hiding), cluster-meeting attendance, commitments, follow-ups, cadence policies, and
        // an employer segment for policies.
        R"sql(
ALTER TABLE employer ADD COLUMN segment TEXT NOT NULL DEFAULT '';
ALTER TABLE office ADD COLUMN latitude REAL CHECK (latitude BETWEEN -90 AND 90);
ALTER TABLE office ADD COLUMN longitude REAL CHECK (longitude BETWEEN -180 AND 180);
CREATE TABLE planned_visit (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    employer_id INTEGER NOT NULL REFERENCES employer(id),
    on_date TEXT NOT NULL,
    start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute INTEGER NOT NULL CHECK (end_minute > start_minute AND end_minute <= 1440),
    travel_minutes INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','superseded'))
) STRICT;
CREATE INDEX planned_visit_day ON planned_visit(office_id, on_date, staff_id);
CREATE TABLE interaction (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    kind TEXT NOT NULL CHECK (kind IN ('visit','phone_call','email','message','meeting','cluster_meeting','event','other')),
    on_date TEXT NOT NULL,
    at_minute INTEGER CHECK (at_minute BETWEEN 0 AND 1439),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    employer_id INTEGER REFERENCES employer(id),
    cluster_id INTEGER REFERENCES cluster(id),
    direction TEXT NOT NULL DEFAULT 'outbound' CHECK (direction IN ('outbound','inbound')),
    summary TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT '',
    next_step TEXT NOT NULL DEFAULT '',
    revision INTEGER NOT NULL DEFAULT 1,
    deleted_at INTEGER,
    CHECK (employer_id IS NOT NULL OR cluster_id IS NOT NULL)
) STRICT;
CREATE INDEX interaction_employer ON interaction(employer_id, on_date);
CREATE INDEX interaction_office ON interaction(office_id, on_date);
CREATE INDEX interaction_cluster ON interaction(cluster_id, on_date);
CREATE TABLE interaction_contact (
    interaction_id INTEGER NOT NULL REFERENCES interaction(id),
    contact_id INTEGER NOT NULL REFERENCES contact(id),
    PRIMARY KEY (interaction_id, contact_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE interaction_attendance (
    interaction_id INTEGER NOT NULL REFERENCES interaction(id),
    employer_id INTEGER NOT NULL REFERENCES employer(id),
    attended INTEGER NOT NULL CHECK (attended IN (0, 1)),
    PRIMARY KEY (interaction_id, employer_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX interaction_attendance_employer ON interaction_attendance(employer_id);
CREATE TABLE interaction_revision (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    interaction_id INTEGER NOT NULL REFERENCES interaction(id),
    revision INTEGER NOT NULL,
    kind TEXT NOT NULL,
    on_date TEXT NOT NULL,
    at_minute INTEGER,
    staff_id INTEGER NOT NULL,
    direction TEXT NOT NULL,
    summary TEXT NOT NULL,
    outcome TEXT NOT NULL,
    next_step TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX interaction_revision_of ON interaction_revision(interaction_id, revision);
CREATE TABLE commitment (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    employer_id INTEGER NOT NULL REFERENCES employer(id),
    interaction_id INTEGER REFERENCES interaction(id),
    owner_id INTEGER NOT NULL REFERENCES staff(id),
    description TEXT NOT NULL CHECK (description <> ''),
    due TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','kept','cancelled')),
    closed_on TEXT,
    reason TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX commitment_office ON commitment(office_id, status, due);
CREATE INDEX commitment_owner ON commitment(owner_id, status);
CREATE INDEX commitment_employer ON commitment(employer_id);
CREATE TABLE follow_up (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    employer_id INTEGER REFERENCES employer(id),
    interaction_id INTEGER REFERENCES interaction(id),
    owner_id INTEGER NOT NULL REFERENCES staff(id),
    description TEXT NOT NULL CHECK (description <> ''),
    due TEXT NOT NULL,
    done_on TEXT
) STRICT;
CREATE INDEX follow_up_office ON follow_up(office_id, done_on, due);
CREATE INDEX follow_up_owner ON follow_up(owner_id);
CREATE TABLE cadence_policy (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    track TEXT NOT NULL CHECK (track <> ''),
    scope TEXT NOT NULL CHECK (scope IN ('office','cluster','segment','employer')),
    cluster_id INTEGER REFERENCES cluster(id),
    employer_id INTEGER REFERENCES employer(id),
    segment TEXT NOT NULL DEFAULT '',
    interval_days INTEGER NOT NULL CHECK (interval_days > 0),
    kinds TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    retired_at INTEGER
) STRICT;
CREATE INDEX cadence_policy_office ON cadence_policy(office_id);
)sql",
        // 4: service requests routed to municipal departments: departments, the service
        // catalogue, ordered routing rules, requests with their events (every transition,
        // re-routing, note, reminder and notice to the employer), pauses of the clock, and an
        // office's local holidays.
        R"sql(
CREATE TABLE department (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    code TEXT NOT NULL CHECK (code <> ''),
    name TEXT NOT NULL CHECK (name <> ''),
    email TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    UNIQUE (office_id, code)
) STRICT;
CREATE TABLE service_category (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    code TEXT NOT NULL CHECK (code <> ''),
    name TEXT NOT NULL CHECK (name <> ''),
    description TEXT NOT NULL DEFAULT '',
    department_id INTEGER REFERENCES department(id),
    deadline_days INTEGER NOT NULL CHECK (deadline_days > 0),
    keywords TEXT NOT NULL DEFAULT '',
    attributes TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    UNIQUE (office_id, code)
) STRICT;
CREATE TABLE routing_rule (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    position INTEGER NOT NULL,
    category TEXT NOT NULL,
    area TEXT NOT NULL DEFAULT '',
    keywords TEXT NOT NULL DEFAULT '',
    department_id INTEGER NOT NULL REFERENCES department(id),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;
CREATE INDEX routing_rule_office ON routing_rule(office_id, position);
CREATE TABLE service_request (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    employer_id INTEGER REFERENCES employer(id),
    interaction_id INTEGER REFERENCES interaction(id),
    category TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    latitude REAL CHECK (latitude BETWEEN -90 AND 90),
    longitude REAL CHECK (longitude BETWEEN -180 AND 180),
    area TEXT NOT NULL DEFAULT '',
    attributes TEXT NOT NULL DEFAULT '',
    requester_name TEXT NOT NULL DEFAULT '',
    requester_email TEXT NOT NULL DEFAULT '',
    requester_phone TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('received','routed','in_progress','resolved','closed','rejected','duplicate','reopened')),
    department_id INTEGER REFERENCES department(id),
    routing_rule_id INTEGER REFERENCES routing_rule(id),
    received_on TEXT NOT NULL,
    deadline_days INTEGER NOT NULL CHECK (deadline_days > 0),
    due_on TEXT,
    resolved_on TEXT,
    duplicate_of INTEGER REFERENCES service_request(id)
) STRICT;
CREATE INDEX service_request_office ON service_request(office_id, status);
CREATE INDEX service_request_department ON service_request(department_id, status);
CREATE INDEX service_request_employer ON service_request(employer_id);
CREATE TABLE request_event (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    request_id INTEGER NOT NULL REFERENCES service_request(id),
    kind TEXT NOT NULL CHECK (kind IN ('transition','reroute','note','reminder','notified','pause','resume')),
    on_date TEXT NOT NULL,
    staff_id INTEGER REFERENCES staff(id),
    from_status TEXT,
    to_status TEXT,
    department_id INTEGER REFERENCES department(id),
    routing_rule_id INTEGER REFERENCES routing_rule(id),
    note TEXT NOT NULL DEFAULT '',
    visible_to_employer INTEGER NOT NULL DEFAULT 0 CHECK (visible_to_employer IN (0, 1))
) STRICT;
CREATE INDEX request_event_request ON request_event(request_id, id);
CREATE TABLE request_pause (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES service_request(id),
    from_date TEXT NOT NULL,
    to_date TEXT,
    CHECK (to_date IS NULL OR to_date >= from_date)
) STRICT;
CREATE INDEX request_pause_request ON request_pause(request_id);
CREATE TABLE office_holiday (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    on_date TEXT NOT NULL,
    name TEXT NOT NULL CHECK (name <> ''),
    UNIQUE (office_id, on_date)
) STRICT;
)sql",
        // 5: vacancies, job seekers (personal data in its own table), referrals, placements and
        // programmes.
        R"sql(
CREATE TABLE vacancy (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    employer_id INTEGER NOT NULL REFERENCES employer(id),
    title TEXT NOT NULL CHECK (title <> ''),
    description TEXT NOT NULL DEFAULT '',
    occupation TEXT NOT NULL,
    positions INTEGER NOT NULL CHECK (positions > 0),
    employment_type TEXT NOT NULL,
    shift TEXT NOT NULL,
    schedule TEXT NOT NULL DEFAULT '',
    wage_min INTEGER CHECK (wage_min IS NULL OR wage_min >= 0),
    wage_max INTEGER CHECK (wage_max IS NULL OR wage_max >= 0),
    commune TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    education TEXT NOT NULL,
    experience_months INTEGER NOT NULL DEFAULT 0 CHECK (experience_months >= 0),
    licences TEXT NOT NULL DEFAULT '',
    skills TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL,
    interaction_id INTEGER REFERENCES interaction(id),
    captured_by INTEGER REFERENCES staff(id),
    captured_on TEXT NOT NULL,
    valid_through TEXT NOT NULL CHECK (valid_through >= captured_on),
    cancelled_on TEXT,
    cancel_reason TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX vacancy_office ON vacancy(office_id, captured_on);
CREATE INDEX vacancy_employer ON vacancy(employer_id);
CREATE TABLE job_seeker (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    commune TEXT NOT NULL,
    education TEXT NOT NULL,
    skills TEXT NOT NULL DEFAULT '',
    licences TEXT NOT NULL DEFAULT '',
    shifts TEXT NOT NULL DEFAULT '',
    available_from TEXT,
    registered_on TEXT NOT NULL,
    consent_on TEXT NOT NULL,
    consent_scope TEXT NOT NULL CHECK (consent_scope <> ''),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;
CREATE INDEX job_seeker_office ON job_seeker(office_id);
CREATE TABLE seeker_personal (
    seeker_id INTEGER PRIMARY KEY REFERENCES job_seeker(id),
    office_id INTEGER NOT NULL REFERENCES office(id),
    rut TEXT NOT NULL,
    name TEXT NOT NULL CHECK (name <> ''),
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    birth_date TEXT,
    UNIQUE (office_id, rut)
) STRICT;
CREATE TABLE seeker_experience (
    id INTEGER PRIMARY KEY,
    seeker_id INTEGER NOT NULL REFERENCES job_seeker(id),
    occupation TEXT NOT NULL,
    months INTEGER NOT NULL CHECK (months >= 0)
) STRICT;
CREATE INDEX seeker_experience_seeker ON seeker_experience(seeker_id);
CREATE TABLE seeker_change (
    id INTEGER PRIMARY KEY,
    seeker_id INTEGER NOT NULL REFERENCES job_seeker(id),
    at INTEGER NOT NULL,
    on_date TEXT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL
) STRICT;
CREATE INDEX seeker_change_seeker ON seeker_change(seeker_id, id);
CREATE TABLE workshop_attendance (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    seeker_id INTEGER NOT NULL REFERENCES job_seeker(id),
    on_date TEXT NOT NULL,
    workshop TEXT NOT NULL CHECK (workshop <> ''),
    staff_id INTEGER REFERENCES staff(id)
) STRICT;
CREATE INDEX workshop_attendance_seeker ON workshop_attendance(seeker_id);
CREATE TABLE personal_data_export (
    id INTEGER PRIMARY KEY,
    office_id INTEGER NOT NULL REFERENCES office(id),
    at INTEGER NOT NULL,
    staff_id INTEGER REFERENCES staff(id),
    purpose TEXT NOT NULL CHECK (purpose <> ''),
    fields TEXT NOT NULL,
    scope TEXT NOT NULL,
    rows INTEGER NOT NULL
) STRICT;
CREATE TABLE referral (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    seeker_id INTEGER NOT NULL REFERENCES job_seeker(id),
    vacancy_id INTEGER NOT NULL REFERENCES vacancy(id),
    employer_id INTEGER NOT NULL REFERENCES employer(id),
    stage TEXT NOT NULL,
    referred_on TEXT NOT NULL,
    referred_by INTEGER REFERENCES staff(id),
    evaluation TEXT,
    closed_on TEXT,
    UNIQUE (seeker_id, vacancy_id)
) STRICT;
CREATE INDEX referral_vacancy ON referral(vacancy_id);
CREATE INDEX referral_office ON referral(office_id, referred_on);
CREATE TABLE referral_event (
    id INTEGER PRIMARY KEY,
    referral_id INTEGER NOT NULL REFERENCES referral(id),
    at INTEGER NOT NULL,
    on_date TEXT NOT NULL,
    from_stage TEXT,
    to_stage TEXT NOT NULL,
    staff_id INTEGER REFERENCES staff(id),
    result TEXT,
    note TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX referral_event_referral ON referral_event(referral_id, id);
CREATE TABLE placement (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    seeker_id INTEGER NOT NULL REFERENCES job_seeker(id),
    vacancy_id INTEGER NOT NULL REFERENCES vacancy(id),
    employer_id INTEGER NOT NULL REFERENCES employer(id),
    referral_id INTEGER REFERENCES referral(id),
    start_on TEXT NOT NULL,
    contract_type TEXT NOT NULL,
    recorded_by INTEGER REFERENCES staff(id),
    UNIQUE (seeker_id, vacancy_id)
) STRICT;
CREATE INDEX placement_office ON placement(office_id, start_on);
CREATE INDEX placement_vacancy ON placement(vacancy_id);
CREATE TABLE placement_check (
    id INTEGER PRIMARY KEY,
    placement_id INTEGER NOT NULL REFERENCES placement(id),
    day INTEGER NOT NULL CHECK (day IN (30, 90)),
    employed INTEGER NOT NULL CHECK (employed IN (0, 1)),
    checked_on TEXT NOT NULL,
    staff_id INTEGER REFERENCES staff(id),
    note TEXT NOT NULL DEFAULT '',
    at INTEGER NOT NULL,
    UNIQUE (placement_id, day)
) STRICT;
CREATE TABLE programme (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    code TEXT NOT NULL CHECK (code <> ''),
    name TEXT NOT NULL CHECK (name <> ''),
    kind TEXT NOT NULL CHECK (kind IN ('training', 'subsidy', 'other')),
    audience TEXT NOT NULL CHECK (audience IN ('employers', 'seekers', 'both')),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    UNIQUE (office_id, code)
) STRICT;
CREATE TABLE programme_offer (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    programme_id INTEGER NOT NULL REFERENCES programme(id),
    employer_id INTEGER REFERENCES employer(id),
    seeker_id INTEGER REFERENCES job_seeker(id),
    offered_on TEXT NOT NULL,
    offered_by INTEGER REFERENCES staff(id),
    outcome TEXT NOT NULL,
    outcome_on TEXT,
    note TEXT NOT NULL DEFAULT '',
    CHECK ((employer_id IS NULL) <> (seeker_id IS NULL))
) STRICT;
CREATE INDEX programme_offer_office ON programme_offer(office_id, offered_on);
CREATE TABLE programme_offer_event (
    id INTEGER PRIMARY KEY,
    offer_id INTEGER NOT NULL REFERENCES programme_offer(id),
    at INTEGER NOT NULL,
    on_date TEXT NOT NULL,
    outcome TEXT NOT NULL,
    staff_id INTEGER REFERENCES staff(id),
    note TEXT NOT NULL DEFAULT ''
) STRICT;
-- Offices that existed before this version get SENCE's usual programmes (new offices get them
-- from Programmes::seed_defaults).
INSERT INTO programme (uuid, created_at, updated_at, office_id, code, name, kind, audience)
SELECT lower(substr(u, 1, 8) || '-' || substr(u, 9, 4) || '-4' || substr(u, 14, 3) || '-a' || substr(u, 18, 3) ||
             '-' || substr(u, 21, 12)),
       created_at, created_at, office_id, code, name, kind, audience
FROM (SELECT hex(randomblob(16)) AS u, o.created_at AS created_at, o.id AS office_id, d.column1 AS code,
             d.column2 AS name, d.column3 AS kind, d.column4 AS audience
      FROM office o, (VALUES
          ('capacitacion', 'Cursos de capacitación SENCE', 'training', 'both'),
          ('subsidio_empleo_joven', 'Subsidio al Empleo Joven', 'subsidy', 'both'),
          ('bono_trabajo_mujer', 'Bono al Trabajo de la Mujer', 'subsidy', 'both'),
          ('impulsa_personas', 'Impulsa Personas (franquicia tributaria)', 'training', 'employers'),
          ('experiencia_laboral', 'Experiencia Laboral', 'subsidy', 'seekers')) d
      ORDER BY o.id);
)sql",
        // 6: employers unique per office (a company deals with several offices, and a regional
        // file holds them all); events, outreach material and its showings; the regional
        // directorate, its province representatives and the office files it consolidates.
        R"sql(
CREATE TABLE employer_new (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    rut TEXT NOT NULL,
    legal_name TEXT NOT NULL CHECK (legal_name <> ''),
    trade_name TEXT NOT NULL DEFAULT '',
    sector TEXT NOT NULL DEFAULT '',
    size TEXT NOT NULL DEFAULT 'unknown' CHECK (size IN ('unknown','micro','small','medium','large')),
    address TEXT NOT NULL DEFAULT '',
    commune_code TEXT NOT NULL,
    latitude REAL CHECK (latitude BETWEEN -90 AND 90),
    longitude REAL CHECK (longitude BETWEEN -180 AND 180),
    visiting_hours TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'prospect' CHECK (status IN ('prospect','active','inactive')),
    notes TEXT NOT NULL DEFAULT '',
    owner_id INTEGER NOT NULL REFERENCES staff(id),
    segment TEXT NOT NULL DEFAULT '',
    UNIQUE (office_id, rut)
) STRICT;
INSERT INTO employer_new (id, uuid, created_at, updated_at, office_id, rut, legal_name, trade_name, sector, size,
                          address, commune_code, latitude, longitude, visiting_hours, status, notes, owner_id, segment)
SELECT id, uuid, created_at, updated_at, office_id, rut, legal_name, trade_name, sector, size, address, commune_code,
       latitude, longitude, visiting_hours, status, notes, owner_id, segment FROM employer;
DROP TABLE employer;
ALTER TABLE employer_new RENAME TO employer;
CREATE INDEX employer_office ON employer(office_id);
CREATE INDEX employer_by_owner ON employer(owner_id);
CREATE INDEX employer_rut ON employer(rut);
CREATE TABLE employer_change (
    id INTEGER PRIMARY KEY,
    employer_id INTEGER NOT NULL REFERENCES employer(id),
    at INTEGER NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL
) STRICT;
CREATE INDEX employer_change_employer ON employer_change(employer_id, id);
CREATE TABLE event (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    kind TEXT NOT NULL CHECK (kind IN ('business_meeting','job_fair','business_breakfast','coordination_table','other')),
    title TEXT NOT NULL CHECK (title <> ''),
    on_date TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    commune TEXT NOT NULL,
    organiser TEXT NOT NULL DEFAULT '',
    staff_id INTEGER REFERENCES staff(id),
    notes TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX event_by_office ON event(office_id, on_date);
CREATE TABLE event_office (
    event_id INTEGER NOT NULL REFERENCES event(id),
    office_id INTEGER NOT NULL REFERENCES office(id),
    PRIMARY KEY (event_id, office_id)
) STRICT;
CREATE TABLE event_employer (
    event_id INTEGER NOT NULL REFERENCES event(id),
    employer_id INTEGER NOT NULL REFERENCES employer(id),
    invited INTEGER NOT NULL DEFAULT 0 CHECK (invited IN (0, 1)),
    attended INTEGER NOT NULL DEFAULT 0 CHECK (attended IN (0, 1)),
    interaction_id INTEGER REFERENCES interaction(id),
    PRIMARY KEY (event_id, employer_id)
) STRICT;
CREATE INDEX event_employer_employer ON event_employer(employer_id);
CREATE TABLE outreach_asset (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    name TEXT NOT NULL CHECK (name <> ''),
    kind TEXT NOT NULL CHECK (kind IN ('video','banner','brochure','presentation','other')),
    produced_by TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE TABLE showing (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    asset_id INTEGER NOT NULL REFERENCES outreach_asset(id),
    office_id INTEGER NOT NULL REFERENCES office(id),
    on_date TEXT NOT NULL,
    setting TEXT NOT NULL CHECK (setting IN ('company_meeting','municipal_department','job_fair','business_meeting',
                                             'sence_activity','other')),
    audience TEXT NOT NULL CHECK (audience IN ('employers','job_seekers','municipal_staff','mixed','other')),
    audience_size INTEGER NOT NULL CHECK (audience_size >= 0),
    event_id INTEGER REFERENCES event(id),
    staff_id INTEGER REFERENCES staff(id),
    notes TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX showing_office ON showing(office_id, on_date);
CREATE TABLE showing_employer (
    showing_id INTEGER NOT NULL REFERENCES showing(id),
    employer_id INTEGER NOT NULL REFERENCES employer(id),
    PRIMARY KEY (showing_id, employer_id)
) STRICT;
CREATE TABLE regional_directorate (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    region_code TEXT NOT NULL,
    name TEXT NOT NULL CHECK (name <> '')
) STRICT;
CREATE TABLE province_representative (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    province_code TEXT NOT NULL,
    name TEXT NOT NULL CHECK (name <> ''),
    role TEXT NOT NULL DEFAULT '',
    office_id INTEGER REFERENCES office(id),
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE TABLE office_import (
    id INTEGER PRIMARY KEY,
    office_id INTEGER NOT NULL REFERENCES office(id),
    office_uuid TEXT NOT NULL,
    source TEXT NOT NULL,
    at INTEGER NOT NULL,
    latest_change INTEGER NOT NULL,
    inserted INTEGER NOT NULL,
    updated INTEGER NOT NULL
) STRICT;
CREATE INDEX office_import_office ON office_import(office_id, id);
)sql",
        // v7: the latest contact of each employer and kind (the due list) read from an index
        // alone, and the interaction listing of an office in date and time order.
        R"sql(
CREATE INDEX interaction_latest ON interaction(office_id, employer_id, kind, on_date)
    WHERE deleted_at IS NULL AND employer_id IS NOT NULL;
)sql",
        // v8: the service requests an office received in a period (the deadline report), read
        // without walking the office's whole history.
        R"sql(
CREATE INDEX service_request_received ON service_request(office_id, received_on);
)sql",
        // v9: an office's interactions by day and time, the order of its listing, from the index
        // alone (the listing of a million rows needs no sort).
        R"sql(
DROP INDEX interaction_office;
CREATE INDEX interaction_office ON interaction(office_id, on_date, at_minute);
)sql",
    };
    return m;
}

}  // namespace

int latest_schema_version() noexcept { return static_cast<int>(migrations().size()); }

int schema_version(SQLite::Database& db) {
    SQLite::Statement q(db, "PRAGMA user_version");
    q.executeStep();
    return q.getColumn(0).getInt();
}

namespace {
int pragma_int(SQLite::Database& db, const char* sql) {
    SQLite::Statement q(db, sql);
    return q.executeStep() ? q.getColumn(0).getInt() : 0;
}

// Refuses, before anything is written, a file that is not this library's at `version`.
void check_header(SQLite::Database& db, int version) {
    const std::string file = "\"" + db.getFilename() + "\"";
    const int latest = latest_schema_version();
    if (version > latest)
        throw StorageError("database file " + file + " has schema version " + std::to_string(version) +
                           ", newer than this library's " + std::to_string(latest) +
                           "; open it with a newer libomilcrm");
    const int app = pragma_int(db, "PRAGMA application_id");
    const int objects = pragma_int(db, "SELECT count(*) FROM sqlite_schema");
    if (version < 0 || (app != 0 && app != kApplicationId) || (version == 0 && objects > 0) ||
        (version > 0 && app != kApplicationId))
        throw StorageError(file + " is not an omilcrm database");
    if (version > 0) {
        // Every version has had these; a file that lacks one was damaged or made by hand.
        for (const char* table : {"office", "staff", "employer", "contact"})
            if (!db.tableExists(table))
                throw StorageCorrupt(file + " is damaged: schema version " + std::to_string(version) +
                                     " but no table " + table);
    }
}
}  // namespace

int check_schema(DbImpl& impl) {
    auto& db = impl.conn();
    const int version = schema_version(db);
    check_header(db, version);
    return version;
}

void migrate(SQLite::Database& db, int target) {
    if (schema_version(db) >= target) return;
    // Foreign keys are checked once at the end, as SQLite advises for table rebuilds: a migration
    // may drop and recreate a table that others refer to.
    const int foreign_keys = pragma_int(db, "PRAGMA foreign_keys");
    db.exec("PRAGMA foreign_keys = OFF");
    auto restore = [&] {
        if (foreign_keys) db.exec("PRAGMA foreign_keys = ON");
    };
    try {
        // The write lock first, then the version again: another process may have upgraded the
        // file (or created its schema) while this one waited.
        db.exec("BEGIN IMMEDIATE");
    } catch (...) {
        restore();
        throw;
    }
    try {
        const int current = schema_version(db);
        check_header(db, current);
        for (int v = current; v < target; ++v) db.exec(migrations()[static_cast<std::size_t>(v)]);
        SQLite::Statement check(db, "PRAGMA foreign_key_check");
        if (check.executeStep())
            throw StorageError("upgrading \"" + db.getFilename() + "\" would break a reference from table " +
                               check.getColumn(0).getString() + "; nothing was changed");
        if (current < target) {
            db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
            db.exec("PRAGMA user_version = " + std::to_string(target));
        }
        db.exec("COMMIT");
    } catch (...) {
        // A full disk or an I/O error may have rolled the transaction back already.
        if (!sqlite3_get_autocommit(db.getHandle())) {
            try {
                db.exec("ROLLBACK");
            } catch (...) {
            }
        }
        try {
            restore();
        } catch (...) {
        }
        throw;
    }
    restore();
}

}  // namespace omilcrm::detail
