import type { BackendName } from './backend-names.js';
import type { BackendProbe } from './backend-status.js';
import { probeCpu } from './probes/cpu-probe.js';
import { probeNative } from './probes/native-probe.js';
import { probeTensorflow } from './probes/tensorflow-probe.js';
import { probeWasm } from './probes/wasm-probe.js';

/** The probe of each backend; the order of preference lives in `BACKEND_PREFERENCE`. */
export const BACKEND_PROBES: Readonly<Record<BackendName, BackendProbe>> = {
  tensorflow: probeTensorflow,
  native: probeNative,
  wasm: probeWasm,
  cpu: probeCpu,
};
