-- Schema version 1: offices, staff, employers and their contacts.

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
