-- Evidence of unmet need kept a child's name or reference written another way (audit 61): run together
-- in lower case ("amaraokafor"), with digits ("amara1", "patel2016"), as a plural or possessive with
-- no apostrophe ("okafors"), with accents the register lacks or the other way round ("amára" for
-- Amara), and a reference without its hyphen ("rvb7vnu5") or with a space ("rvb 7vnu5"). A word (or
-- a part of one cut at punctuation) with no punctuation inside it that is not a name as written is
-- now looked for again: without accents, without digits at either end, without a final "s", and run
-- together with the child's other name. A name of one or two letters is never found inside a word so.
-- The rows written so far are cleaned again.

-- Lower case without accents, as names are compared: "Amára" and "AMARA" are "amara".
CREATE OR REPLACE FUNCTION "personal_data_fold"("word" text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT translate(replace(replace(replace(
      regexp_replace(normalize(lower("word"), NFD), '[\u0300-\u036f]', '', 'g'),
      'ß', 'ss'), 'æ', 'ae'), 'œ', 'oe'), 'łøđħı', 'lodhi')
$$;
--> statement-breakpoint
-- As before (names_in_parts_out_of_evidence), without accents; and "12=amaraokafor" for each name
-- and both names run together (either way round) of three letters or more, only a word with no
-- punctuation inside looks for (so "amara.okafor" is still "[name].[name]"). The names are folded as
-- personal_data_fold does, written out: an index's expression is built (by REINDEX, or a restore)
-- with only pg_catalog on the search path.
CREATE OR REPLACE FUNCTION "personal_data_name_keys"("zone" integer, "first" text, "last" text) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(array_agg(DISTINCT k."key"), '{}')
  FROM (
    SELECT translate(replace(replace(replace(
        regexp_replace(normalize(lower(coalesce("first", '')), NFD), '[\u0300-\u036f]', '', 'g'),
        'ß', 'ss'), 'æ', 'ae'), 'œ', 'oe'), 'łøđħı', 'lodhi') AS "first",
      translate(replace(replace(replace(
        regexp_replace(normalize(lower(coalesce("last", '')), NFD), '[\u0300-\u036f]', '', 'g'),
        'ß', 'ss'), 'æ', 'ae'), 'œ', 'oe'), 'łøđħı', 'lodhi') AS "last"
  ) f,
  LATERAL (
    SELECT "zone"::text || ':' || p."part" AS "key"
    FROM regexp_split_to_table(f."first" || ' ' || f."last", '[^[:alnum:]''’]+') AS p("part")
    WHERE length(p."part") > 1
    UNION ALL
    SELECT "zone"::text || '=' || j."joined"
    FROM (VALUES (f."first"), (f."last"), (f."first" || f."last"), (f."last" || f."first")) AS n("name"),
      LATERAL (SELECT regexp_replace(n."name", '[^[:alnum:]]', '', 'g') AS "joined") j
    WHERE length(j."joined") > 2
  ) k
$$;
--> statement-breakpoint
-- The index's keys are the function's: made again with it.
REINDEX INDEX "children_zone_name_parts";
--> statement-breakpoint
-- The keys a word written another way is looked for by: as it is, without digits at either end and
-- without a final "s" (each only when three letters or more are left), as a name or part of one (:)
-- and as a whole name or both run together (=).
CREATE OR REPLACE FUNCTION "personal_data_name_probes"("zone" integer, "core" text) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY(
    SELECT DISTINCT "zone"::text || s."sep" || v."key"
    FROM (SELECT "personal_data_fold"("core") AS "folded") f,
      LATERAL (SELECT regexp_replace(f."folded", '^[0-9]+|[0-9]+$', '', 'g') AS "trimmed") t,
      LATERAL (VALUES (f."folded"), (CASE WHEN length(t."trimmed") > 2 THEN t."trimmed" END),
        (CASE WHEN t."trimmed" ~ '[[:alpha:]]{3}s$' THEN left(t."trimmed", -1) END)) AS v("key"),
      (VALUES (':'), ('=')) AS s("sep")
    WHERE v."key" <> '')
$$;
--> statement-breakpoint
-- A child's reference without its hyphen, which may follow its second, third or fourth character.
CREATE OR REPLACE FUNCTION "personal_data_references"("core" text) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY[upper(left("core", 2) || '-' || substr("core", 3)), upper(left("core", 3) || '-' || substr("core", 4)),
    upper(left("core", 4) || '-' || substr("core", 5))]
$$;
--> statement-breakpoint
-- "[reference]" or "[name]" for a word (or part of one) that personal_data_mark did not know, when it
-- has no punctuation inside (an apostrophe's "s" and punctuation at either end aside) and is a name
-- or reference written another way; else null. A probe of the references' unique index and one of
-- children_zone_name_parts, each with its keys worked out once (a subquery), not for each child read.
CREATE OR REPLACE FUNCTION "personal_data_variant"("zone" integer, "word" text) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN w."core" !~ '^[[:alnum:]]+$' THEN NULL
    WHEN w."core" ~ '^[a-z0-9]{6,12}$' AND EXISTS (SELECT 1 FROM "children" c
      WHERE c."reference" = ANY ((SELECT "personal_data_references"(w."core"))::text[]) AND c."zoneId" = "zone") THEN '[reference]'
    WHEN EXISTS (SELECT 1 FROM "children" c
      WHERE "personal_data_name_keys"(c."zoneId", c."firstName", c."lastName") && (SELECT "personal_data_name_probes"("zone", w."core")))
      THEN '[name]'
  END
  FROM (SELECT regexp_replace(lower("word"), '^[^[:alnum:]]+|([''’]s)?[^[:alnum:]]*$', '', 'g') AS "core") w
$$;
--> statement-breakpoint
-- A word and the next that together are a child's reference with a space for its hyphen ("rvb 7vnu5").
CREATE OR REPLACE FUNCTION "personal_data_reference_spaced"("zone" integer, "word" text, "next" text) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN "personal_data_bare"("word") ~ '^[a-z]{2,4}$' AND "personal_data_bare"("next") ~ '^[a-z0-9]{4,8}$'
    THEN EXISTS (SELECT 1 FROM "children" c
      WHERE c."reference" = upper("personal_data_bare"("word") || '-' || "personal_data_bare"("next")) AND c."zoneId" = "zone")
    ELSE false END
$$;
--> statement-breakpoint
-- As before (names_and_dates_out_of_evidence), each run looked for written another way too.
CREATE OR REPLACE FUNCTION "personal_data_parts"("zone" integer, "word" text, "keep" text) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT string_agg(CASE WHEN m."part"[1] ~ ('^[' || "keep" || ']')
      THEN coalesce("personal_data_mark"("zone", "personal_data_bare"(m."part"[1])),
        "personal_data_variant"("zone", m."part"[1]), m."part"[1])
      ELSE m."part"[1] END, '' ORDER BY m."n")
  FROM regexp_matches("word", '[' || "keep" || ']+|[^' || "keep" || ']+', 'g') WITH ORDINALITY AS m("part", "n")
$$;
--> statement-breakpoint
-- As before (names_run_together_out_of_evidence), with a word of letters and digits alone looked for
-- written another way before it is cut (unless a short plain word, "for", "help", the most of a
-- search, which no other way of writing a name of three letters or more can be) (one with punctuation is, in parts, so "amaraokafor," keeps its
-- comma), and a reference written as two words one "[reference]".
CREATE OR REPLACE FUNCTION "without_personal_data"("zone" integer, "words" text) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT coalesce(string_agg(CASE
      WHEN w."afterSpaced" THEN NULL
      WHEN w."spaced" THEN '[reference]'
      ELSE coalesce(
        "personal_data_mark"("zone", "personal_data_bare"(w."word")),
        CASE WHEN w."word" ~ '^[[:alnum:]]+$' AND (length(w."word") > 4 OR w."word" ~ '[0-9sS]$|[^[:ascii:]]')
          THEN "personal_data_variant"("zone", w."word") END,
        CASE WHEN w."word" ~ '[[:lower:]][[:upper:]]' THEN "personal_data_cut_at_capitals"("zone", w."word")
        WHEN w."word" ~ '[^[:alnum:]]' THEN
          "personal_data_parts"("zone", "personal_data_parts"("zone", "personal_data_parts"("zone", w."word",
            '[:alnum:]''’-'), '[:alnum:]''’'), '[:alnum:]')
        ELSE w."word" END) END,
    ' ' ORDER BY w."n"), '')
  FROM (
    SELECT r."word", r."n", r."spaced", coalesce(lag(r."spaced") OVER (ORDER BY r."n"), false) AS "afterSpaced"
    FROM (
      SELECT s."word", s."n",
        "personal_data_reference_spaced"("zone", s."word", lead(s."word") OVER (ORDER BY s."n")) AS "spaced"
      FROM regexp_split_to_table("personal_data_contacts_out"("personal_data_dates_out"("words")), '\s+')
        WITH ORDINALITY AS s("word", "n")
      WHERE s."word" <> ''
    ) r
  ) w
$$;
--> statement-breakpoint
UPDATE "search_logs" SET "queryText" = left("without_personal_data"("zoneId", "queryText"), 200) WHERE "queryText" <> '';
--> statement-breakpoint
UPDATE "unmet_needs" SET "tried" = left("without_personal_data"("zoneId", "tried"), 2000);
