/** Which Chromium switches a packaged build refuses, in every spelling Chromium accepts. */
import { describe, expect, it } from 'vitest';
import { REFUSED_SWITCHES, refusedSwitchesIn } from '../../../electron/main/debug-switches.js';

const none = { hasSwitch: () => false };

describe('refusedSwitchesIn', () => {
  it.each([
    ['--remote-debugging-port=9222', 'remote-debugging-port'],
    ['--remote-debugging-port', 'remote-debugging-port'],
    ['--Remote-Debugging-Pipe', 'remote-debugging-pipe'],
    ['-no-sandbox', 'no-sandbox'],
    ['/no-sandbox', 'no-sandbox'],
    ['--disable-web-security', 'disable-web-security'],
    ['--host-resolver-rules=MAP * 127.0.0.1', 'host-resolver-rules'],
  ])('finds %s typed on the command line', (arg, name) => {
    expect(refusedSwitchesIn(['/opt/Symbolon/symbolon', arg], none)).toEqual([name]);
  });

  it('finds switches only Chromium\'s own command line holds', () => {
    expect(refusedSwitchesIn([], { hasSwitch: (name) => name === 'no-sandbox' })).toEqual(['no-sandbox']);
  });

  it('leaves ordinary arguments and look-alikes alone', () => {
    expect(refusedSwitchesIn(['/opt/Symbolon/symbolon', '--lang=de', '--remote-debugging-portal', 'no-sandbox', '/tmp/file'], none)).toEqual([]);
  });

  it('refuses at least the debugger and sandbox switches the review named', () => {
    expect(REFUSED_SWITCHES).toEqual(expect.arrayContaining(['remote-debugging-port', 'remote-debugging-pipe', 'no-sandbox']));
  });
});
