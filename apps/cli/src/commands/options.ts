import { InvalidArgumentError, type Command } from 'commander';

/** Parses a TCP port argument (0 picks a free port). */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidArgumentError(`expected a port number from 0 to 65535, got '${value}'`);
  }
  return port;
}

/** Parses a positive integer argument such as an epoch count. */
export function parsePositiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) {
    throw new InvalidArgumentError(`expected a positive integer, got '${value}'`);
  }
  return number;
}

/** Parses a positive number argument such as a learning rate. */
export function parsePositiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new InvalidArgumentError(`expected a positive number, got '${value}'`);
  }
  return number;
}

/** Parses an integer argument such as a seed. */
export function parseInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number)) {
    throw new InvalidArgumentError(`expected an integer, got '${value}'`);
  }
  return number;
}

/** Returns the `--home` option of the root command. */
export function homeOption(command: Command): string | undefined {
  const options = command.optsWithGlobals<{ home?: string }>();
  return options.home;
}

/** The `--backend` option shared by every command that runs a model. */
export const BACKEND_OPTION_HELP = 'TensorFlow.js backend: tensorflow, native, wasm, cpu or auto (default: $ESSENCE_BACKEND or auto)';
