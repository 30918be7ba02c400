-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "idleSeconds" INTEGER;
