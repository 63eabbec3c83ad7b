/** Whether a service can take traffic, with the reason when it cannot. */
export type ReadinessStatus = { ready: true } | { ready: false; reason: string };

/** Callback that `/readyz` calls on every probe; it must be cheap, since probes arrive every few seconds. */
export type ReadinessCheck = () => ReadinessStatus | Promise<ReadinessStatus>;
