-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "agent_ids" TEXT[] DEFAULT ARRAY[]::TEXT[];
