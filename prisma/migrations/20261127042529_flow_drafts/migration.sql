-- AlterTable
ALTER TABLE "Flow" ADD COLUMN     "draft" JSONB,
ADD COLUMN     "draftAuthor" TEXT,
ADD COLUMN     "draftBaseVersion" INTEGER,
ADD COLUMN     "draftSamples" JSONB,
ADD COLUMN     "draftUpdatedAt" TIMESTAMPTZ(3);
