/**
 * Network paths Chromium opens on its own, which `session.webRequest` never sees because they
 * start in the browser process or below HTTP (DESIGN.md "Electron hardening"; the laptop is
 * air-gapped and nothing may ever need a network):
 *
 * - **Host names.** `host-resolver-rules` maps every name to NOTFOUND before `ready`, so DNS
 *   prefetch, preconnect, a dictionary download or any other browser-side fetch fails at name
 *   resolution without a packet leaving the laptop. Loopback is reached by IP literal by the API
 *   listener in Node, which Chromium's resolver does not serve.
 * - **Spellchecker dictionaries.** The first read of `session.defaultSession` starts loading the
 *   Hunspell dictionary for the OS locale, and Chromium downloads a missing `.bdic` from Google's
 *   CDN whether or not spellcheck is enabled (Electron issue 22995). In the same tick the
 *   language list is emptied (which drops the dictionary, and with it its pending download) and
 *   the download URL points at a `.invalid` name; a tripwire on
 *   `spellcheck-dictionary-download-begin` reports and cancels any download that starts anyway.
 * - **WebRTC.** STUN/TURN over UDP needs no permission and no CSP directive; every webContents
 *   gets `disable_non_proxied_udp` (hardening.ts), and the switch below sets the same default.
 *
 * Structural parameters, so the calls and their order are unit-tested with recording fakes.
 */

/** Every host name resolves to nothing. */
export const HOST_RESOLVER_RULES = 'MAP * ~NOTFOUND';
/** A name that can never resolve (RFC 6761 reserves `.invalid`), on top of the rule above. */
export const DEAD_DICTIONARY_URL = 'https://dictionaries.invalid/';
export const WEBRTC_IP_POLICY = 'disable_non_proxied_udp';

export interface CommandLineLike {
  appendSwitch(name: string, value?: string): void;
}

/** Before `ready`: switches are read when Chromium's network service starts. */
export function closeBrowserNetworkPaths(commandLine: CommandLineLike): void {
  commandLine.appendSwitch('host-resolver-rules', HOST_RESOLVER_RULES);
  commandLine.appendSwitch('force-webrtc-ip-handling-policy', WEBRTC_IP_POLICY);
}

export interface SpellcheckSessionLike {
  setSpellCheckerLanguages(languages: string[]): void;
  setSpellCheckerDictionaryDownloadURL(url: string): void;
  setSpellCheckerEnabled(enabled: boolean): void;
  on(event: 'spellcheck-dictionary-download-begin', listener: (event: unknown, languageCode: string) => void): unknown;
}

/**
 * Call in the same tick as the first read of `session.defaultSession`, before anything awaits.
 * `report` gets a line without secrets (a language code is not one).
 */
export function silenceSpellchecker(session: SpellcheckSessionLike, report: (line: string) => void): void {
  session.setSpellCheckerLanguages([]);
  session.setSpellCheckerDictionaryDownloadURL(DEAD_DICTIONARY_URL);
  session.setSpellCheckerEnabled(false);
  session.on('spellcheck-dictionary-download-begin', (_event, languageCode) => {
    report(`symbolon: blocked a spellchecker dictionary download (${String(languageCode).slice(0, 16)}); this is a bug, please report it\n`);
    session.setSpellCheckerLanguages([]);
  });
}
