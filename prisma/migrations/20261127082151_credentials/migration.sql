-- CreateEnum
CREATE TYPE "CredentialVerificationStatus" AS ENUM ('unverified', 'verified', 'failed');

-- CreateTable
CREATE TABLE "Credential" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "component" TEXT NOT NULL,
    "authKind" TEXT NOT NULL,
    "values" JSONB NOT NULL DEFAULT '{}',
    "secrets" TEXT NOT NULL,
    "verificationStatus" "CredentialVerificationStatus" NOT NULL DEFAULT 'unverified',
    "verificationMessage" TEXT,
    "verifiedAt" TIMESTAMPTZ(3),
    "needsReconnection" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,

    CONSTRAINT "Credential_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Credential_workspaceId_component_idx" ON "Credential"("workspaceId", "component");

-- CreateIndex
CREATE UNIQUE INDEX "Credential_workspaceId_name_key" ON "Credential"("workspaceId", "name");

-- AddForeignKey
ALTER TABLE "Credential" ADD CONSTRAINT "Credential_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
