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
