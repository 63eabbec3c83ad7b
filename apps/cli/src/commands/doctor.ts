import { formatDoctorReport, runDoctor } from '@essence/core';
import type { Command } from 'commander';

import { BACKEND_OPTION_HELP } from './options.js';

/** Registers `essence doctor`: the machine, the tfjs versions and every backend's status with its fix. */
export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('show which TensorFlow.js backends work here, why the others do not, and how to fix them')
    .option('--backend <name>', BACKEND_OPTION_HELP)
    .action(async (options: { backend?: string }) => {
      const report = await runDoctor({ requested: options.backend });
      console.log(formatDoctorReport(report));
      // A requested backend that cannot be used is a failed check, so scripts can test the exit code.
      if (report.selectionError !== undefined) process.exitCode = 1;
    });
}
