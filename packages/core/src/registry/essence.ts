import 'reflect-metadata';

import { container as rootContainer, type DependencyContainer } from 'tsyringe';

import type { CallbackFactory } from '../callbacks/callback.js';
import { builtinCallbacks } from '../callbacks/builtin.js';
import { builtinLosses } from '../losses/builtin.js';
import type { Loss } from '../losses/loss.js';
import { builtinMetrics } from '../metrics/builtin.js';
import type { MetricFactory } from '../metrics/metric.js';
import type { ModelFactory } from '../models/model-factory.js';
import { builtinOptimizers } from '../optimizers/builtin.js';
import type { OptimizerFactory } from '../optimizers/optimizer-factory.js';
import { ComponentRegistry } from './registry.js';

/**
 * A model factory of any config type. The registry contains factories of different config types, so callers parse
 * a raw config with the factory's own `configSchema` before calling `build`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModelFactory = ModelFactory<any>;

/** The registries of one composition root, all in one child container. */
export interface Essence {
  readonly container: DependencyContainer;
  readonly models: ComponentRegistry<AnyModelFactory>;
  readonly losses: ComponentRegistry<Loss>;
  readonly optimizers: ComponentRegistry<OptimizerFactory>;
  readonly metrics: ComponentRegistry<MetricFactory>;
  readonly callbacks: ComponentRegistry<CallbackFactory<never>>;
  /** Disposes the container and every disposable registration in it. */
  dispose(): Promise<void>;
}

/**
 * Creates the registries of one app's composition root with the built-in losses, optimizers, metrics
 * and callbacks registered. Models are registered by the app. The global tsyringe container is never
 * written to: everything lives in a child container that `dispose` releases.
 */
export function createEssence(): Essence {
  const container = rootContainer.createChildContainer();
  const essence: Essence = {
    container,
    models: new ComponentRegistry<AnyModelFactory>(container, 'model'),
    losses: new ComponentRegistry<Loss>(container, 'loss'),
    optimizers: new ComponentRegistry<OptimizerFactory>(container, 'optimizer'),
    metrics: new ComponentRegistry<MetricFactory>(container, 'metric'),
    callbacks: new ComponentRegistry<CallbackFactory<never>>(container, 'callback'),
    dispose: () => Promise.resolve(container.dispose()),
  };

  for (const loss of builtinLosses()) essence.losses.register(loss);
  for (const optimizer of builtinOptimizers()) essence.optimizers.register(optimizer);
  for (const metric of builtinMetrics()) essence.metrics.register(metric);
  for (const callback of builtinCallbacks()) essence.callbacks.register(callback as CallbackFactory<never>);
  return essence;
}
