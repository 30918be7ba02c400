-- CreateEnum
CREATE TYPE "ExecutionStatus" AS ENUM ('running', 'retrying', 'ok', 'failed', 'dropped');

-- CreateEnum
CREATE TYPE "FailedMessageStatus" AS ENUM ('failed', 'retried', 'discarded');

-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "bodyRetentionDays" INTEGER,
ADD COLUMN     "executionRetentionDays" INTEGER,
ADD COLUMN     "executionRowCap" INTEGER,
ADD COLUMN     "executionsTrimmed" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "Execution" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "flowVersion" INTEGER NOT NULL,
    "status" "ExecutionStatus" NOT NULL,
    "pending" INTEGER NOT NULL DEFAULT 0,
    "retrying" INTEGER NOT NULL DEFAULT 0,
    "steps" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "dropped" INTEGER NOT NULL DEFAULT 0,
    "errorStep" TEXT,
    "error" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3) NOT NULL,
    "replayOf" TEXT,
    "messageId" TEXT,
    "stepIds" TEXT[],
    "records" TEXT NOT NULL,
    "hasBodies" BOOLEAN NOT NULL DEFAULT false,
    "lastEntryId" TEXT NOT NULL,

    CONSTRAINT "Execution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FailedMessage" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "flowVersion" INTEGER NOT NULL,
    "executionId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "errorKind" TEXT NOT NULL,
    "error" TEXT NOT NULL,
    "httpStatus" INTEGER,
    "message" JSONB NOT NULL,
    "failedAt" TIMESTAMPTZ(3) NOT NULL,
    "status" "FailedMessageStatus" NOT NULL DEFAULT 'failed',
    "resolvedAt" TIMESTAMPTZ(3),
    "resolvedBy" TEXT,
    "retriedAs" TEXT,

    CONSTRAINT "FailedMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExecutionStream" (
    "flowId" TEXT NOT NULL,
    "cursor" TEXT NOT NULL,
    "written" TEXT NOT NULL,
    "bodiesKeptFrom" TIMESTAMPTZ(3),

    CONSTRAINT "ExecutionStream_pkey" PRIMARY KEY ("flowId")
);

-- CreateIndex
CREATE INDEX "Execution_flowId_startedAt_idx" ON "Execution"("flowId", "startedAt" DESC);

-- CreateIndex (partial: most executions are ok and never need this index; Prisma's schema cannot say so)
CREATE INDEX "Execution_flowId_status_startedAt_idx" ON "Execution"("flowId", "status", "startedAt" DESC) WHERE "status" <> 'ok';

-- CreateIndex (partial: only replays are looked up by the execution they replay)
CREATE INDEX "Execution_replayOf_idx" ON "Execution"("replayOf") WHERE "replayOf" IS NOT NULL;

-- CreateIndex
CREATE INDEX "FailedMessage_flowId_status_failedAt_idx" ON "FailedMessage"("flowId", "status", "failedAt" DESC);

-- CreateIndex
CREATE INDEX "FailedMessage_workspaceId_failedAt_idx" ON "FailedMessage"("workspaceId", "failedAt");

-- CreateIndex
CREATE UNIQUE INDEX "FailedMessage_executionId_messageId_stepId_key" ON "FailedMessage"("executionId", "messageId", "stepId");
