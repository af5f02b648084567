// npm run db:migrate - applies the committed migrations to the database.
import { applyMigrations } from "@/lib/db/migrate";
import { openDatabase } from "@/lib/db/open-database";

const database = await openDatabase({ log: (line) => console.log(line) });
try {
  const applied = await applyMigrations(database.url);
  console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "The database is up to date.");
} finally {
  await database.stop();
}
