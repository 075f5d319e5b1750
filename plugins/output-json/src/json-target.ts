import { type FileIo, realIo, writeAll } from './file-io.js';
import { cannotWrite, type DescribeError, EXIT_FAILURE, EXIT_USAGE } from './json-error.js';
import { replaceFile, temporaryPath } from './replace-file.js';

/** Where the document goes, and how. */
export interface JsonTarget {
  /**
   * Whether the document can be replaced whole during the run (a regular file): otherwise it
   * is written once, at the end, since a pipe or a device cannot take a document back.
   */
  readonly rewritable: boolean;
  /**
   * Writes the whole document; throws a one-line JsonOutputError (exit 1) when refused. Done
   * when it returns for a rewritable target, so that rewrites during the run need no waiting.
   */
  write(text: string): void | Promise<void>;
  /** Releases what the target holds; throws a one-line JsonOutputError when that fails. */
  close(): void;
}

/** What stdout is to the output: a stream that calls back once the text is handed over. */
export interface TextStream {
  write(text: string, done: (err?: Error | null) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

/** The process's own output streams, which `-` and their /dev names write through. */
export interface StandardStreams {
  stdout: TextStream;
  stderr: TextStream;
}

const STREAM_NAMES: ReadonlyMap<string, keyof StandardStreams> = new Map([
  ['-', 'stdout'],
  ['/dev/stdout', 'stdout'],
  ['/dev/fd/1', 'stdout'],
  ['/dev/stderr', 'stderr'],
  ['/dev/fd/2', 'stderr'],
]);

/** Names of open descriptors, which may stand for a regular file that is not ours to replace. */
const DESCRIPTOR_ALIAS = /^(\/dev\/(stdout|stderr|fd\/\d+)|\/proc\/(self|\d+)\/fd\/\d+)$/;

/**
 * Opens `file` at once, so that a path kali cannot write stops the run before it starts (exit
 * 64), and truncates it, so that what a previous run left is never taken for this run's result.
 *
 * - `-`: stdout, written once at the end; so are /dev/stdout and /dev/stderr, through the
 *   process's streams (which keeps the order of what else goes there, and works where those
 *   names cannot be opened: a socket gives ENXIO).
 * - a regular file: rewritten atomically (temporary file, then rename) whenever asked. A link is
 *   followed, so that its target is replaced, not the link.
 * - anything else (a FIFO, a terminal, /dev/full), and the names of descriptors (/dev/stdout
 *   redirected to a file, which renaming would take away from the shell): opened now, written
 *   once at the end.
 * - a regular file whose directory takes no new files: the same, for want of a temporary file.
 */
export function openJsonTarget(
  file: string,
  describe: DescribeError,
  io: FileIo = realIo,
  streams: StandardStreams = process,
): JsonTarget {
  const stream = STREAM_NAMES.get(file);
  if (stream) return streamTarget(file === '-' ? 'stdout' : file, streams[stream], describe);
  const refused = (err: unknown) => cannotWrite(file, err, EXIT_USAGE, describe);
  const found = attempt(() => io.statSync(file), refused);
  if ((found && !found.isFile()) || DESCRIPTOR_ALIAS.test(file)) {
    // Append, so that a descriptor alias shares the file with whoever else writes to it.
    return descriptorTarget(
      file,
      attempt(() => io.openSync(file, 'a'), refused),
      io,
      describe,
    );
  }
  const path = found ? attempt(() => io.realpathSync(file), refused) : file;
  const fd = attempt(() => io.openSync(path, 'w'), refused);
  if (!canRename(io, path)) return descriptorTarget(file, fd, io, describe);
  attempt(() => io.closeSync(fd), refused);
  return replacedTarget(file, path, io, describe);
}

function attempt<T>(act: () => T, refused: (err: unknown) => Error): T {
  try {
    return act();
  } catch (err) {
    throw refused(err);
  }
}

/** Whether a temporary file can be made beside `path` (the directory may take no new files). */
function canRename(io: FileIo, path: string): boolean {
  const tmp = temporaryPath(path);
  try {
    io.closeSync(io.openSync(tmp, 'w'));
    io.unlinkSync(tmp);
    return true;
  } catch {
    return false;
  }
}

/** `path` is `file` with links followed; messages name the file as the user typed it. */
function replacedTarget(file: string, path: string, io: FileIo, describe: DescribeError): JsonTarget {
  return {
    rewritable: true,
    write(text) {
      try {
        replaceFile(io, path, Buffer.from(text));
      } catch (err) {
        throw cannotWrite(file, err, EXIT_FAILURE, describe);
      }
    },
    close() {},
  };
}

function descriptorTarget(file: string, fd: number, io: FileIo, describe: DescribeError): JsonTarget {
  let open: number | undefined = fd;
  return {
    rewritable: false,
    write(text) {
      if (open === undefined) return;
      try {
        writeAll(io, open, Buffer.from(text));
      } catch (err) {
        throw cannotWrite(file, err, EXIT_FAILURE, describe);
      }
    },
    close() {
      if (open === undefined) return;
      const closing = open;
      open = undefined;
      try {
        io.closeSync(closing);
      } catch (err) {
        throw cannotWrite(file, err, EXIT_FAILURE, describe);
      }
    },
  };
}

/**
 * stdout and stderr go through their streams, not their descriptors: the descriptor of a pipe is non-blocking,
 * and a document larger than the pipe's buffer would fail half-written (EAGAIN) under a slow
 * reader. The write resolves once everything is handed over, before the host exits.
 */
function streamTarget(name: string, stream: TextStream, describe: DescribeError): JsonTarget {
  // A reader that went away (EPIPE) is reported through the write's callback; the stream's
  // 'error' event, which would otherwise crash the process, has nothing more to say.
  stream.on('error', () => {});
  return {
    rewritable: false,
    write: (text) =>
      new Promise<void>((resolve, reject) => {
        stream.write(text, (err) => {
          if (err) reject(cannotWrite(name, err, EXIT_FAILURE, describe));
          else resolve();
        });
      }),
    close() {},
  };
}
