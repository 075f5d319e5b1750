/** The two streams the console output draws on; tests swap in a recorder. */
export interface ConsoleWriter {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processWriter: ConsoleWriter = {
  stdout: (text) => {
    process.stdout.write(text);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
};
