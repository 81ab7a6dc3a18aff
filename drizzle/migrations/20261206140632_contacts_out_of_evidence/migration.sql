-- Evidence of unmet need kept a parent's name, a telephone number, an email address, a street
-- address and a full postcode typed into a search or into what a link worker tried (audit 59): only
-- children's names, references and dates were taken out. Those are now "[email]", "[phone]",
-- "[address]", "[name]" (after a title, or after the word for a parent or relative when written
-- with a capital) and a postcode keeps its district ("SE6 [postcode]", as searches near a postcode
-- are logged). The rows written so far are cleaned again.
CREATE OR REPLACE FUNCTION "personal_data_contacts_out"("words" text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT
    -- "mum Jane Smith", "Dad, John": in lower case ("mum support") a name cannot be told from a need.
    regexp_replace(
    -- After a title: "Mrs Da Silva", "mr. o'brien" (a second word only when written with a capital).
    regexp_replace(
    -- A full postcode keeps its district; "ks2 5th" is not a postcode.
    regexp_replace(
    -- A house number and a street: "12 Acacia Road", "3a Hill Crescent".
    regexp_replace(
    -- UK telephone numbers: 07700 900123, 020 7946 0958, (020) 7946-0958, +44 (0)20 7946 0958.
    regexp_replace(
    regexp_replace("words",
      '[[:alnum:]._%+''’-]+@[[:alnum:]-]+(\.[[:alnum:]-]+)+', '[email]', 'g'),
      '(\+44\s*(\(0\))?\s*|\(?\m0)\d{2,4}\)?([\s-]?\d){6,8}\M', '[phone]', 'g'),
      '\m\d{1,4}[a-z]?,?(\s+[[:alpha:]''’-]+){1,2}\s+(road|rd|street|avenue|ave|lane|close|drive|way|gardens|place|crescent|court|terrace|grove|mews|parade)\M',
      '[address]', 'gi'),
      '\m([a-z]{1,2}\d[a-z\d]?)\s*\d(?!(st|nd|rd|th)\M)[abd-hjlnp-uw-z]{2}\M', '\1 [postcode]', 'gi'),
      '\m([Mm][Rr][Ss]?|[Mm][Ss]|[Mm][Ii][Ss][Ss]|[Mm][Xx])(\.?)\s+[[:alpha:]''’-]+(\s+[[:upper:]][[:alpha:]''’-]*)?',
      '\1\2 [name]', 'g'),
      '\m([Mm]um|[Mm]other|[Dd]ad|[Ff]ather|[Pp]arent|[Cc]arer|[Gg]ran|[Gg]randma|[Gg]randmother|[Gg]randad|[Gg]randfather|[Nn]an|[Nn]ana|[Nn]anny|[Aa]unt|[Aa]untie|[Uu]ncle|[Ss]ister|[Bb]rother|[Ss]tepmum|[Ss]tepdad|[Gg]uardian)(,?)\s+[[:upper:]][[:alpha:]''’-]*(\s+[[:upper:]][[:alpha:]''’-]*)?',
      '\1\2 [name]', 'g')
$$;
--> statement-breakpoint
-- As before (plain_words_checked_once), with contacts taken out with the dates, before the words.
CREATE OR REPLACE FUNCTION "without_personal_data"("zone" integer, "words" text) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT coalesce(string_agg(coalesce(
      "personal_data_mark"("zone", "personal_data_bare"(s."word")),
      CASE WHEN s."word" ~ '[^[:alnum:]]' THEN
        "personal_data_parts"("zone", "personal_data_parts"("zone", "personal_data_parts"("zone", s."word",
          '[:alnum:]''’-'), '[:alnum:]''’'), '[:alnum:]')
      ELSE s."word" END),
    ' ' ORDER BY s."n"), '')
  FROM regexp_split_to_table("personal_data_contacts_out"("personal_data_dates_out"("words")), '\s+')
    WITH ORDINALITY AS s("word", "n")
  WHERE s."word" <> ''
$$;
--> statement-breakpoint
UPDATE "search_logs" SET "queryText" = left("without_personal_data"("zoneId", "queryText"), 200) WHERE "queryText" <> '';
--> statement-breakpoint
UPDATE "unmet_needs" SET "tried" = left("without_personal_data"("zoneId", "tried"), 2000);
