CREATE TABLE "budget_source_spend" (
	"budgetId" integer,
	"source" text,
	"committedPence" bigint NOT NULL,
	"spentPence" bigint NOT NULL,
	"commissions" integer NOT NULL,
	CONSTRAINT "budget_source_spend_pkey" PRIMARY KEY("budgetId","source")
);
--> statement-breakpoint
DROP INDEX "ledger_entries_budget";--> statement-breakpoint
CREATE INDEX "ledger_entries_budget" ON "ledger_entries" ("budgetId","kind");--> statement-breakpoint
ALTER TABLE "budget_source_spend" ADD CONSTRAINT "budget_source_spend_budgetId_child_budgets_id_fkey" FOREIGN KEY ("budgetId") REFERENCES "child_budgets"("id");--> statement-breakpoint
-- Spend by funding source, kept per budget (schema/domain/attribution.ts says how money is
-- attributed; attributedTotalsSql is this same sum for any window), kept by triggers in the
-- transaction that moves the money: a commission raised or settled adds or takes away its own share,
-- an allocation or carried-in money works its budgets out again. Statuses and kinds are compared as
-- text where a migration may run them (a fresh database runs every migration in one transaction,
-- where enum values added by earlier migrations cannot be used); the raise's own path compares the
-- kind as itself, to read ledger_entries_budget by (budget, kind).
-- What a commission holds: committed while it is live, spent once completed (report.ts, COMMITTED and SPENT).
CREATE FUNCTION commission_held_pence(status text, amount integer, delivered integer, unit_price integer,
  OUT committed bigint, OUT spent bigint) LANGUAGE sql IMMUTABLE AS $$
  SELECT (CASE WHEN status IN ('REQUESTED', 'APPROVED', 'ACCEPTED') THEN amount ELSE 0 END)::bigint,
    (CASE WHEN status = 'COMPLETED' THEN delivered * unit_price ELSE 0 END)::bigint
