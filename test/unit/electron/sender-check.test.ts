/** IPC sender validation: only the main frame of our window, showing app://symbolon/, is answered. */
import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../../electron/main/sender-check.js';

function makeWindow(url = 'app://symbolon/index.html') {
  const mainFrame = { url, parent: null };
  const webContents = { mainFrame };
  return { window: { webContents }, webContents, mainFrame };
}

describe('isTrustedSender', () => {
  it('accepts the main frame of the Symbolon window on app://symbolon/', () => {
    const { window, webContents, mainFrame } = makeWindow();
    expect(isTrustedSender({ sender: webContents, senderFrame: mainFrame }, window)).toBe(true);
  });

  it('rejects a subframe of our window, even one on our own origin', () => {
    const { window, webContents, mainFrame } = makeWindow();
    const iframe = { url: 'app://symbolon/index.html', parent: mainFrame };
    expect(isTrustedSender({ sender: webContents, senderFrame: iframe }, window)).toBe(false);
  });

  it('rejects a frame that has gone away (senderFrame null)', () => {
    const { window, webContents } = makeWindow();
    expect(isTrustedSender({ sender: webContents, senderFrame: null }, window)).toBe(false);
  });

  it('rejects another window, and everything while there is no window', () => {
    const ours = makeWindow();
    const other = makeWindow();
    expect(isTrustedSender({ sender: other.webContents, senderFrame: other.mainFrame }, ours.window)).toBe(false);
    expect(isTrustedSender({ sender: ours.webContents, senderFrame: other.mainFrame }, ours.window)).toBe(false);
    expect(isTrustedSender({ sender: ours.webContents, senderFrame: ours.mainFrame }, null)).toBe(false);
  });

  it.each([
    'https://symbolon.example/',
    'http://127.0.0.1:8200/ui/',
    'file:///app/out/renderer/index.html',
    'app://evil/index.html',
    'app://symbolon.evil/index.html',
    'app://user:pass@symbolon/index.html',
    'devtools://devtools/bundled/inspector.html',
    'about:blank',
    '',
  ])('rejects our main frame once it shows %s', (url) => {
    const { window, webContents, mainFrame } = makeWindow(url);
    expect(isTrustedSender({ sender: webContents, senderFrame: mainFrame }, window)).toBe(false);
  });
});
