import type { MetricFactory } from './metric.js';

/** The metrics every composition root starts with. */
export function builtinMetrics(): MetricFactory[] {
  return [];
}
