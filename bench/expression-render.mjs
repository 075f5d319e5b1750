// Single-thread rendering rate of the content-expression plugin, into a reused 1 MiB buffer.
// Usage (from the repo root, after `npx tsc -b`): node bench/expression-render.mjs [--seconds 2]
import { numberOption } from './lib/args.mjs';

const { default: factory } = await import('../plugins/content-expression/dist/index.js');

const seconds = numberOption('seconds', 2);
const plugin = factory({});
const ctx = { config: { websocket: false }, side: 'client', unescape: (b) => b, seed: 1 };
const out = new Uint8Array(1 << 20);

function template(text, escaped = false) {
  const bytes = Buffer.from(text);
  return plugin.compile(
    { option: 'message', bytes, unescape: escaped, origin: text },
    { ...ctx, unescape: unescapeCrlf },
  );
}

/** Just enough of -e for `\r\n`; the host's unescaping is not part of what is measured. */
function unescapeCrlf(bytes) {
  return Buffer.from(
    Buffer.from(bytes).toString('latin1').replaceAll('\\r', '\r').replaceAll('\\n', '\n'),
    'latin1',
  );
}

/** Messages per second for `write(offset) → length`, wrapping around the buffer like a send loop. */
function measure(maxLength, write) {
  let messages = 0;
  let offset = 0;
  const deadline = performance.now() + seconds * 1000;
  let now = performance.now();
  const start = now;
  while (now < deadline) {
    // Check the clock once per buffer, as the engine stamps once per write.
    const micros = Math.floor((performance.timeOrigin + now) * 1000);
    while (offset + maxLength <= out.length) {
      offset += write(offset, micros);
      messages++;
    }
    offset = 0;
    now = performance.now();
  }
  return messages / ((now - start) / 1000);
}

const cases = [];

{
  const t = template('GET / HTTP/1.1\\r\\n\\r\\n', true);
  const bytes = t.bytes;
  cases.push([
    'static (template.bytes, copied)',
    JSON.stringify(Buffer.from(bytes).toString()),
    t.maxLength,
    (o) => {
      out.set(bytes, o);
      return bytes.length;
    },
  ]);
}
{
  const text = 'GET /\\{re [a-z]{8}} HTTP/1.1\\r\\n\\r\\n';
  const t = template(text, true);
  const r = t.bind({ uid: 1, ptr: 0x1000 });
  cases.push(['re per message', text, t.maxLength, (o, now) => r.render(out, o, now)]);
}
{
  const text = 'x\\{message.marker}';
  const t = template(text);
  const r = t.bind({ uid: 1, ptr: 0x1000 });
  cases.push(['message.marker', text, t.maxLength, (o, now) => r.render(out, o, now)]);
}
{
  const text = 'PFX-\\{connection.uid}';
  const t = template(text);
  const r = t.bind({ uid: 12345, ptr: 0x1000 });
  cases.push(['per connection (renderer.bytes)', text, t.maxLength, (o, now) => r.render(out, o, now)]);
}

// A short warm-up per case so that the first figure is not the JIT's.
for (const [, , , write] of cases) {
  for (let i = 0; i < 200_000; i++) write(i % 1000, 0);
}

console.log(`node ${process.version}, ${seconds} s per case, one thread, 1 MiB buffer`);
for (const [name, text, max, write] of cases) {
  const rate = measure(max, write);
  console.log(`${name.padEnd(34)} ${(rate / 1e6).toFixed(2).padStart(7)} M msg/s   ${text}`);
}
