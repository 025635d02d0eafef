/**
 * Closing the window mid-ceremony (leave-guard.ts): Electron keeps a window whose page cancelled
 * `beforeunload` open silently; the guard asks in words and closes only on an explicit "Leave".
 */
import { describe, expect, it } from 'vitest';
import type { BrowserWindow } from 'electron';
import { guardLeaving, LEAVE_QUESTION } from '../../../electron/main/leave-guard.js';

function windowWithListeners() {
  const listeners = new Map<string, (event: { preventDefault: () => void }) => void>();
  const window = { webContents: { on: (name: string, fn: (event: { preventDefault: () => void }) => void) => listeners.set(name, fn) } };
  return { window: window as unknown as BrowserWindow, listeners };
}

describe('leave guard', () => {
  it.each([
    [1, true],
    [0, false],
  ])('answer %d: the window closes = %s', (answer, closes) => {
    const { window, listeners } = windowWithListeners();
    const asked: unknown[] = [];
    guardLeaving(window, { showMessageBoxSync: ((...args: unknown[]) => { asked.push(args[1]); return answer; }) as never });
    let prevented = false;
    listeners.get('will-prevent-unload')?.({ preventDefault: () => { prevented = true; } });
    expect(asked).toEqual([LEAVE_QUESTION]);
    expect(prevented).toBe(closes);
  });

  it('says what leaving costs, and stays by default', () => {
    expect(LEAVE_QUESTION.buttons[LEAVE_QUESTION.defaultId]).toBe('Stay');
    expect(LEAVE_QUESTION.cancelId).toBe(LEAVE_QUESTION.defaultId);
    expect(LEAVE_QUESTION.detail).toMatch(/not yet proven are lost/);
  });
});
