/**
 * Chromium switches that no fuse blocks and that hand the trusted main frame to someone else: a
 * remote debugger drives the window (and so the IPC bridge) as if it were the operator, and
 * `--no-sandbox` undoes the renderer sandbox. A packaged build refuses to start with any of them;
 * developer runs may use them.
 *
 * Both sources are read: `process.argv` as typed, and Chromium's own command line
 * (`app.commandLine.hasSwitch`), which also holds switches added by a wrapper or a .desktop file.
 */

export const REFUSED_SWITCHES = [
  'remote-debugging-port',
  'remote-debugging-pipe',
  'remote-debugging-address',
  'no-sandbox',
  'disable-web-security',
  // Ours is set at start; a second one from outside could undo it.
  'host-resolver-rules',
] as const;

export interface SwitchReaderLike {
  hasSwitch(name: string): boolean;
}

/** `--Name=value`, `-name` and (Windows) `/name` all name the switch `name` to Chromium. */
function switchName(arg: string): string | null {
  const match = /^(?:--?|\/)([^=]+)/.exec(arg);
  return match?.[1] === undefined ? null : match[1].toLowerCase();
}

/**
 * The refused switches present, in REFUSED_SWITCHES order; empty when none is. Must run before
 * the app appends its own `host-resolver-rules`.
 */
export function refusedSwitchesIn(argv: readonly string[], commandLine: SwitchReaderLike): string[] {
  const typed = new Set(argv.map(switchName));
  return REFUSED_SWITCHES.filter((name) => typed.has(name) || commandLine.hasSwitch(name));
}
