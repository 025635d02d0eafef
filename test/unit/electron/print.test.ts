/** `symbolon:print-to-pdf`: the operator chooses the file; the renderer only suggests a title. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UntrustedSenderError } from '../../../electron/main/ipc-bridge.js';
import { MAX_SAVE_ATTEMPTS, SaveRefusedError, createPrintHandler, pdfFileName, registerPrintToPdf } from '../../../electron/main/print.js';
import { PRINT_TO_PDF_CHANNEL, parsePrintToPdfRequest } from '../../../shared/ipc-schema.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The writer index.ts passes: owner-only, exclusive create when asked. */
const writeReal = (path: string, data: Uint8Array, options: { exclusive: boolean }) =>
  writeFile(path, data, { mode: 0o600, flag: options.exclusive ? 'wx' : 'w' });

function setup(savePath: string | null | Array<string | null>) {
  const answers = Array.isArray(savePath) ? [...savePath] : null;
  const printed: Uint8Array[] = [];
  const suggested: string[] = [];
  const mainFrame = { url: 'app://symbolon/index.html', parent: null };
  const webContents = {
    mainFrame,
    printToPDF: async () => {
      const pdf = new Uint8Array(Buffer.from('%PDF-1.7 share text'));
      printed.push(pdf);
      return pdf;
    },
  };
  const handler = createPrintHandler({
    trustedWindow: () => ({ webContents }),
    chooseSavePath: async (name) => {
      suggested.push(name);
      return answers ? (answers.shift() ?? null) : (savePath as string | null);
    },
    writeFile: writeReal,
  });
  return { handler, event: { sender: webContents, senderFrame: mainFrame }, printed, suggested, mainFrame };
}

describe('print-to-pdf handler', () => {
  it('writes the PDF where the operator chose, owner-only, then zeroes the bytes in memory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'symbolon-print-'));
    dirs.push(dir);
    const { handler, event, printed, suggested } = setup(join(dir, 'alice'));
    const result = await handler(event, { title: 'Handout – Alice / share 1' });
    expect(result).toEqual({ saved: true, path: join(dir, 'alice.pdf') });
    expect(suggested).toEqual(['Handout Alice share 1.pdf']);
    expect(readFileSync(join(dir, 'alice.pdf'), 'utf8')).toBe('%PDF-1.7 share text');
    expect(statSync(join(dir, 'alice.pdf')).mode & 0o777).toBe(0o600);
    expect(printed[0]?.every((byte) => byte === 0)).toBe(true);
  });

  it('never replaces an existing foo.pdf when the operator typed foo: asks again on foo.pdf', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'symbolon-print-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'foo.pdf'), 'an earlier handout');
    const { handler, event, suggested, printed } = setup([join(dir, 'foo'), null]);
    expect(await handler(event, { title: 'Handout' })).toEqual({ saved: false });
    expect(readFileSync(join(dir, 'foo.pdf'), 'utf8')).toBe('an earlier handout');
    expect(suggested).toEqual(['Handout.pdf', join(dir, 'foo.pdf')]);
    expect(printed[0]?.every((byte) => byte === 0)).toBe(true);
  });

  it('replaces foo.pdf once the operator confirmed that exact name in the dialog', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'symbolon-print-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'foo.pdf'), 'an earlier handout');
    const { handler, event } = setup([join(dir, 'foo'), join(dir, 'foo.pdf')]);
    expect(await handler(event, { title: 'Handout' })).toEqual({ saved: true, path: join(dir, 'foo.pdf') });
    expect(readFileSync(join(dir, 'foo.pdf'), 'utf8')).toBe('%PDF-1.7 share text');
  });

  it('gives up, writing nothing, when every name chosen hides an existing .pdf', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'symbolon-print-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'foo.pdf'), 'an earlier handout');
    const { handler, event, suggested } = setup(Array.from({ length: MAX_SAVE_ATTEMPTS + 2 }, () => join(dir, 'foo')));
    await expect(handler(event, { title: 'Handout' })).rejects.toBeInstanceOf(SaveRefusedError);
    expect(suggested).toHaveLength(MAX_SAVE_ATTEMPTS);
    expect(readFileSync(join(dir, 'foo.pdf'), 'utf8')).toBe('an earlier handout');
  });

  it('prints nothing and writes nothing when the operator cancels', async () => {
    const { handler, event, printed } = setup(null);
    expect(await handler(event, { title: 'Handout' })).toEqual({ saved: false });
    expect(printed).toHaveLength(0);
  });

  it('refuses an untrusted sender before showing any dialog', async () => {
    const { handler, mainFrame, suggested } = setup('/tmp/x.pdf');
    await expect(handler({ sender: {}, senderFrame: mainFrame }, { title: 'x' })).rejects.toBeInstanceOf(UntrustedSenderError);
    expect(suggested).toHaveLength(0);
  });

  it('refuses a malformed payload', async () => {
    const { handler, event } = setup('/tmp/x.pdf');
    await expect(handler(event, { title: '' })).rejects.toThrow(TypeError);
    await expect(handler(event, { title: 'x'.repeat(121) })).rejects.toThrow(RangeError);
    await expect(handler(event, { path: '/etc/passwd' })).rejects.toThrow(/title/);
    expect(() => parsePrintToPdfRequest({ title: 'a\nb' })).toThrow(/control/);
  });

  it('makes harmless file names from any title', () => {
    expect(pdfFileName('../../etc/passwd')).toBe('etc passwd.pdf');
    expect(pdfFileName('...')).toBe('Symbolon handout.pdf');
    expect(pdfFileName('Ωmega_1-2.3')).toBe('Ωmega_1-2.3.pdf');
  });

  it('is registered on the schema-derived channel', () => {
    const channels: string[] = [];
    registerPrintToPdf({ handle: (channel) => void channels.push(channel) }, setupDeps());
    expect(channels).toEqual([PRINT_TO_PDF_CHANNEL]);
    expect(PRINT_TO_PDF_CHANNEL).toBe('symbolon:print-to-pdf');
  });
});

function setupDeps() {
  return { trustedWindow: () => null, chooseSavePath: async () => null, writeFile: async () => undefined };
}
