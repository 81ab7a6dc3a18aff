CREATE TABLE "postcodes_ended" (
	"postcode" text PRIMARY KEY,
	"endedOn" text
);
