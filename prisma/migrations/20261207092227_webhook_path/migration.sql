/*
  Warnings:

  - A unique constraint covering the columns `[webhookPath]` on the table `Flow` will be added. If there are existing duplicate values, this will fail.
  - A unique constraint covering the columns `[previousWebhookPath]` on the table `Flow` will be added. If there are existing duplicate values, this will fail.

*/
-- AlterTable
ALTER TABLE "Flow" ADD COLUMN     "previousWebhookPath" TEXT,
ADD COLUMN     "previousWebhookPathUntil" TIMESTAMPTZ(3),
ADD COLUMN     "webhookPath" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Flow_webhookPath_key" ON "Flow"("webhookPath");

-- CreateIndex
CREATE UNIQUE INDEX "Flow_previousWebhookPath_key" ON "Flow"("previousWebhookPath");
