-- Schema version 12: Open311 GeoReport v2 served over HTTP. A service request keeps what a 311
-- client may send with it: the address's id in the municipality's address register, the postal
-- code, and the address of a photo (media_url). The catalogue's garbage removal gains an optional
-- attribute, what is to be removed (waste_kind, several choices), where the office has not
-- changed the category's attributes.

ALTER TABLE service_request ADD COLUMN address_id TEXT NOT NULL DEFAULT '';
ALTER TABLE service_request ADD COLUMN zipcode TEXT NOT NULL DEFAULT '';
ALTER TABLE service_request ADD COLUMN media_url TEXT NOT NULL DEFAULT '';

UPDATE service_category SET attributes = 'location,waste_kind?'
WHERE code = 'garbage_removal' AND attributes = 'location';
