import { waitForListening } from './free-port.js';
import { type KaliRun, startKali } from './run-kali.js';

/**
 * A kali sink in its own process, so the sender's and the receiver's counts are independent.
 * It is given a long -T and stopped with SIGINT (report, exit 64) once the test has what it
 * needs, instead of every test waiting out a fixed window.
 */
export interface Sink {
  /** SIGINT after `lingerMs`, for the kernel to hand over what is still in flight; then the run. */
  finish(lingerMs: number): Promise<KaliRun>;
}

export async function startSink(port: number, extra: string[] = []): Promise<Sink> {
  const sink = startKali([`-l127.0.0.1:${port}`, '-T60s', ...extra], { timeoutMs: 40_000 });
  // Surfaces a sink that died at start-up as its own error, not as a failed wait.
  sink.done.catch(() => {});
  await waitForListening('127.0.0.1', port, 10_000);
  return {
    async finish(lingerMs) {
      await new Promise((r) => setTimeout(r, lingerMs));
      sink.child.kill('SIGINT');
      return sink.done;
    },
  };
}
