import { RunNotFoundError, SqliteRunStore, formatRunDetails, formatRunTable } from '@essence/core';
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
    .argument('<id>', 'run id, as printed by `essence runs list`')
    .action((id: string, _options: unknown, command: Command) => {
      const store = new SqliteRunStore({ home: homeOption(command) });
      try {
        const run = store.getRun(id);
        if (run === undefined) throw new RunNotFoundError(id, 'show the run');
        console.log(formatRunDetails(run));
      } finally {
        store.close();
      }
    });
}
