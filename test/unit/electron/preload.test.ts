/**
 * The preload as Electron's sandbox runs it: compiled to CommonJS, executed with only a
 * `require` that knows 'electron' (here a recording fake), `exports` and `module`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { LOOPBACK_API_STATUS_CHANNEL, PRINT_TO_PDF_CHANNEL, REQUEST_CHANNEL, SET_LOOPBACK_API_CHANNEL } from '../../../shared/ipc-schema.js';

const source = readFileSync(fileURLToPath(new URL('../../../electron/preload/index.cts', import.meta.url)), 'utf8');

function runPreload() {
  const exposed = new Map<string, Record<string, (req: unknown) => unknown>>();
  const invoked: Array<[string, unknown]> = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (req: unknown) => unknown>) => exposed.set(key, api) },
    ipcRenderer: { invoke: (channel: string, payload: unknown) => (invoked.push([channel, payload]), Promise.resolve('ok')) },
  };
  const required: string[] = [];
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`module not found: ${name}`);
  };
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  const exports = {};
  runInNewContext(outputText, { require: sandboxRequire, exports, module: { exports } });
  return { exposed, invoked, required };
}

describe('preload', () => {
  it('exposes exactly window.symbolon with request, printToPdf and the listener pair, and requires only electron', () => {
    const { exposed, required } = runPreload();
    expect([...exposed.keys()]).toEqual(['symbolon']);
    expect(Object.keys(exposed.get('symbolon') ?? {}).sort()).toEqual(['loopbackApiStatus', 'printToPdf', 'request', 'setLoopbackApi']);
    expect(required).toEqual(['electron']);
  });

  it('sends each call on the channel the schema derives', async () => {
    const { exposed, invoked } = runPreload();
    const api = exposed.get('symbolon') ?? {};
    await api['request']?.({ method: 'GET', path: 'sys/health' });
    await api['printToPdf']?.({ title: 'Handout' });
    await api['loopbackApiStatus']?.(undefined);
    await api['setLoopbackApi']?.({ enabled: false });
    expect(invoked).toEqual([[REQUEST_CHANNEL, { method: 'GET', path: 'sys/health' }], [PRINT_TO_PDF_CHANNEL, { title: 'Handout' }],
      [LOOPBACK_API_STATUS_CHANNEL, undefined], [SET_LOOPBACK_API_CHANNEL, { enabled: false }]]);
  });

  it('stays small enough to review at a glance', () => {
    expect(source.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('*') && !line.trim().startsWith('/')).length).toBeLessThanOrEqual(15);
  });
});
