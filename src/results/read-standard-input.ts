import { describeError, ExitStatus, KaliError, UsageFailure } from '../errors/index.js';
import { parseResult, type ResultFile } from './read-result.js';
import { splitDocuments } from './split-documents.js';

/**
 * `kali merge -`: every result document on standard input, one after another (the logs of the
 * pods of a Kubernetes Job, each `--json -`), named in messages by their place in the stream.
 */
export async function readStandardInput(
  stdin: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
): Promise<ResultFile[]> {
  if (stdin.isTTY) {
    throw new UsageFailure('kali merge: - reads result documents from standard input, which is a terminal');
  }
  let text = '';
  try {
    stdin.setEncoding('utf8');
    for await (const chunk of stdin) text += chunk;
  } catch (err) {
    throw new KaliError(`standard input: ${describeError(err)}`, ExitStatus.DATA, 'E_RESULT');
  }
  const documents = splitDocuments(text);
  if (documents.length === 0) {
    throw new KaliError(
      'standard input: no result document (a line starting with {, as kali --json - writes)',
      ExitStatus.DATA,
      'E_RESULT',
    );
  }
  return documents.map((d, i) => {
    const file = `standard input (document ${i + 1}, line ${d.line})`;
    return { file, result: parseResult(d.text, file) };
  });
}
