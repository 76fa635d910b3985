-- Schema version 3: the relationship engine: interactions (with corrections kept and deletion as
-- hiding), cluster-meeting attendance, commitments, follow-ups, cadence policies, and an employer
-- segment for policies.

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
