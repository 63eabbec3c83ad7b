import { accuracyMetric, topKAccuracyMetric } from './accuracy.js';
import type { MetricFactory } from './metric.js';
import { meanAbsoluteErrorMetric, meanSquaredErrorMetric } from './regression-metrics.js';

/** Returns the metrics every composition root starts with. */
export function builtinMetrics(): MetricFactory[] {
  return [accuracyMetric(), topKAccuracyMetric(5), meanSquaredErrorMetric(), meanAbsoluteErrorMetric()];
}
