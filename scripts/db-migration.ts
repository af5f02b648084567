// npm run db:migration -- <name> - writes a new migration from the changes
// to prisma/schema.prisma, offline.
import { createMigration } from "@/lib/db/migrate";
import { openDatabase } from "@/lib/db/open-database";

const name = process.argv[2];
if (!name) {
  console.error("usage: npm run db:migration -- <name>");
  process.exit(2);
}
const database = await openDatabase({ log: (line) => console.log(line) });
try {
  const created = await createMigration(database.url, name);
  console.log(created ? `Wrote prisma/migrations/${created.folder}/migration.sql` : "The schema has no changes: no migration written.");
} finally {
  await database.stop();
}
