import { doublePrecision, pgTable, text } from 'drizzle-orm/pg-core';

// Full postcodes (normalised "SE15 4QL") of the areas served, plus outward-code centroids
// ("SE15") so a partial postcode still finds a point.
export const postcodes = pgTable('postcodes', {
  postcode: text().primaryKey(),
  latitude: doublePrecision().notNull(),
  longitude: doublePrecision().notNull(),
});

export const postcodeOutwards = pgTable('postcode_outwards', {
  outward: text().primaryKey(),
  latitude: doublePrecision().notNull(),
  longitude: doublePrecision().notNull(),
});

// Postcodes the ONS Postcode Directory marks terminated (doterm), so a search near one can say it
// is no longer in use rather than only that its exact place is unknown. endedOn is the month it
// ended, 'YYYY-MM'; null when the file's doterm was not a month we could read.
export const postcodesEnded = pgTable('postcodes_ended', {
  postcode: text().primaryKey(),
  endedOn: text(),
});
