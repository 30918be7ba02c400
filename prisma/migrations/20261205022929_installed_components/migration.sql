-- CreateTable
CREATE TABLE "InstalledComponent" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "image" TEXT NOT NULL,
    "manifest" JSONB NOT NULL,
    "bundle" TEXT NOT NULL,
    "bundleSha256" TEXT NOT NULL,
    "installedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "installedBy" TEXT NOT NULL,

    CONSTRAINT "InstalledComponent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "InstalledComponent_workspaceId_name_key" ON "InstalledComponent"("workspaceId", "name");

-- AddForeignKey
ALTER TABLE "InstalledComponent" ADD CONSTRAINT "InstalledComponent_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
