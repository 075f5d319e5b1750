// Floor for kali's start-up and fixed memory: a plain Node program with as many worker threads as
// kali's run, each running nothing, held for the run's length. Whatever kali costs above this is its own.
// Usage: node node-threads.mjs --threads 2 --seconds 0.1
import { Worker } from 'node:worker_threads';
import { numberOption } from '../lib/args.mjs';

const threads = numberOption('threads', 2);
const seconds = numberOption('seconds', 0.1);

// An empty eval'd script would let a thread end by itself; the timer keeps it until it is terminated.
const workers = Array.from(
  { length: threads },
  () => new Worker('setInterval(() => {}, 1e9)', { eval: true }),
);
await Promise.all(workers.map((w) => new Promise((resolve) => w.once('online', resolve))));
await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
await Promise.all(workers.map((w) => w.terminate()));
