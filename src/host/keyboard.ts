/** tcpkali's keys: five presses of `k` double the rate, ten of `j` bring it back. */
const UP = 2 ** (1 / 5);
const DOWN = 2 ** (-1 / 10);

/**
 * Reads single keys from a terminal: `k`/`j` scale the message rate, Enter prints a line break
 * (so the progress line can be kept), `q` quits like Ctrl+C. Returns a function that restores
 * the terminal.
 */
export function attachKeyboard(on: { rate(factor: number): void; quit(): void }): () => void {
  const stdin = process.stdin;
  if (!stdin.isTTY || !process.stdout.isTTY) return () => {};
  stdin.setRawMode(true);
  stdin.resume();
  const onData = (chunk: Buffer) => {
    for (const byte of chunk) {
      switch (byte) {
        case 0x6b: // k
          on.rate(UP);
          break;
        case 0x6a: // j
          on.rate(DOWN);
          break;
        case 0x0d:
        case 0x0a:
          process.stderr.write('\n');
          break;
        case 0x71: // q
          on.quit();
          break;
        case 0x03: // Ctrl+C arrives as a byte in raw mode
          process.emit('SIGINT');
          break;
      }
    }
  };
  stdin.on('data', onData);
  return () => {
    stdin.off('data', onData);
    stdin.setRawMode(false);
    stdin.pause();
  };
}
