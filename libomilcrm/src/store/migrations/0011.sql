-- Schema version 11: job seekers' rights under Ley 21.719. The register of the requests people make
-- to the office (access, rectification, erasure, opposition, portability, blocking) with their legal
-- deadlines; the periods in which a seeker's data is blocked or their processing opposed; the day a
-- seeker's personal data was erased (the profile stays, anonymous, so the office's figures stay
-- true); the office's retention rule; and, in the personal data log, the reads refused because the
-- purpose stated was not covered by the person's consent or the law.

CREATE TABLE rights_request (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    seeker_id INTEGER NOT NULL REFERENCES job_seeker(id),
    kind TEXT NOT NULL CHECK (kind IN ('access','rectification','erasure','opposition','portability','blocking')),
    detail TEXT NOT NULL DEFAULT '',
    received_on TEXT NOT NULL,
    verified_by INTEGER NOT NULL REFERENCES staff(id),
    verification TEXT NOT NULL CHECK (verification <> ''),
    due_on TEXT NOT NULL,
    extended_on TEXT,
    extension_reason TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('received','extended','answered','refused')),
    answered_on TEXT,
    answered_by INTEGER REFERENCES staff(id),
    answer TEXT NOT NULL DEFAULT '',
    actor TEXT
) STRICT;
CREATE INDEX rights_request_office ON rights_request(office_id, status, due_on);
CREATE INDEX rights_request_seeker ON rights_request(seeker_id);

CREATE TABLE seeker_restriction (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    seeker_id INTEGER NOT NULL REFERENCES job_seeker(id),
    kind TEXT NOT NULL CHECK (kind IN ('blocking','opposition')),
    from_on TEXT NOT NULL,
    to_on TEXT CHECK (to_on IS NULL OR to_on >= from_on),
    reason TEXT NOT NULL CHECK (reason <> ''),
    request_id INTEGER REFERENCES rights_request(id),
    staff_id INTEGER REFERENCES staff(id),
    actor TEXT
) STRICT;
CREATE INDEX seeker_restriction_seeker ON seeker_restriction(seeker_id, from_on);

ALTER TABLE job_seeker ADD COLUMN erased_on TEXT;
ALTER TABLE office ADD COLUMN retention_years INTEGER CHECK (retention_years IS NULL OR retention_years BETWEEN 1 AND 50);
ALTER TABLE personal_data_export ADD COLUMN refused TEXT NOT NULL DEFAULT '';
