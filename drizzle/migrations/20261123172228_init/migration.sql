CREATE TYPE "child_status" AS ENUM('ACTIVE', 'COMPLETED', 'WITHDRAWN');--> statement-breakpoint
CREATE TYPE "commission_status" AS ENUM('REQUESTED', 'APPROVED', 'ACCEPTED', 'COMPLETED', 'REJECTED', 'DECLINED', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "delivery_mode" AS ENUM('IN_SCHOOL', 'COMMUNITY_VENUE', 'HOME', 'ONLINE');--> statement-breakpoint
CREATE TYPE "evidence_level" AS ENUM('NONE', 'EMERGING', 'PROMISING', 'ESTABLISHED', 'PROVEN');--> statement-breakpoint
CREATE TYPE "funding_source" AS ENUM('COUNCIL', 'SCHOOLS_DSG', 'CENTRAL_GOVERNMENT', 'PHILANTHROPY', 'OTHER');--> statement-breakpoint
CREATE TYPE "ledger_kind" AS ENUM('ALLOCATE', 'RESERVE', 'RELEASE', 'SPEND');--> statement-breakpoint
CREATE TYPE "organisation_kind" AS ENUM('VCSE', 'SOCIAL_ENTERPRISE', 'LOCAL_AUTHORITY', 'NHS', 'SCHOOL', 'OTHER');--> statement-breakpoint
CREATE TYPE "role" AS ENUM('LINK_WORKER', 'PROVIDER', 'COMMISSIONER', 'ADMIN');--> statement-breakpoint
CREATE TYPE "service_status" AS ENUM('DRAFT', 'PUBLISHED', 'ARCHIVED');--> statement-breakpoint
CREATE TABLE "allocations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "allocations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"fundingPotId" integer NOT NULL,
	"childId" integer NOT NULL,
	"budgetId" integer NOT NULL,
	"amountPence" integer NOT NULL,
	"createdById" integer NOT NULL,
	"createdAt" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "allocations_positive" CHECK ("amountPence" > 0)
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"zoneId" integer NOT NULL,
	"actorId" integer,
	"action" text NOT NULL,
	"entityType" text NOT NULL,
	"entityId" integer NOT NULL,
	"detail" jsonb DEFAULT '{}' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "categories" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "categories_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"parentId" integer,
	"slug" text NOT NULL UNIQUE,
	"name" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "child_budgets" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "child_budgets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"zoneId" integer NOT NULL,
	"childId" integer NOT NULL,
	"period" text NOT NULL,
	"allocatedPence" integer DEFAULT 0 NOT NULL,
	"reservedPence" integer DEFAULT 0 NOT NULL,
	"spentPence" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "child_budgets_child_period" UNIQUE("childId","period"),
	CONSTRAINT "child_budgets_never_overspent" CHECK ("allocatedPence" >= 0 and "reservedPence" >= 0 and "spentPence" >= 0 and "reservedPence" + "spentPence" <= "allocatedPence")
);
--> statement-breakpoint
CREATE TABLE "children" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "children_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"zoneId" integer NOT NULL,
	"reference" text NOT NULL UNIQUE,
	"firstName" text NOT NULL,
	"lastName" text NOT NULL,
	"dateOfBirth" date NOT NULL,
	"yearGroup" integer NOT NULL,
	"schoolId" integer NOT NULL,
	"linkWorkerId" integer NOT NULL,
	"programmeStart" date NOT NULL,
	"programmeEnd" date NOT NULL,
	"needs" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" "child_status" DEFAULT 'ACTIVE'::"child_status" NOT NULL,
	"createdAt" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "children_year_group" CHECK ("yearGroup" between 0 and 13),
	CONSTRAINT "children_programme" CHECK ("programmeStart" < "programmeEnd")
);
--> statement-breakpoint
CREATE TABLE "commission_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "commission_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"commissionId" integer NOT NULL,
	"action" text NOT NULL,
	"fromStatus" "commission_status",
	"toStatus" "commission_status" NOT NULL,
	"actorId" integer NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commissions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "commissions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"zoneId" integer NOT NULL,
	"childId" integer NOT NULL,
	"budgetId" integer NOT NULL,
	"serviceId" integer NOT NULL,
	"organisationId" integer NOT NULL,
	"linkWorkerId" integer NOT NULL,
	"units" integer NOT NULL,
	"unitPricePence" integer NOT NULL,
	"amountPence" integer NOT NULL,
	"unitsDelivered" integer DEFAULT 0 NOT NULL,
	"rationale" text NOT NULL,
	"requestedStartDate" date,
	"status" "commission_status" NOT NULL,
	"createdAt" timestamp with time zone DEFAULT now() NOT NULL,
	"updatedAt" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commissions_units" CHECK ("units" > 0 and "unitPricePence" > 0),
	CONSTRAINT "commissions_amount" CHECK ("amountPence" = "units" * "unitPricePence"),
	CONSTRAINT "commissions_delivered" CHECK ("unitsDelivered" >= 0 and "unitsDelivered" <= "units")
);
--> statement-breakpoint
CREATE TABLE "districts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "districts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"zoneId" integer NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "districts_zone_name" UNIQUE("zoneId","name")
);
--> statement-breakpoint
CREATE TABLE "funding_pots" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "funding_pots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"zoneId" integer NOT NULL,
	"period" text NOT NULL,
	"name" text NOT NULL,
	"source" "funding_source" NOT NULL,
	"totalPence" integer NOT NULL,
	"allocatedPence" integer DEFAULT 0 NOT NULL,
	"createdAt" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funding_pots_total" CHECK ("totalPence" >= 0),
	CONSTRAINT "funding_pots_not_over_allocated" CHECK ("allocatedPence" >= 0 and "allocatedPence" <= "totalPence")
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"userId" integer,
	"key" text,
	"operation" text NOT NULL,
	"requestHash" text NOT NULL,
	"result" jsonb NOT NULL,
	"createdAt" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY("userId","key")
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ledger_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"zoneId" integer NOT NULL,
	"budgetId" integer NOT NULL,
	"kind" "ledger_kind" NOT NULL,
	"amountPence" integer NOT NULL,
	"fundingPotId" integer,
	"allocationId" integer,
	"commissionId" integer,
	"actorId" integer NOT NULL,
	"reason" text NOT NULL,
	"createdAt" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_entries_positive" CHECK ("amountPence" > 0),
	CONSTRAINT "ledger_entries_owner" CHECK (("kind" = 'ALLOCATE' and "allocationId" is not null and "fundingPotId" is not null) or ("kind" <> 'ALLOCATE' and "commissionId" is not null))
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"userId" integer NOT NULL,
	"kind" text NOT NULL,
	"message" text NOT NULL,
	"commissionId" integer,
	"createdAt" timestamp with time zone DEFAULT now() NOT NULL,
	"readAt" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "organisations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"zoneId" integer NOT NULL,
	"kind" "organisation_kind" NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"charityNumber" text,
	"companyNumber" text,
	"email" text,
	"phone" text,
	"website" text,
	"createdAt" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outcome_measures" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "outcome_measures_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"childId" integer NOT NULL,
	"measure" text NOT NULL,
	"score" integer NOT NULL,
	"measuredOn" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recordedById" integer NOT NULL,
	"createdAt" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outcome_measures_sdq_range" CHECK ("measure" <> 'SDQ_TOTAL' or "score" between 0 and 40)
);
--> statement-breakpoint
CREATE TABLE "postcode_outwards" (
	"outward" text PRIMARY KEY,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "postcodes" (
	"postcode" text PRIMARY KEY,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schools" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "schools_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"zoneId" integer NOT NULL,
	"districtId" integer NOT NULL,
	"name" text NOT NULL,
	"postcode" text NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	CONSTRAINT "schools_latitude" CHECK ("latitude" between -90 and 90),
	CONSTRAINT "schools_longitude" CHECK ("longitude" between -180 and 180)
);
--> statement-breakpoint
CREATE TABLE "service_categories" (
	"serviceId" integer,
	"categoryId" integer,
	CONSTRAINT "service_categories_pkey" PRIMARY KEY("serviceId","categoryId")
);
--> statement-breakpoint
CREATE TABLE "service_districts" (
	"serviceId" integer,
	"districtId" integer,
	CONSTRAINT "service_districts_pkey" PRIMARY KEY("serviceId","districtId")
);
--> statement-breakpoint
CREATE TABLE "service_locations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_locations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"serviceId" integer NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"postcode" text NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	CONSTRAINT "service_locations_latitude" CHECK ("latitude" between -90 and 90),
	CONSTRAINT "service_locations_longitude" CHECK ("longitude" between -180 and 180)
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "services_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"zoneId" integer NOT NULL,
	"organisationId" integer NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"eligibility" text DEFAULT '' NOT NULL,
	"minAge" integer DEFAULT 0 NOT NULL,
	"maxAge" integer DEFAULT 25 NOT NULL,
	"deliveryModes" "delivery_mode"[] DEFAULT '{}'::"delivery_mode"[] NOT NULL,
	"unitPricePence" integer,
	"unitName" text,
	"commissionable" boolean DEFAULT false NOT NULL,
	"capacity" integer,
	"evidenceLevel" "evidence_level" DEFAULT 'NONE'::"evidence_level" NOT NULL,
	"referralLeadTimeDays" integer,
	"contactName" text,
	"contactEmail" text,
	"contactPhone" text,
	"website" text,
	"status" "service_status" DEFAULT 'DRAFT'::"service_status" NOT NULL,
	"lastReviewedAt" timestamp with time zone DEFAULT now() NOT NULL,
	"createdAt" timestamp with time zone DEFAULT now() NOT NULL,
	"updatedAt" timestamp with time zone DEFAULT now() NOT NULL,
	"searchTerms" text DEFAULT '' NOT NULL,
	"searchVector" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', "services"."name"), 'A') || setweight(to_tsvector('english', "services"."searchTerms"), 'B') || setweight(to_tsvector('english', "services"."description"), 'C')) STORED,
	CONSTRAINT "services_ages" CHECK ("minAge" >= 0 and "maxAge" <= 25 and "minAge" <= "maxAge"),
	CONSTRAINT "services_price" CHECK ("unitPricePence" is null or ("unitPricePence" > 0 and "unitName" is not null)),
	CONSTRAINT "services_commissionable_priced" CHECK (not "commissionable" or "unitPricePence" is not null),
	CONSTRAINT "services_capacity" CHECK ("capacity" is null or "capacity" >= 0),
	CONSTRAINT "services_lead_time" CHECK ("referralLeadTimeDays" is null or "referralLeadTimeDays" >= 0)
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sessions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tokenHash" text NOT NULL UNIQUE,
	"userId" integer NOT NULL,
	"createdAt" timestamp with time zone DEFAULT now() NOT NULL,
	"lastSeenAt" timestamp with time zone DEFAULT now() NOT NULL,
	"expiresAt" timestamp with time zone NOT NULL,
	"revokedAt" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sign_in_attempts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sign_in_attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"email" text NOT NULL,
	"address" text NOT NULL,
	"succeeded" boolean NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"zoneId" integer NOT NULL,
	"email" text NOT NULL UNIQUE,
	"name" text NOT NULL,
	"role" "role" NOT NULL,
	"organisationId" integer,
	"passwordHash" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"createdAt" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_lower" CHECK ("email" = lower("email")),
	CONSTRAINT "users_provider_has_organisation" CHECK (("role" = 'PROVIDER') = ("organisationId" is not null))
);
--> statement-breakpoint
CREATE TABLE "zones" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "zones_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL UNIQUE,
	"name" text NOT NULL,
	"delegatedLimitPence" integer DEFAULT 25000 NOT NULL,
	"currentPeriod" text NOT NULL,
	"createdAt" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "zones_limit_nonnegative" CHECK ("delegatedLimitPence" >= 0),
	CONSTRAINT "zones_slug_format" CHECK ("slug" ~ '^[a-z0-9-]{2,40}$')
);
--> statement-breakpoint
CREATE INDEX "allocations_pot" ON "allocations" ("fundingPotId");--> statement-breakpoint
CREATE INDEX "allocations_budget" ON "allocations" ("budgetId");--> statement-breakpoint
CREATE INDEX "audit_events_zone" ON "audit_events" ("zoneId","id");--> statement-breakpoint
CREATE INDEX "audit_events_entity" ON "audit_events" ("entityType","entityId");--> statement-breakpoint
CREATE INDEX "children_link_worker" ON "children" ("linkWorkerId","reference");--> statement-breakpoint
CREATE INDEX "children_zone_school" ON "children" ("zoneId","schoolId");--> statement-breakpoint
CREATE INDEX "commission_events_commission" ON "commission_events" ("commissionId","id");--> statement-breakpoint
CREATE INDEX "commissions_zone_status" ON "commissions" ("zoneId","status","id");--> statement-breakpoint
CREATE INDEX "commissions_child" ON "commissions" ("childId","id");--> statement-breakpoint
CREATE INDEX "commissions_organisation" ON "commissions" ("organisationId","status","id");--> statement-breakpoint
CREATE INDEX "commissions_link_worker" ON "commissions" ("linkWorkerId","id");--> statement-breakpoint
CREATE INDEX "funding_pots_zone_period" ON "funding_pots" ("zoneId","period");--> statement-breakpoint
CREATE INDEX "ledger_entries_budget" ON "ledger_entries" ("budgetId");--> statement-breakpoint
CREATE INDEX "ledger_entries_commission" ON "ledger_entries" ("commissionId");--> statement-breakpoint
CREATE INDEX "ledger_entries_pot" ON "ledger_entries" ("fundingPotId");--> statement-breakpoint
CREATE INDEX "notifications_user" ON "notifications" ("userId","id");--> statement-breakpoint
CREATE INDEX "organisations_zone_name" ON "organisations" ("zoneId","name");--> statement-breakpoint
CREATE INDEX "outcome_measures_child" ON "outcome_measures" ("childId","measuredOn");--> statement-breakpoint
CREATE INDEX "schools_zone" ON "schools" ("zoneId","name");--> statement-breakpoint
CREATE INDEX "service_categories_category" ON "service_categories" ("categoryId");--> statement-breakpoint
CREATE INDEX "service_districts_district" ON "service_districts" ("districtId");--> statement-breakpoint
CREATE INDEX "service_locations_service" ON "service_locations" ("serviceId");--> statement-breakpoint
CREATE INDEX "services_search" ON "services" USING gin ("searchVector");--> statement-breakpoint
CREATE INDEX "services_zone_status_name" ON "services" ("zoneId","status","name","id");--> statement-breakpoint
CREATE INDEX "services_organisation" ON "services" ("organisationId");--> statement-breakpoint
CREATE INDEX "sessions_user" ON "sessions" ("userId");--> statement-breakpoint
CREATE INDEX "sign_in_attempts_email" ON "sign_in_attempts" ("email","at");--> statement-breakpoint
CREATE INDEX "sign_in_attempts_address" ON "sign_in_attempts" ("address","at");--> statement-breakpoint
CREATE INDEX "users_zone_role" ON "users" ("zoneId","role");--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_fundingPotId_funding_pots_id_fkey" FOREIGN KEY ("fundingPotId") REFERENCES "funding_pots"("id");--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_childId_children_id_fkey" FOREIGN KEY ("childId") REFERENCES "children"("id");--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_budgetId_child_budgets_id_fkey" FOREIGN KEY ("budgetId") REFERENCES "child_budgets"("id");--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_createdById_users_id_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actorId_users_id_fkey" FOREIGN KEY ("actorId") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_parentId_categories_id_fkey" FOREIGN KEY ("parentId") REFERENCES "categories"("id");--> statement-breakpoint
ALTER TABLE "child_budgets" ADD CONSTRAINT "child_budgets_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "child_budgets" ADD CONSTRAINT "child_budgets_childId_children_id_fkey" FOREIGN KEY ("childId") REFERENCES "children"("id");--> statement-breakpoint
ALTER TABLE "children" ADD CONSTRAINT "children_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "children" ADD CONSTRAINT "children_schoolId_schools_id_fkey" FOREIGN KEY ("schoolId") REFERENCES "schools"("id");--> statement-breakpoint
ALTER TABLE "children" ADD CONSTRAINT "children_linkWorkerId_users_id_fkey" FOREIGN KEY ("linkWorkerId") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "commission_events" ADD CONSTRAINT "commission_events_commissionId_commissions_id_fkey" FOREIGN KEY ("commissionId") REFERENCES "commissions"("id");--> statement-breakpoint
ALTER TABLE "commission_events" ADD CONSTRAINT "commission_events_actorId_users_id_fkey" FOREIGN KEY ("actorId") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_childId_children_id_fkey" FOREIGN KEY ("childId") REFERENCES "children"("id");--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_budgetId_child_budgets_id_fkey" FOREIGN KEY ("budgetId") REFERENCES "child_budgets"("id");--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_serviceId_services_id_fkey" FOREIGN KEY ("serviceId") REFERENCES "services"("id");--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_organisationId_organisations_id_fkey" FOREIGN KEY ("organisationId") REFERENCES "organisations"("id");--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_linkWorkerId_users_id_fkey" FOREIGN KEY ("linkWorkerId") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "districts" ADD CONSTRAINT "districts_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "funding_pots" ADD CONSTRAINT "funding_pots_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_userId_users_id_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_budgetId_child_budgets_id_fkey" FOREIGN KEY ("budgetId") REFERENCES "child_budgets"("id");--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_fundingPotId_funding_pots_id_fkey" FOREIGN KEY ("fundingPotId") REFERENCES "funding_pots"("id");--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_allocationId_allocations_id_fkey" FOREIGN KEY ("allocationId") REFERENCES "allocations"("id");--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_commissionId_commissions_id_fkey" FOREIGN KEY ("commissionId") REFERENCES "commissions"("id");--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_actorId_users_id_fkey" FOREIGN KEY ("actorId") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_userId_users_id_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_commissionId_commissions_id_fkey" FOREIGN KEY ("commissionId") REFERENCES "commissions"("id");--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "outcome_measures" ADD CONSTRAINT "outcome_measures_childId_children_id_fkey" FOREIGN KEY ("childId") REFERENCES "children"("id");--> statement-breakpoint
ALTER TABLE "outcome_measures" ADD CONSTRAINT "outcome_measures_recordedById_users_id_fkey" FOREIGN KEY ("recordedById") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "schools" ADD CONSTRAINT "schools_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "schools" ADD CONSTRAINT "schools_districtId_districts_id_fkey" FOREIGN KEY ("districtId") REFERENCES "districts"("id");--> statement-breakpoint
ALTER TABLE "service_categories" ADD CONSTRAINT "service_categories_serviceId_services_id_fkey" FOREIGN KEY ("serviceId") REFERENCES "services"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "service_categories" ADD CONSTRAINT "service_categories_categoryId_categories_id_fkey" FOREIGN KEY ("categoryId") REFERENCES "categories"("id");--> statement-breakpoint
ALTER TABLE "service_districts" ADD CONSTRAINT "service_districts_serviceId_services_id_fkey" FOREIGN KEY ("serviceId") REFERENCES "services"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "service_districts" ADD CONSTRAINT "service_districts_districtId_districts_id_fkey" FOREIGN KEY ("districtId") REFERENCES "districts"("id");--> statement-breakpoint
ALTER TABLE "service_locations" ADD CONSTRAINT "service_locations_serviceId_services_id_fkey" FOREIGN KEY ("serviceId") REFERENCES "services"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_organisationId_organisations_id_fkey" FOREIGN KEY ("organisationId") REFERENCES "organisations"("id");--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_userId_users_id_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_organisationId_organisations_id_fkey" FOREIGN KEY ("organisationId") REFERENCES "organisations"("id");