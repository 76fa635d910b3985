-- Schema version 6: employers unique per office (a company deals with several offices, and a
-- regional file holds them all); events, outreach material and its showings; the regional
-- directorate, its province representatives and the office files it consolidates.

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
