-- A name run together with another word ("AmaraOkafor", "SofiaDaSilva's") was kept: a word is looked
-- for whole and in parts cut at punctuation, never where its case changes. A word with a small letter
-- followed by a capital is now also cut there (the cut marked with chr(1), a control character the
-- API refuses in what people write), each part looked for as before, and the marks taken out again;
-- names side by side become one "[name]". "YouTube" and "iPad" are kept as they were.
CREATE OR REPLACE FUNCTION "personal_data_cut_at_capitals"("zone" integer, "word" text) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT regexp_replace(replace(
      "personal_data_parts"("zone", "personal_data_parts"("zone", "personal_data_parts"("zone",
        regexp_replace("word", '([[:lower:]])([[:upper:]])', '\1' || chr(1) || '\2', 'g'),
        '[:alnum:]''’-'), '[:alnum:]''’'), '[:alnum:]'),
      chr(1), ''),
    '(\[name\])+', '[name]', 'g')
$$;
--> statement-breakpoint
-- As before (contacts_out_of_evidence), with a word cut where its case changes before it is cut at punctuation.
CREATE OR REPLACE FUNCTION "without_personal_data"("zone" integer, "words" text) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT coalesce(string_agg(coalesce(
      "personal_data_mark"("zone", "personal_data_bare"(s."word")),
      CASE WHEN s."word" ~ '[[:lower:]][[:upper:]]' THEN "personal_data_cut_at_capitals"("zone", s."word")
      WHEN s."word" ~ '[^[:alnum:]]' THEN
        "personal_data_parts"("zone", "personal_data_parts"("zone", "personal_data_parts"("zone", s."word",
          '[:alnum:]''’-'), '[:alnum:]''’'), '[:alnum:]')
      ELSE s."word" END),
    ' ' ORDER BY s."n"), '')
  FROM regexp_split_to_table("personal_data_contacts_out"("personal_data_dates_out"("words")), '\s+')
    WITH ORDINALITY AS s("word", "n")
  WHERE s."word" <> ''
$$;
--> statement-breakpoint
UPDATE "search_logs" SET "queryText" = left("without_personal_data"("zoneId", "queryText"), 200)
  WHERE "queryText" ~ '[[:lower:]][[:upper:]]';
--> statement-breakpoint
UPDATE "unmet_needs" SET "tried" = left("without_personal_data"("zoneId", "tried"), 2000)
  WHERE "tried" ~ '[[:lower:]][[:upper:]]';
