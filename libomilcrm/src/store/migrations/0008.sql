-- Schema version 8: the service requests an office received in a period (the deadline report), read
-- without walking the office's whole history.

CREATE INDEX service_request_received ON service_request(office_id, received_on);
