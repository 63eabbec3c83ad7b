import type Database from 'better-sqlite3';

import { RunStoreVersionError } from './run-store-errors.js';

/** One numbered schema change; versions start at 1 and increase by 1. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Schema history of the SQLite run store. Append new migrations; never edit an applied one. */
export const RUN_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'create runs, epochs and epoch metrics',
    sql: `
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        task TEXT NOT NULL,
        model TEXT NOT NULL,
        config TEXT NOT NULL,
        backend TEXT NOT NULL,
        versions TEXT NOT NULL,
        seed INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
        created_at TEXT NOT NULL,
        finished_at TEXT,
        evaluation TEXT,
        checkpoint_path TEXT,
        error TEXT
      ) STRICT;
      CREATE INDEX runs_by_created_at ON runs (created_at);
      CREATE INDEX runs_by_task ON runs (task, created_at);

      CREATE TABLE epochs (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        learning_rate REAL NOT NULL,
        duration_ms REAL NOT NULL,
        PRIMARY KEY (run_id, epoch)
      ) STRICT;

      CREATE TABLE epoch_metrics (
        run_id TEXT NOT NULL,
        epoch INTEGER NOT NULL,
        name TEXT NOT NULL,
        position INTEGER NOT NULL,
        value REAL NOT NULL,
        PRIMARY KEY (run_id, epoch, name),
        FOREIGN KEY (run_id, epoch) REFERENCES epochs (run_id, epoch) ON DELETE CASCADE
      ) STRICT;
    `,
  },
];

/**
 * Applies the migrations that `schema_migrations` does not list yet, in version order, in one immediate
 * transaction, so two processes opening the same file cannot both apply one. Returns the versions applied
 * now; reopening a migrated database applies none.
 *
 * @throws RunStoreVersionError when the database has a version newer than the newest migration.
 */
export function applyMigrations(
  db: Database.Database,
  path: string,
  migrations: readonly Migration[] = RUN_STORE_MIGRATIONS,
): number[] {
  const newest = migrations.reduce((max, migration) => Math.max(max, migration.version), 0);

  const migrate = db.transaction((): number[] => {
    db.exec(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TEXT NOT NULL
      ) STRICT
    `);
    const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
    const found = Math.max(0, ...applied);
    if (found > newest) throw new RunStoreVersionError(path, found, newest);

    const pending = migrations
      .filter((migration) => !applied.has(migration.version))
      .sort((a, b) => a.version - b.version);
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of pending) {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    }
    return pending.map((migration) => migration.version);
  });

  return migrate.immediate();
}
