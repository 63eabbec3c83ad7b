#!/usr/bin/env node
// The log level is read once when @essence/core loads, so it is settled here before the program is
// imported. Commands that only print (runs, doctor, train, evaluate) log warnings and errors unless
// --verbose is given; services log every request.
const args = process.argv.slice(2);
const command = args.find((arg) => ['main', 'train', 'evaluate', 'serve', 'runs', 'doctor'].includes(arg));
const serving = command === 'serve' || (command === 'main' && !args.includes('--no-serve'));
process.env.ESSENCE_LOG_LEVEL ??= args.includes('--verbose') || serving ? 'info' : 'warn';

const { createProgram } = await import('./program.js');

try {
  await createProgram().parseAsync(process.argv);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`essence: ${message}`);
  // An interrupted run already set 130, the shell's status for Ctrl-C.
  if (process.exitCode === undefined || process.exitCode === 0) process.exitCode = 1;
}
