-- An imported address's state_province ("England"), kept and published back instead of dropped
-- with a note on every address (audit 61 F4). Our own venues have none: ''.
ALTER TABLE "service_locations" ADD COLUMN "stateProvince" text DEFAULT '' NOT NULL;
