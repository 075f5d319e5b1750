import { ExitStatus } from '../errors/exit-status.js';

/**
 * Signals that end a run the way Ctrl+C does: stop, report, flush and close the outputs.
 * Kubernetes, systemd and CI runners stop processes with SIGTERM; a closed terminal sends SIGHUP.
 */
export const INTERRUPT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type InterruptSignal = (typeof INTERRUPT_SIGNALS)[number];

/** Two deliveries closer than this are one press seen twice (process group plus a wrapper). */
const SAME_PRESS_MS = 500;

type Listener = (signal: InterruptSignal) => void;

let installed = false;
let first: { signal: InterruptSignal; at: number } | undefined;
let listener: Listener | undefined;

/**
 * Takes over the interrupt signals for the rest of the process. Called as early as possible, so
 * that a signal during start-up is remembered and ends the run at its first step instead of
 * killing the process without a report. A second signal exits at once.
 */
export function catchInterrupts(): void {
  if (installed) return;
  installed = true;
  for (const signal of INTERRUPT_SIGNALS) process.on(signal, () => received(signal));
}

/**
 * Who handles the first signal now. A signal that came before anyone listened is delivered at
 * once (on the next turn, so the caller has finished setting up). Returns the unsubscription.
 */
export function onInterrupt(fn: Listener): () => void {
  listener = fn;
  if (first) {
    const { signal } = first;
    setImmediate(() => {
      if (listener === fn) fn(signal);
    });
  }
  return () => {
    if (listener === fn) listener = undefined;
  };
}

/** The first signal received, if any. */
export function interruptedBy(): InterruptSignal | undefined {
  return first?.signal;
}

/** tcpkali's line for Ctrl+C; the same wording names the other signals. */
export function interruptLine(signal: InterruptSignal): string {
  return signal === 'SIGINT' ? 'Ctrl+C pressed, finishing up...' : `${signal} received, finishing up...`;
}

function received(signal: InterruptSignal): void {
  const now = performance.now();
  if (first) {
    if (signal === first.signal && now - first.at < SAME_PRESS_MS) return;
    // The user insists: no report, no waiting.
    process.exit(ExitStatus.INTERRUPTED);
  }
  first = { signal, at: now };
  listener?.(signal);
}
