-- Schema version 10: who calls the HTTP API and who made each change: access tokens (a hash of each
-- secret, never the secret), the audit of the API's writes, and the actor of every change log's row
-- (NULL for the rows written before this version, whose actor nobody recorded).

CREATE TABLE access_token (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    name TEXT NOT NULL CHECK (name <> ''),
    office_id INTEGER REFERENCES office(id),
    staff_id INTEGER REFERENCES staff(id),
    role TEXT NOT NULL CHECK (role IN ('staff','coordinator','psychologist','analyst','integrator')),
    resources TEXT NOT NULL DEFAULT '',
    can_write INTEGER NOT NULL CHECK (can_write IN (0, 1)),
    secret_hash TEXT NOT NULL UNIQUE CHECK (length(secret_hash) = 64),
    expires_at INTEGER,
    revoked_at INTEGER,
    last_used_at INTEGER,
    CHECK (staff_id IS NOT NULL OR role IN ('analyst','integrator'))
) STRICT;
CREATE INDEX access_token_office ON access_token(office_id);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    on_date TEXT NOT NULL,
    actor TEXT NOT NULL,
    token_id INTEGER REFERENCES access_token(id),
    action TEXT NOT NULL CHECK (action <> ''),
    resource TEXT NOT NULL CHECK (resource <> ''),
    record_id INTEGER,
    office_id INTEGER REFERENCES office(id),
    detail TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_office ON audit(office_id, on_date);
CREATE INDEX audit_on ON audit(on_date);
ALTER TABLE employer_change ADD COLUMN actor TEXT;
ALTER TABLE employer_owner ADD COLUMN actor TEXT;
ALTER TABLE interaction_revision ADD COLUMN actor TEXT;
ALTER TABLE request_event ADD COLUMN actor TEXT;
ALTER TABLE seeker_change ADD COLUMN actor TEXT;
ALTER TABLE personal_data_export ADD COLUMN actor TEXT;
ALTER TABLE referral_event ADD COLUMN actor TEXT;
ALTER TABLE placement_check ADD COLUMN actor TEXT;
ALTER TABLE programme_offer_event ADD COLUMN actor TEXT;
ALTER TABLE office_import ADD COLUMN actor TEXT;
