-- AlterTable
ALTER TABLE "Credential" ADD COLUMN     "oauthTokens" TEXT,
ADD COLUMN     "tokenExpiresAt" TIMESTAMPTZ(3);
