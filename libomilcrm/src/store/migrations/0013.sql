-- Schema version 13: the CHECK constraints that allowed a column one of three or more names
-- (`kind IN ('visit','phone_call',...)`) say the same thing as comparisons joined by OR. SQLite
-- compiles an IN list of three or more constants into a temporary B-tree that it builds again on
-- every run of a statement, so each single-row INSERT or UPDATE of these tables built one per
-- such column; comparisons cost nothing to set up. The allowed values are unchanged, so every
-- stored row satisfies the new checks. A CHECK cannot be altered in place: each table is rebuilt
-- (SQLite's ALTER TABLE procedure: create the new table, copy, drop, rename, recreate the
-- indexes; migrate() checks the foreign keys at the end), with its columns in the same order.
-- Lists of two values (`IN (0, 1)`) are compiled into comparisons already and stay as they are.

CREATE TABLE staff_new (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    name TEXT NOT NULL CHECK (name <> ''),
    role TEXT NOT NULL CHECK (role = 'head' OR role = 'territorial_manager' OR role = 'labor_psychologist'
                              OR role = 'administrative' OR role = 'other'),
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    started TEXT NOT NULL,
    left_on TEXT
) STRICT;
INSERT INTO staff_new (id, uuid, created_at, updated_at, office_id, name, role, email, phone, started,
                       left_on)
SELECT id, uuid, created_at, updated_at, office_id, name, role, email, phone, started, left_on FROM staff;
DROP TABLE staff;
ALTER TABLE staff_new RENAME TO staff;
CREATE INDEX staff_office ON staff(office_id);

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
    size TEXT NOT NULL DEFAULT 'unknown' CHECK (size = 'unknown' OR size = 'micro' OR size = 'small'
                                                OR size = 'medium' OR size = 'large'),
    address TEXT NOT NULL DEFAULT '',
    commune_code TEXT NOT NULL,
    latitude REAL CHECK (latitude BETWEEN -90 AND 90),
    longitude REAL CHECK (longitude BETWEEN -180 AND 180),
    visiting_hours TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'prospect' CHECK (status = 'prospect' OR status = 'active'
                                                   OR status = 'inactive'),
    notes TEXT NOT NULL DEFAULT '',
    owner_id INTEGER NOT NULL REFERENCES staff(id),
    segment TEXT NOT NULL DEFAULT '',
    UNIQUE (office_id, rut)
) STRICT;
INSERT INTO employer_new (id, uuid, created_at, updated_at, office_id, rut, legal_name, trade_name, sector,
                          size, address, commune_code, latitude, longitude, visiting_hours, status, notes,
                          owner_id, segment)
SELECT id, uuid, created_at, updated_at, office_id, rut, legal_name, trade_name, sector, size, address,
       commune_code, latitude, longitude, visiting_hours, status, notes, owner_id, segment FROM employer;
DROP TABLE employer;
ALTER TABLE employer_new RENAME TO employer;
CREATE INDEX employer_office ON employer(office_id);
CREATE INDEX employer_by_owner ON employer(owner_id);
CREATE INDEX employer_rut ON employer(rut);

