-- Schema version 5: vacancies, job seekers (personal data in its own table), referrals, placements
-- and programmes.

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
