// The subpath, not the package: see cli/oclif-flags.ts.
import { Command } from '@oclif/core/command';
import { runFlags } from '../cli/oclif-flags.js';
import { installedInOrder } from '../host/installed-in-order.js';
import { runLoad } from '../host/run-load.js';
import { catchInterrupts } from '../host/signals.js';

/**
 * The default command: `kali [options] [host:port…]` runs a load (or a sink with `-l`). The
 * command line is tcpkali's, read by kali's own getopt-compatible parser; the oclif flags below
 * describe the same options for `kali run --help`, the manifest and completion.
 */
export default class Run extends Command {
  static override description = 'Open connections and send traffic (tcpkali-compatible command line)';
  static override strict = false;
  static override flags = runFlags;
  static override examples = [
    '<%= config.bin %> -c10k -r42 -em "GET / HTTP/1.0\\r\\n\\r\\n" 127.0.0.1:80',
    '<%= config.bin %> -T5s -l127.0.0.1:9000 -c10 -m hello 127.0.0.1:9000',
  ];

  async run(): Promise<void> {
    // bin/run.js does this before oclif loads; `kali run …` arrives here first.
    catchInterrupts();
    const exitCode = await runLoad(this.argv, installedInOrder(this.config), this.config.version);
    // Worker threads, timers and the terminal may still hold the loop; the run is over.
    process.exit(exitCode);
  }
}
