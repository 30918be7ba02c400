-- AlterTable
ALTER TABLE "user" ADD COLUMN     "installationAdmin" BOOLEAN NOT NULL DEFAULT false;

-- The installation's first person (who signed up first and owns the Default workspace) is its admin
UPDATE "user" SET "installationAdmin" = true WHERE "id" = (SELECT "id" FROM "user" ORDER BY "createdAt" ASC, "id" ASC LIMIT 1);
