-- Each accepted commission holds one place on its listing (schema/domain/capacity.ts).
UPDATE "services" s SET "placesTaken" = (
  SELECT count(*) FROM "commissions" c WHERE c."serviceId" = s."id" AND c."status" = 'ACCEPTED'
);
