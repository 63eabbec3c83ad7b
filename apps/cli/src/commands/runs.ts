import { RunNotFoundError, SqliteRunStore, formatRunDetails, formatRunTable, type RunRecord, type RunStore } from '@essence/core';
import type { Command } from 'commander';

import { homeOption, parsePositiveInteger } from './options.js';

/** Registers `essence runs list` and `essence runs show <id>` over the run store. */
export function registerRunsCommand(program: Command): void {
  const runs = program.command('runs').description('list and inspect recorded runs');

  runs
    .command('list')
    .description('list recorded runs, newest first')
    .option('--task <task>', 'only runs of this task, e.g. image-classifier')
    .option('--limit <count>', 'show at most this many runs', parsePositiveInteger, 20)
    .action((options: { task?: string; limit: number }, command: Command) => {
      const store = new SqliteRunStore({ home: homeOption(command) });
      try {
        console.log(formatRunTable(store.listRuns({ task: options.task, limit: options.limit })));
      } finally {
        store.close();
      }
    });

  runs
    .command('show')
    .description('show one run: config, backend, versions, per-epoch metrics and evaluation')
    .argument('<id>', 'run id, or a unique prefix of it, as printed by `essence runs list`')
    .action((id: string, _options: unknown, command: Command) => {
      const store = new SqliteRunStore({ home: homeOption(command) });
      try {
        console.log(formatRunDetails(findRun(store, id)));
      } finally {
        store.close();
      }
    });
}

// Accepts a full id or a prefix that matches exactly one run, like git does with commit hashes.
function findRun(store: RunStore, id: string): RunRecord {
  const exact = store.getRun(id);
  if (exact !== undefined) return exact;

  const matches = id.length >= 4 ? store.listRuns().filter((run) => run.id.startsWith(id)) : [];
  if (matches.length === 1 && matches[0] !== undefined) return matches[0];
  if (matches.length > 1) {
    throw new Error(`run id prefix '${id}' matches ${matches.length} runs; give more characters of the id`);
  }
  throw new RunNotFoundError(id, 'show the run');
}
