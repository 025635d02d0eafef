/**
 * Reads shares for a restore drill. At a terminal each share is typed masked (one `*` per
 * character, never echoed); from a pipe (scripts, tests) each line is one share. The text lives
 * only in this process's memory, as a JavaScript string (which cannot be wiped; README says so).
 */
import { createInterface } from 'node:readline';

/** Yields shares until the caller stops asking or input ends. */
export async function* readShares(prompt: (n: number) => string): AsyncGenerator<string> {
  const stdin = process.stdin;
  if (stdin.isTTY) {
    for (let n = 1; ; n++) {
      const share = await readMasked(prompt(n));
      if (share === null) return;
      if (share.trim() !== '') yield share.trim();
    }
  }
  const lines = createInterface({ input: stdin, crlfDelay: Infinity, terminal: false });
  try {
    for await (const line of lines) if (line.trim() !== '') yield line.trim();
  } finally {
    lines.close();
  }
}

/** One masked line from the terminal; null on Ctrl-D at an empty line; Ctrl-C aborts. */
function readMasked(prompt: string): Promise<string | null> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let text = '';
    const finish = (value: string | null, error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\u0003') return finish(null, new Error('interrupted'));
        if (ch === '\u0004' && text === '') return finish(null);
        if (ch === '\r' || ch === '\n') return finish(text);
        if (ch === '\u007f' || ch === '\b') {
          if (text.length > 0) {
            text = text.slice(0, -1);
            process.stderr.write('\b \b');
          }
          continue;
        }
        if (ch >= ' ') {
          text += ch;
          process.stderr.write('*');
        }
      }
      return undefined;
    };
    stdin.on('data', onData);
  });
}
