/**
 * "Scan QR" at share entry with a camera: Chromium's fake capture device plays a Y4M picture of
 * a handout's QR code (the same `qrcode` encoding at level H the handout prints), the built UI
 * reads it with jsQR into the unseal share field, and the unseal progresses to unsealed. The
 * page's own getUserMedia is observed (not replaced) so the test sees the camera released.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, startServe, tempDir } from '../helpers/serve.js';
import type { InitResponse, ServeProcess } from '../helpers/serve.js';
import { launchChromium, writeQrY4m } from '../integration/handout/tools.js';

const tmp = tempDir('symbolon-scan-');
let server: ServeProcess;
let init: InitResponse;
const browsers: Browser[] = [];

/** Records every camera stream the page opens, so the test can check that its tracks ended. */
const OBSERVE_CAMERA = `
  window.__cameraStreams = [];
  const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await open(constraints);
    window.__cameraStreams.push(stream);
    return stream;
  };`;
const CAMERA_STATE = `(() => { const tracks = window.__cameraStreams.flatMap((s) => s.getTracks());
  return { opened: window.__cameraStreams.length, live: tracks.filter((t) => t.readyState === 'live').length }; })()`;

async function pageWithCamera(y4m: string): Promise<Page> {
  const browser = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`]);
  browsers.push(browser);
  const page = await browser.newPage();
  await page.addInitScript({ content: OBSERVE_CAMERA });
  return page;
}

beforeAll(async () => {
  server = await startServe({ dataPath: join(tmp.dir, 'keyring.db') });
  const r = await api<InitResponse>(server, 'PUT', 'sys/init', { body: { secret_shares: 5, secret_threshold: 3, custodians: ['Ana', 'Ben', 'Chloé', 'Dev', 'Eve'] } });
  if (r.status !== 200) throw new Error(`init failed: ${r.text}`);
  init = r.body;
});

afterAll(async () => {
  for (const b of browsers) await b.close();
  await server?.stop();
  tmp.remove();
});

describe('Scan QR at share entry', () => {
  it('reads each held-up handout QR into the unseal field, releases the camera, and unseals', async () => {
    for (const [n, index] of [2, 4, 5].entries()) {
      const text = init.shares[index - 1]?.text ?? '';
      const y4m = join(tmp.dir, `share-${index}.y4m`);
      writeQrY4m(y4m, text);
      const page = await pageWithCamera(y4m);
      await page.goto(`${server.url}/ui/#/unseal`);
      await page.getByRole('heading', { name: `Custodian ${n + 1} of 3, please enter your share` }).waitFor();
      const field = page.getByLabel(`Share of custodian ${n + 1}`, { exact: true });
      expect(await field.inputValue()).toBe('');
      await page.getByRole('button', { name: 'Scan QR' }).click();
      await expect.poll(() => field.inputValue(), { timeout: 20_000 }).toBe(text);
      await expect.poll(() => page.evaluate(CAMERA_STATE)).toEqual({ opened: 1, live: 0 });
      expect(await page.locator('video').count()).toBe(0);
      await page.getByRole('button', { name: 'Submit share' }).click();
      const expected = n < 2 ? { sealed: true, progress: n + 1 } : { sealed: false, progress: 0 };
      await expect.poll(async () => (await api(server, 'GET', 'sys/seal-status')).body).toMatchObject(expected);
      await page.context().browser()?.close();
    }
  });

  it('turns the camera off when the scan is cancelled', async () => {
    const y4m = join(tmp.dir, 'blank.y4m');
    writeQrY4m(y4m, null);
    const page = await pageWithCamera(y4m);
    // The previous test unsealed the keyring; seal it so the unseal screen asks for a share again.
    expect((await api(server, 'PUT', 'sys/seal', { token: init.root_token })).status).toBe(204);
    await page.goto(`${server.url}/ui/#/unseal`);
    await page.getByRole('button', { name: 'Scan QR' }).click();
    await page.getByText(/Camera on: hold the QR code/).waitFor();
    await expect.poll(() => page.evaluate(CAMERA_STATE)).toEqual({ opened: 1, live: 1 });
    await page.getByRole('button', { name: 'Cancel scan' }).click();
    await expect.poll(() => page.evaluate(CAMERA_STATE)).toEqual({ opened: 1, live: 0 });
    expect(await page.getByLabel('Share of custodian 1', { exact: true }).inputValue()).toBe('');
  });
});
