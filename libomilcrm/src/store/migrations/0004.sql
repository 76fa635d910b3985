-- Schema version 4: service requests routed to municipal departments: departments, the service
-- catalogue, ordered routing rules, requests with their events (every transition, re-routing, note,
-- reminder and notice to the employer), pauses of the clock, and an office's local holidays.

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
