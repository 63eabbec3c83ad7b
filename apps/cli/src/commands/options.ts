import { currentCheckpointDirectory, defaultCheckpointModel, digitModelNames } from '@essence/image-classifier';
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

/** Returns the `--home` option of a command. */
export function homeOption(command: Command): string | undefined {
  const options = command.optsWithGlobals<{ home?: string }>();
  return options.home;
}

/**
 * Adds `--home` and `--verbose` to every command that runs an action, so they can follow the command name
 * (`essence runs list --home DIR`). `--verbose` is read in main.ts before the program loads.
 */
export function addCommonOptions(command: Command): void {
  for (const child of command.commands) {
    if (child.commands.length > 0) {
      addCommonOptions(child);
      continue;
    }
    child
      .option('--home <dir>', 'folder whose .essence/ holds runs.db and checkpoints (default: $ESSENCE_HOME or the working directory)')
      .option('--verbose', 'log progress as JSON lines on stderr (on by default for serving)');
  }
}

/** The `--backend` option shared by every command that runs a model. */
export const BACKEND_OPTION_HELP = 'TensorFlow.js backend: tensorflow, native, wasm, cpu or auto (default: $ESSENCE_BACKEND or auto)';

/**
 * Returns the checkpoint directory named by `--checkpoint`, or the current checkpoint of `--model`, or of the
 * default model for the backend (see `defaultCheckpointModel`).
 *
 * @throws InvalidArgumentError when both options are given or the model is unknown.
 */
export function resolveCheckpointDirectory(
  options: { checkpoint?: string; model?: string },
  backend: string,
  home: string | undefined,
): string {
  if (options.checkpoint !== undefined && options.model !== undefined) {
    throw new InvalidArgumentError('--checkpoint and --model both name a checkpoint: pass only one of them');
  }
  if (options.checkpoint !== undefined) return options.checkpoint;
  if (options.model !== undefined && !(digitModelNames as readonly string[]).includes(options.model)) {
    throw new InvalidArgumentError(`--model must be ${digitModelNames.join(' or ')}, got '${options.model}'`);
  }
  return currentCheckpointDirectory(options.model ?? defaultCheckpointModel(backend, home), home);
}
