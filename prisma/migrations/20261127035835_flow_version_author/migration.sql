-- AlterTable
ALTER TABLE "FlowVersion" ADD COLUMN     "author" TEXT;