CREATE TABLE cluster_new (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    name TEXT NOT NULL CHECK (name <> ''),
    kind TEXT NOT NULL CHECK (kind = 'industrial_park' OR kind = 'trade_association'
                              OR kind = 'chamber_of_commerce' OR kind = 'other'),
    representative_id INTEGER REFERENCES contact(id),
    meets TEXT,
    notes TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO cluster_new (id, uuid, created_at, updated_at, office_id, name, kind, representative_id, meets,
                         notes)
SELECT id, uuid, created_at, updated_at, office_id, name, kind, representative_id, meets, notes FROM cluster;
DROP TABLE cluster;
ALTER TABLE cluster_new RENAME TO cluster;
CREATE INDEX cluster_office ON cluster(office_id);

CREATE TABLE interaction_new (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    kind TEXT NOT NULL CHECK (kind = 'visit' OR kind = 'phone_call' OR kind = 'email' OR kind = 'message'
                              OR kind = 'meeting' OR kind = 'cluster_meeting' OR kind = 'event'
                              OR kind = 'other'),
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
INSERT INTO interaction_new (id, uuid, created_at, updated_at, office_id, kind, on_date, at_minute, staff_id,
                             employer_id, cluster_id, direction, summary, outcome, next_step, revision,
                             deleted_at)
SELECT id, uuid, created_at, updated_at, office_id, kind, on_date, at_minute, staff_id, employer_id,
       cluster_id, direction, summary, outcome, next_step, revision, deleted_at FROM interaction;
DROP TABLE interaction;
ALTER TABLE interaction_new RENAME TO interaction;
CREATE INDEX interaction_employer ON interaction(employer_id, on_date);
CREATE INDEX interaction_cluster ON interaction(cluster_id, on_date);
CREATE INDEX interaction_latest ON interaction(office_id, employer_id, kind, on_date)
    WHERE deleted_at IS NULL AND employer_id IS NOT NULL;
CREATE INDEX interaction_office ON interaction(office_id, on_date, at_minute);

CREATE TABLE commitment_new (
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
    status TEXT NOT NULL DEFAULT 'open' CHECK (status = 'open' OR status = 'kept' OR status = 'cancelled'),
    closed_on TEXT,
    reason TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO commitment_new (id, uuid, created_at, updated_at, office_id, employer_id, interaction_id,
                            owner_id, description, due, status, closed_on, reason)
SELECT id, uuid, created_at, updated_at, office_id, employer_id, interaction_id, owner_id, description, due,
       status, closed_on, reason FROM commitment;
DROP TABLE commitment;
ALTER TABLE commitment_new RENAME TO commitment;
CREATE INDEX commitment_office ON commitment(office_id, status, due);
CREATE INDEX commitment_owner ON commitment(owner_id, status);
CREATE INDEX commitment_employer ON commitment(employer_id);

CREATE TABLE cadence_policy_new (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    track TEXT NOT NULL CHECK (track <> ''),
    scope TEXT NOT NULL CHECK (scope = 'office' OR scope = 'cluster' OR scope = 'segment'
                               OR scope = 'employer'),
    cluster_id INTEGER REFERENCES cluster(id),
    employer_id INTEGER REFERENCES employer(id),
    segment TEXT NOT NULL DEFAULT '',
    interval_days INTEGER NOT NULL CHECK (interval_days > 0),
    kinds TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    retired_at INTEGER
) STRICT;
INSERT INTO cadence_policy_new (id, uuid, created_at, updated_at, office_id, track, scope, cluster_id,
                                employer_id, segment, interval_days, kinds, name, retired_at)
SELECT id, uuid, created_at, updated_at, office_id, track, scope, cluster_id, employer_id, segment,
       interval_days, kinds, name, retired_at FROM cadence_policy;
DROP TABLE cadence_policy;
ALTER TABLE cadence_policy_new RENAME TO cadence_policy;
CREATE INDEX cadence_policy_office ON cadence_policy(office_id);

CREATE TABLE programme_new (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    code TEXT NOT NULL CHECK (code <> ''),
    name TEXT NOT NULL CHECK (name <> ''),
    kind TEXT NOT NULL CHECK (kind = 'training' OR kind = 'subsidy' OR kind = 'other'),
    audience TEXT NOT NULL CHECK (audience = 'employers' OR audience = 'seekers' OR audience = 'both'),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    UNIQUE (office_id, code)
) STRICT;
INSERT INTO programme_new (id, uuid, created_at, updated_at, office_id, code, name, kind, audience, active)
SELECT id, uuid, created_at, updated_at, office_id, code, name, kind, audience, active FROM programme;
DROP TABLE programme;
ALTER TABLE programme_new RENAME TO programme;

CREATE TABLE service_request_new (
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
    status TEXT NOT NULL CHECK (status = 'received' OR status = 'routed' OR status = 'in_progress'
                                OR status = 'resolved' OR status = 'closed' OR status = 'rejected'
                                OR status = 'duplicate' OR status = 'reopened'),
    department_id INTEGER REFERENCES department(id),
    routing_rule_id INTEGER REFERENCES routing_rule(id),
    received_on TEXT NOT NULL,
    deadline_days INTEGER NOT NULL CHECK (deadline_days > 0),
    due_on TEXT,
    resolved_on TEXT,
    duplicate_of INTEGER REFERENCES service_request(id),
    address_id TEXT NOT NULL DEFAULT '',
    zipcode TEXT NOT NULL DEFAULT '', media_url TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO service_request_new (id, uuid, created_at, updated_at, office_id, employer_id, interaction_id,
                                 category, description, address, latitude, longitude, area, attributes,
                                 requester_name, requester_email, requester_phone, status, department_id,
                                 routing_rule_id, received_on, deadline_days, due_on, resolved_on,
                                 duplicate_of, address_id, zipcode, media_url)
SELECT id, uuid, created_at, updated_at, office_id, employer_id, interaction_id, category, description,
       address, latitude, longitude, area, attributes, requester_name, requester_email, requester_phone,
       status, department_id, routing_rule_id, received_on, deadline_days, due_on, resolved_on, duplicate_of,
       address_id, zipcode, media_url FROM service_request;
DROP TABLE service_request;
ALTER TABLE service_request_new RENAME TO service_request;
CREATE INDEX service_request_office ON service_request(office_id, status);
CREATE INDEX service_request_department ON service_request(department_id, status);
CREATE INDEX service_request_employer ON service_request(employer_id);
CREATE INDEX service_request_received ON service_request(office_id, received_on);

CREATE TABLE request_event_new (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    request_id INTEGER NOT NULL REFERENCES service_request(id),
    kind TEXT NOT NULL CHECK (kind = 'transition' OR kind = 'reroute' OR kind = 'note' OR kind = 'reminder'
                              OR kind = 'notified' OR kind = 'pause' OR kind = 'resume'),
    on_date TEXT NOT NULL,
    staff_id INTEGER REFERENCES staff(id),
    from_status TEXT,
    to_status TEXT,
    department_id INTEGER REFERENCES department(id),
    routing_rule_id INTEGER REFERENCES routing_rule(id),
    note TEXT NOT NULL DEFAULT '',
    visible_to_employer INTEGER NOT NULL DEFAULT 0 CHECK (visible_to_employer IN (0, 1)),
    actor TEXT
) STRICT;
INSERT INTO request_event_new (id, uuid, created_at, updated_at, request_id, kind, on_date, staff_id,
                               from_status, to_status, department_id, routing_rule_id, note,
                               visible_to_employer, actor)
SELECT id, uuid, created_at, updated_at, request_id, kind, on_date, staff_id, from_status, to_status,
       department_id, routing_rule_id, note, visible_to_employer, actor FROM request_event;
DROP TABLE request_event;
ALTER TABLE request_event_new RENAME TO request_event;
CREATE INDEX request_event_request ON request_event(request_id, id);

CREATE TABLE event_new (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    kind TEXT NOT NULL CHECK (kind = 'business_meeting' OR kind = 'job_fair' OR kind = 'business_breakfast'
                              OR kind = 'coordination_table' OR kind = 'other'),
    title TEXT NOT NULL CHECK (title <> ''),
    on_date TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    commune TEXT NOT NULL,
    organiser TEXT NOT NULL DEFAULT '',
    staff_id INTEGER REFERENCES staff(id),
    notes TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO event_new (id, uuid, created_at, updated_at, office_id, kind, title, on_date, place, commune,
                       organiser, staff_id, notes)
SELECT id, uuid, created_at, updated_at, office_id, kind, title, on_date, place, commune, organiser, staff_id,
       notes FROM event;
DROP TABLE event;
ALTER TABLE event_new RENAME TO event;
CREATE INDEX event_by_office ON event(office_id, on_date);

CREATE TABLE outreach_asset_new (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    name TEXT NOT NULL CHECK (name <> ''),
    kind TEXT NOT NULL CHECK (kind = 'video' OR kind = 'banner' OR kind = 'brochure' OR kind = 'presentation'
                              OR kind = 'other'),
    produced_by TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO outreach_asset_new (id, uuid, created_at, updated_at, name, kind, produced_by, description)
SELECT id, uuid, created_at, updated_at, name, kind, produced_by, description FROM outreach_asset;
DROP TABLE outreach_asset;
ALTER TABLE outreach_asset_new RENAME TO outreach_asset;

CREATE TABLE showing_new (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    asset_id INTEGER NOT NULL REFERENCES outreach_asset(id),
    office_id INTEGER NOT NULL REFERENCES office(id),
    on_date TEXT NOT NULL,
    setting TEXT NOT NULL CHECK (setting = 'company_meeting' OR setting = 'municipal_department'
                                 OR setting = 'job_fair' OR setting = 'business_meeting'
                                 OR setting = 'sence_activity' OR setting = 'other'),
    audience TEXT NOT NULL CHECK (audience = 'employers' OR audience = 'job_seekers'
                                  OR audience = 'municipal_staff' OR audience = 'mixed'
                                  OR audience = 'other'),
    audience_size INTEGER NOT NULL CHECK (audience_size >= 0),
    event_id INTEGER REFERENCES event(id),
    staff_id INTEGER REFERENCES staff(id),
    notes TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO showing_new (id, uuid, created_at, updated_at, asset_id, office_id, on_date, setting, audience,
                         audience_size, event_id, staff_id, notes)
SELECT id, uuid, created_at, updated_at, asset_id, office_id, on_date, setting, audience, audience_size,
       event_id, staff_id, notes FROM showing;
DROP TABLE showing;
ALTER TABLE showing_new RENAME TO showing;
CREATE INDEX showing_office ON showing(office_id, on_date);

CREATE TABLE access_token_new (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    name TEXT NOT NULL CHECK (name <> ''),
    office_id INTEGER REFERENCES office(id),
    staff_id INTEGER REFERENCES staff(id),
    role TEXT NOT NULL CHECK (role = 'staff' OR role = 'coordinator' OR role = 'psychologist'
                              OR role = 'analyst' OR role = 'integrator'),
    resources TEXT NOT NULL DEFAULT '',
    can_write INTEGER NOT NULL CHECK (can_write IN (0, 1)),
    secret_hash TEXT NOT NULL UNIQUE CHECK (length(secret_hash) = 64),
    expires_at INTEGER,
    revoked_at INTEGER,
    last_used_at INTEGER,
    CHECK (staff_id IS NOT NULL OR role IN ('analyst','integrator'))
) STRICT;
INSERT INTO access_token_new (id, uuid, created_at, updated_at, name, office_id, staff_id, role, resources,
                              can_write, secret_hash, expires_at, revoked_at, last_used_at)
SELECT id, uuid, created_at, updated_at, name, office_id, staff_id, role, resources, can_write, secret_hash,
       expires_at, revoked_at, last_used_at FROM access_token;
DROP TABLE access_token;
ALTER TABLE access_token_new RENAME TO access_token;
CREATE INDEX access_token_office ON access_token(office_id);

CREATE TABLE rights_request_new (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    seeker_id INTEGER NOT NULL REFERENCES job_seeker(id),
    kind TEXT NOT NULL CHECK (kind = 'access' OR kind = 'rectification' OR kind = 'erasure'
                              OR kind = 'opposition' OR kind = 'portability' OR kind = 'blocking'),
    detail TEXT NOT NULL DEFAULT '',
    received_on TEXT NOT NULL,
    verified_by INTEGER NOT NULL REFERENCES staff(id),
    verification TEXT NOT NULL CHECK (verification <> ''),
    due_on TEXT NOT NULL,
    extended_on TEXT,
    extension_reason TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status = 'received' OR status = 'extended' OR status = 'answered'
                                OR status = 'refused'),
    answered_on TEXT,
    answered_by INTEGER REFERENCES staff(id),
    answer TEXT NOT NULL DEFAULT '',
    actor TEXT
) STRICT;
INSERT INTO rights_request_new (id, uuid, created_at, updated_at, office_id, seeker_id, kind, detail,
                                received_on, verified_by, verification, due_on, extended_on, extension_reason,
                                status, answered_on, answered_by, answer, actor)
SELECT id, uuid, created_at, updated_at, office_id, seeker_id, kind, detail, received_on, verified_by,
       verification, due_on, extended_on, extension_reason, status, answered_on, answered_by, answer, actor FROM rights_request;
DROP TABLE rights_request;
ALTER TABLE rights_request_new RENAME TO rights_request;
CREATE INDEX rights_request_office ON rights_request(office_id, status, due_on);
CREATE INDEX rights_request_seeker ON rights_request(seeker_id);

CREATE TABLE request_photo_new (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    request_id INTEGER NOT NULL REFERENCES service_request(id),
    content_type TEXT NOT NULL CHECK (content_type = 'image/jpeg' OR content_type = 'image/png'
                                      OR content_type = 'image/webp'),
    bytes BLOB NOT NULL,
    size INTEGER NOT NULL CHECK (size > 0 AND size = length(bytes)),
    actor TEXT
) STRICT;
INSERT INTO request_photo_new (id, uuid, created_at, updated_at, request_id, content_type, bytes, size, actor)
SELECT id, uuid, created_at, updated_at, request_id, content_type, bytes, size, actor FROM request_photo;
DROP TABLE request_photo;
ALTER TABLE request_photo_new RENAME TO request_photo;
CREATE INDEX request_photo_request ON request_photo(request_id, id);