$$;--> statement-breakpoint
CREATE FUNCTION refresh_budget_source_spend(ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  -- Writers of one budget queue here (in id order, so two never deadlock), and each statement
  -- below sees what was committed before it: whoever commits last sums everything.
  PERFORM 1 FROM "child_budgets" WHERE "id" = ANY(ids) ORDER BY "id" FOR NO KEY UPDATE;
  DELETE FROM "budget_source_spend" WHERE "budgetId" = ANY(ids);
  INSERT INTO "budget_source_spend" ("budgetId", "source", "committedPence", "spentPence", "commissions")
  WITH "money" AS MATERIALIZED (
    SELECT c."budgetId", h."committed", h."spent"
    FROM "child_budgets" b JOIN "commissions" c ON c."childId" = b."childId" AND c."budgetId" = b."id",
      commission_held_pence(c."status"::text, c."amountPence", c."unitsDelivered", c."unitPricePence") h
    WHERE b."id" = ANY(ids)
  ), "alloc" AS (
    SELECT a."budgetId", p."source"::text AS "source", sum(a."amountPence")::bigint AS "amt"
    FROM (
      SELECT "budgetId", "fundingPotId", "amountPence" FROM "allocations" WHERE "budgetId" = ANY(ids)
      UNION ALL
      SELECT "budgetId", "fundingPotId", "amountPence" FROM "ledger_entries"
      WHERE "budgetId" = ANY(ids) AND "kind"::text = 'CARRY_IN'
    ) a JOIN "funding_pots" p ON p."id" = a."fundingPotId"
    GROUP BY 1, 2 HAVING sum(a."amountPence") > 0
  ), "funded" AS (
    SELECT "budgetId", sum("amt")::bigint AS "total" FROM "alloc" GROUP BY 1
  ), "amounts" AS (
    SELECT "budgetId", 'c' AS "held", "committed" AS "x", count(*) AS "n" FROM "money" WHERE "committed" > 0 GROUP BY 1, 3
    UNION ALL
    SELECT "budgetId", 's', "spent", count(*) FROM "money" WHERE "spent" > 0 GROUP BY 1, 3
  ), "shares" AS (
    SELECT m."budgetId", a."source", m."held", m."n" * (m."x" * a."amt" / f."total"
      + CASE WHEN row_number() OVER (PARTITION BY m."budgetId", m."held", m."x" ORDER BY m."x" * a."amt" % f."total" DESC, a."source")
        <= m."x" - sum(m."x" * a."amt" / f."total") OVER (PARTITION BY m."budgetId", m."held", m."x") THEN 1 ELSE 0 END) AS "pence"
    FROM "amounts" m JOIN "funded" f ON f."budgetId" = m."budgetId" JOIN "alloc" a ON a."budgetId" = m."budgetId"
    UNION ALL
    SELECT m."budgetId", 'UNATTRIBUTED', m."held", m."n" * m."x" FROM "amounts" m
    WHERE NOT EXISTS (SELECT FROM "funded" f WHERE f."budgetId" = m."budgetId")
  ), "counted" AS (
    SELECT b."budgetId", coalesce(a."source", 'UNATTRIBUTED') AS "source",
      CASE WHEN a."source" IS NULL OR row_number() OVER (PARTITION BY b."budgetId" ORDER BY a."amt" DESC, a."source") = 1
        THEN b."n" ELSE 0 END AS "n"
    FROM (SELECT "budgetId", count(*) AS "n" FROM "money" GROUP BY 1) b LEFT JOIN "alloc" a ON a."budgetId" = b."budgetId"
  )
  SELECT "budgetId", "source", sum("committed"), sum("spent"), sum("n")
  FROM (
    SELECT "budgetId", "source", CASE WHEN "held" = 'c' THEN "pence" ELSE 0 END AS "committed",
      CASE WHEN "held" = 's' THEN "pence" ELSE 0 END AS "spent", 0 AS "n"
    FROM "shares"
    UNION ALL
    SELECT "budgetId", "source", 0, 0, "n" FROM "counted"
  ) t
  GROUP BY 1, 2;
END
$$;--> statement-breakpoint
-- Splits pence over weights (in the sources' name order) by largest remainder: each share is the
-- floor of its exact part, the pence left go one each to the largest remainders, ties to the
-- earlier name (attribution.ts, largestRemainder).
CREATE FUNCTION split_by_largest_remainder(pence bigint, weights bigint[]) RETURNS bigint[] LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  total bigint := 0;
  shares bigint[] := '{}';
  remainders bigint[] := '{}';
  left_over bigint;
  best integer;
BEGIN
  -- Nothing to split, or one funder: no remainders to place (a raise holds no spend; most budgets
  -- have one funder).
  IF pence = 0 THEN RETURN array_fill(0::bigint, ARRAY[cardinality(weights)]); END IF;
  IF cardinality(weights) = 1 THEN RETURN ARRAY[pence]; END IF;
  FOR i IN 1 .. coalesce(cardinality(weights), 0) LOOP total := total + weights[i]; END LOOP;
  FOR i IN 1 .. coalesce(cardinality(weights), 0) LOOP
    shares := shares || (pence * weights[i] / total);
    remainders := remainders || (pence * weights[i] % total);
  END LOOP;
  left_over := pence;
  FOR i IN 1 .. coalesce(cardinality(shares), 0) LOOP left_over := left_over - shares[i]; END LOOP;
  WHILE left_over > 0 LOOP
    best := 1;
    FOR i IN 2 .. cardinality(remainders) LOOP
      IF remainders[i] > remainders[best] THEN best := i; END IF;
    END LOOP;
    shares[best] := shares[best] + 1;
    remainders[best] := -1;
    left_over := left_over - 1;
  END LOOP;
  RETURN shares;
END
$$;--> statement-breakpoint
-- Moves one commission's share of its budget's rows from the money it held to the money it holds
-- now (a new one held nothing; counted: 1 when it is new), split under the budget's weights as they
-- stand. The weights change only with an allocation or money carried in, which work out the whole
-- budget again; both hold the budget's lock while they write.
CREATE FUNCTION move_budget_source_spend(budget integer, was_committed bigint, was_spent bigint,
  now_committed bigint, now_spent bigint, counted integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  sources text[];
  weights bigint[];
  was_c bigint[];
  was_s bigint[];
  now_c bigint[];
  now_s bigint[];
  main integer := 1;
BEGIN
  PERFORM 1 FROM "child_budgets" WHERE "id" = budget FOR NO KEY UPDATE;
  SELECT array_agg(w."source" ORDER BY w."source"), array_agg(w."amt" ORDER BY w."source") INTO sources, weights
  FROM (
    SELECT p."source"::text AS "source", sum(a."amountPence")::bigint AS "amt"
    FROM (
      SELECT "fundingPotId", "amountPence" FROM "allocations" WHERE "budgetId" = budget
      UNION ALL
      SELECT "fundingPotId", "amountPence" FROM "ledger_entries" WHERE "budgetId" = budget AND "kind" = 'CARRY_IN'
    ) a JOIN "funding_pots" p ON p."id" = a."fundingPotId"
    GROUP BY 1 HAVING sum(a."amountPence") > 0
  ) w;
  IF sources IS NULL THEN
    sources := ARRAY['UNATTRIBUTED'];
    weights := ARRAY[1::bigint];
  END IF;
  was_c := split_by_largest_remainder(was_committed, weights);
  was_s := split_by_largest_remainder(was_spent, weights);
  now_c := split_by_largest_remainder(now_committed, weights);
  now_s := split_by_largest_remainder(now_spent, weights);
  -- Counted once, under the source that gave most (ties: the earlier name).
  FOR i IN 2 .. cardinality(weights) LOOP
    IF weights[i] > weights[main] THEN main := i; END IF;
  END LOOP;
  INSERT INTO "budget_source_spend" AS k ("budgetId", "source", "committedPence", "spentPence", "commissions")
  SELECT budget, sources[i], now_c[i] - was_c[i], now_s[i] - was_s[i], CASE WHEN i = main THEN counted ELSE 0 END
  FROM generate_series(1, cardinality(sources)) i
  ON CONFLICT ("budgetId", "source") DO UPDATE SET
    "committedPence" = k."committedPence" + excluded."committedPence",
    "spentPence" = k."spentPence" + excluded."spentPence",
    "commissions" = k."commissions" + excluded."commissions";
END
$$;--> statement-breakpoint
-- Many commissions at once (a seed, an import, a sweep) are worked out budget by budget instead.
CREATE FUNCTION budget_source_spend_commissions_added() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE c record;
BEGIN
  IF (SELECT count(*) FROM new_rows) > 20 THEN
    PERFORM refresh_budget_source_spend(ARRAY(SELECT DISTINCT "budgetId" FROM new_rows));
    RETURN NULL;
  END IF;
  FOR c IN
    SELECT n."budgetId", h."committed", h."spent"
    FROM new_rows n, commission_held_pence(n."status"::text, n."amountPence", n."unitsDelivered", n."unitPricePence") h
    ORDER BY n."budgetId"
  LOOP
    PERFORM move_budget_source_spend(c."budgetId", 0, 0, c."committed", c."spent", 1);
  END LOOP;
  RETURN NULL;
END
$$;--> statement-breakpoint
-- Only a change to what a commission holds moves spend (approving or accepting one does not):
-- its old money is taken away and its new money added, under the same weights.
CREATE FUNCTION budget_source_spend_commissions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE c record;
BEGIN
  IF (SELECT count(*) FROM new_rows) > 20 OR EXISTS (
    SELECT 1 FROM new_rows n JOIN old_rows o ON o."id" = n."id" WHERE n."budgetId" IS DISTINCT FROM o."budgetId"
  ) THEN
    PERFORM refresh_budget_source_spend(ARRAY(SELECT "budgetId" FROM new_rows UNION SELECT "budgetId" FROM old_rows));
    RETURN NULL;
  END IF;
  FOR c IN
    SELECT n."budgetId", was."committed" AS "wasCommitted", was."spent" AS "wasSpent", held."committed", held."spent"
    FROM new_rows n JOIN old_rows o ON o."id" = n."id",
      commission_held_pence(o."status"::text, o."amountPence", o."unitsDelivered", o."unitPricePence") was,
      commission_held_pence(n."status"::text, n."amountPence", n."unitsDelivered", n."unitPricePence") held
    WHERE (was."committed", was."spent") IS DISTINCT FROM (held."committed", held."spent")
    ORDER BY n."budgetId"
  LOOP
    PERFORM move_budget_source_spend(c."budgetId", c."wasCommitted", c."wasSpent", c."committed", c."spent", 0);
  END LOOP;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE FUNCTION budget_source_spend_allocations_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_budget_source_spend(ARRAY(SELECT DISTINCT "budgetId" FROM new_rows));
  RETURN NULL;
END
$$;--> statement-breakpoint
-- Allocations are never changed by the portal; if one is (by hand), both budgets follow.
CREATE FUNCTION budget_source_spend_allocations_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_budget_source_spend(ARRAY(SELECT "budgetId" FROM new_rows UNION SELECT "budgetId" FROM old_rows));
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE FUNCTION budget_source_spend_carried_in() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_budget_source_spend(ARRAY(
    SELECT DISTINCT "budgetId" FROM new_rows WHERE "kind"::text = 'CARRY_IN' AND "budgetId" IS NOT NULL));
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER budget_source_spend_commissions_added AFTER INSERT ON "commissions"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION budget_source_spend_commissions_added();--> statement-breakpoint
CREATE TRIGGER budget_source_spend_commissions_changed AFTER UPDATE ON "commissions"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION budget_source_spend_commissions_changed();--> statement-breakpoint
CREATE TRIGGER budget_source_spend_allocations_added AFTER INSERT ON "allocations"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION budget_source_spend_allocations_added();--> statement-breakpoint
CREATE TRIGGER budget_source_spend_allocations_changed AFTER UPDATE ON "allocations"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION budget_source_spend_allocations_changed();--> statement-breakpoint
CREATE TRIGGER budget_source_spend_carried_in AFTER INSERT ON "ledger_entries"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION budget_source_spend_carried_in();--> statement-breakpoint
-- Budgets already there get their rows now.
SELECT refresh_budget_source_spend(ARRAY(SELECT "id" FROM "child_budgets" ORDER BY "id"));
