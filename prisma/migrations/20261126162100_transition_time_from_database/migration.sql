-- AlterTable
ALTER TABLE "FlowTransition" ALTER COLUMN "at" SET DEFAULT clock_timestamp();
