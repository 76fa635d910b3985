-- Schema version 18: the outbox. Messages to departments, employers' contacts and staff are
-- written in the same transaction as the change that causes them (a rolled-back change sends
-- nothing; a committed one is never lost) and delivered later by `omilcrm outbox send`.
-- `outbox_message` is one e-mail with its rendered parts and its delivery state;
-- `outbox_setting` switches a trigger off for an office (no row: on); `outbox_template` holds
-- an office's own wording of a template (no row: the library's Spanish default);
-- `outbox_opt_out` an address that asked to receive nothing more, with the token of its link.
-- The lists of values are comparisons joined by OR, as 0013.sql explains.

CREATE TABLE outbox_message (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    recipient_kind TEXT NOT NULL CHECK (recipient_kind = 'department' OR recipient_kind = 'employer_contact'
                                        OR recipient_kind = 'staff'),
    recipient_id INTEGER,
    recipient_address TEXT NOT NULL,
    recipient_name TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL DEFAULT 'email' CHECK (channel = 'email'),
    template TEXT NOT NULL,
    trigger_table TEXT NOT NULL,
    trigger_id INTEGER NOT NULL,
    -- What makes a message of queue_due() once only ("digest:staff=3:2026-11-23"); NULL for the
    -- messages a change causes.
    once_key TEXT,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    ical TEXT NOT NULL DEFAULT '',
    message_id TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state = 'pending' OR state = 'sending' OR state = 'sent'
                                                 OR state = 'failed' OR state = 'cancelled'),
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    sent_at INTEGER,
    actor TEXT
) STRICT;
CREATE INDEX outbox_message_due ON outbox_message(state, next_attempt_at);
CREATE INDEX outbox_message_office ON outbox_message(office_id, id);
CREATE INDEX outbox_message_trigger ON outbox_message(trigger_table, trigger_id);
CREATE UNIQUE INDEX outbox_message_once ON outbox_message(office_id, once_key) WHERE once_key IS NOT NULL;

CREATE TABLE outbox_setting (
    office_id INTEGER NOT NULL REFERENCES office(id),
    trigger TEXT NOT NULL,
    enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (office_id, trigger)
) STRICT;

CREATE TABLE outbox_template (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    template TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    UNIQUE (office_id, template)
) STRICT;

CREATE TABLE outbox_opt_out (
    id INTEGER PRIMARY KEY,
    office_id INTEGER NOT NULL REFERENCES office(id),
    address TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    opted_out_at INTEGER,
    UNIQUE (office_id, address)
) STRICT;
