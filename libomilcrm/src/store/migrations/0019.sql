-- Schema version 19: department check-ins. When a request is routed to a department the office
-- schedules a check-in with that department a few business days before the request's deadline
-- (request_checkin, origin 'scheduled'); staff can schedule more by hand (origin 'by_hand'). A
-- check-in is done (a reminder to the department counts), or closed when the request is closed
-- or re-routed away from that department. `checkin_setting` holds an office's own number of
-- business days before the deadline (no row: the library's default). The lists of values are
-- comparisons joined by OR, as 0013.sql explains.

CREATE TABLE request_checkin (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    request_id INTEGER NOT NULL REFERENCES service_request(id),
    department_id INTEGER NOT NULL REFERENCES department(id),
    -- The staff member who follows the request (NULL: nobody yet).
    staff_id INTEGER REFERENCES staff(id),
    due_on TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin = 'scheduled' OR origin = 'by_hand'),
    note TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'open' CHECK (state = 'open' OR state = 'done' OR state = 'closed'),
    done_on TEXT,
    done_by INTEGER REFERENCES staff(id),
    outcome TEXT NOT NULL DEFAULT '',
    actor TEXT
) STRICT;
CREATE INDEX request_checkin_due ON request_checkin(office_id, state, due_on);
CREATE INDEX request_checkin_request ON request_checkin(request_id, state);

CREATE TABLE checkin_setting (
    office_id INTEGER PRIMARY KEY REFERENCES office(id),
    days_before INTEGER NOT NULL CHECK (days_before >= 0 AND days_before <= 60),
    updated_at INTEGER NOT NULL
) STRICT;
