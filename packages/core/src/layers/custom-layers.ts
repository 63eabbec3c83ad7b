import * as tf from '@tensorflow/tfjs-core';

import { ConfigError, EssenceError } from '../errors.js';

/** A layer class that tfjs-layers can rebuild from a saved config: a `Layer` subclass with a static `className`. */
export type LayerClass = tf.serialization.SerializableConstructor<tf.serialization.Serializable>;

const registeredLayerNames = new Set<string>();

/** Raised when a saved model names a layer class that tfjs-layers cannot find in its registry. */
export class UnregisteredLayerError extends EssenceError {
  readonly className: string;

  constructor(className: string, source: string, options?: { cause?: unknown }) {
    const registered = registeredLayerClassNames();
    const list = registered.length > 0 ? registered.map((name) => `'${name}'`).join(', ') : '(none)';
    super(
      'UNREGISTERED_LAYER',
      `${source} uses the custom layer class '${className}', which is not registered. ` +
        `Call registerLayer(${className}) before loading the model. Registered custom layers: ${list}.`,
      options,
    );
    this.className = className;
  }
}

/**
 * Registers a custom layer class with tfjs serialisation, so models that contain it can be saved and
 * loaded. Registering the same class again has no effect.
 *
 * @throws ConfigError when `className` is missing or empty, or when it is already taken by another class
 *   (a built-in layer or a different custom layer), because tfjs keeps one class per name.
 */
export function registerLayer<T extends LayerClass>(cls: T): T {
  const className: unknown = cls.className;
  if (typeof className !== 'string' || className === '') {
    throw new ConfigError(
      `cannot register layer class '${cls.name}': it has no static className. ` +
        `Add \`static className = '${cls.name}';\` to the class.`,
    );
  }

  const existing = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (existing !== undefined && existing[0] !== cls) {
    throw new ConfigError(
      `cannot register layer class '${cls.name}' under className '${className}': ` +
        `that name is already registered for another class. Give the class a unique static className.`,
    );
  }

  tf.serialization.registerClass(cls);
  registeredLayerNames.add(className);
  return cls;
}

/** Returns the class names registered through `registerLayer`, sorted. */
export function registeredLayerClassNames(): string[] {
  return [...registeredLayerNames].sort();
}

// tfjs-layers 4.22 reports an unknown class as "Unknown layer: Foo. This may be due to ...".
const UNKNOWN_LAYER_PATTERN = /Unknown layer: (\S+?)\. /;

/**
 * Returns an `UnregisteredLayerError` naming the class when `error` is the tfjs-layers "Unknown layer"
 * error, and `error` itself otherwise. `source` names what was being loaded, e.g. `checkpoint 'runs/best'`.
 */
export function translateUnknownLayerError(error: unknown, source: string): unknown {
  if (!(error instanceof Error)) return error;

  const match = UNKNOWN_LAYER_PATTERN.exec(error.message);
  if (match?.[1] === undefined) return error;

  return new UnregisteredLayerError(match[1], source, { cause: error });
}
