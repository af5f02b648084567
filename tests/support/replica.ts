// A real streaming replica of a test's embedded PostgreSQL, made as Postgres's
// docs make a base backup with the low-level API (the embedded package has no
// pg_basebackup): pg_backup_start, a copy of the data folder without what the
// docs leave out, pg_backup_stop's label as backup_label, then standby.signal
// and primary_conninfo, and the same postgres binary on the copy.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, readdirSync, rmSync, statSync, writeFileSync, appendFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "../../lib/db/embedded-postgres";

export type Replica = {
  url: string;
  /** runs `sql` on the replica itself */
  query: (sql: string) => Promise<pg.QueryResult>;
  pauseReplay: () => Promise<void>;
  resumeReplay: () => Promise<void>;
  /** stops the server (a fast shutdown); start() brings it back on the same port, where it goes on streaming */
  stop: () => Promise<void>;
  start: () => Promise<void>;
  /** stops it and removes its data folder */
  remove: () => Promise<void>;
};

/** What a base backup leaves out (Postgres docs, "Making a Base Backup Using the Low Level API"): the folders' contents, not the folders. */
const EMPTIED = ["pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify", "pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans"];
const LEFT_OUT = ["postmaster.pid", "postmaster.opts"];

async function postgresBinary(): Promise<string> {
  const binaries = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { postgres: string };
  return binaries.postgres;
}

/** Makes and starts a standby of the server at `primaryUrl`, whose data folder is `primaryDir`. */
export async function startReplica(primaryUrl: string, primaryDir: string): Promise<Replica> {
  const replicaDir = `${primaryDir}-replica`;
  const slot = `replica_${process.pid}`;
  const primary = new pg.Client({ connectionString: primaryUrl });
  await primary.connect();
  try {
    // A slot keeps the WAL the replica has not received yet, also while it is stopped.
    await primary.query("select pg_create_physical_replication_slot($1, true)", [slot]);
    await primary.query("select pg_backup_start('callscope test replica', true)");
    execFileSync("cp", ["-a", primaryDir, replicaDir]);
    const { rows } = await primary.query("select labelfile from pg_backup_stop(false)");
    for (const file of LEFT_OUT) rmSync(path.join(replicaDir, file), { force: true });
    for (const folder of EMPTIED) {
      const full = path.join(replicaDir, folder);
      if (existsSync(full)) for (const entry of readdirSync(full)) rmSync(path.join(full, entry), { recursive: true, force: true });
    }
    const owner = statSync(primaryDir);
    const write = (file: string, text: string) => {
      writeFileSync(path.join(replicaDir, file), text);
      chownSync(path.join(replicaDir, file), owner.uid, owner.gid);
    };
    write("backup_label", rows[0].labelfile);
    write("standby.signal", "");
    const url = new URL(primaryUrl);
    const conninfo = `host=${url.hostname} port=${url.port} user=${decodeURIComponent(url.username)} password=${decodeURIComponent(url.password)}`;
    appendFileSync(path.join(replicaDir, "postgresql.auto.conf"), `primary_conninfo = '${conninfo}'\nprimary_slot_name = '${slot}'\n`);
  } finally {
    await primary.end();
  }

  const postgres = await postgresBinary();
  const port = await freePort();
  const url = new URL(primaryUrl);
  url.port = String(port);
  const replicaUrl = url.toString();
  const owner = statSync(primaryDir);
  let child: ChildProcess | null = null;

  const query = async (sql: string) => {
    const client = new pg.Client({ connectionString: replicaUrl });
    await client.connect();
    try {
      return await client.query(sql);
    } finally {
      await client.end();
    }
  };

  const start = async () => {
    // The primary's own settings that a standby must match or exceed.
    const server = spawn(postgres, ["-D", replicaDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"], {
      uid: owner.uid,
      gid: owner.gid,
      stdio: ["ignore", "ignore", "pipe"],
    });
    child = server;
    const log: string[] = [];
    server.stderr!.on("data", (d) => log.push(String(d)));
    const started = Date.now();
    for (;;) {
      if (server.exitCode !== null) throw new Error(`the replica exited:\n${log.join("")}`);
      try {
        const { rows } = await query("select pg_is_in_recovery() as standby");
        if (rows[0].standby) return;
      } catch {
        // not accepting connections yet
      }
      if (Date.now() - started > 30_000) throw new Error(`the replica did not start:\n${log.join("")}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const stop = async () => {
    const server = child;
    child = null;
    if (!server || server.exitCode !== null) return;
    await new Promise((resolve) => {
      server.once("exit", resolve);
      server.kill("SIGINT");
    });
  };

  await start();
  return {
    url: replicaUrl,
    query,
    pauseReplay: async () => void (await query("select pg_wal_replay_pause()")),
    resumeReplay: async () => void (await query("select pg_wal_replay_resume()")),
    stop,
    start,
    remove: async () => {
      await stop();
      rmSync(replicaDir, { recursive: true, force: true });
    },
  };
}
