/**
 * Session: the operator's token for privileged steps (seal, rotate, audit). Memory only: never
 * written to storage, dropped on sign-out and after inactivity (activity-slice).
 */
import { listAccessors, lookupAccessor, lookupSelf, revokeAccessor, revokeSelf } from '../lib/endpoints.js';
import type { AccessorListData, TokenLookupData } from '../../shared/api/tokens.js';
import { dataOf, wire } from '../lib/read.js';
import { toUiError } from './types.js';
import type { Slice, UiError } from './types.js';

export interface TokenInfo {
  displayName: string;
  policies: string[];
}

/** A root token known by its accessor only (the token itself is never listed). */
export interface RootTokenInfo {
  accessor: string;
  displayName: string;
  /** Unix seconds, or null when unknown. */
  createdAt: number | null;
}

export interface SessionSlice {
  token: string | null;
  tokenInfo: TokenInfo | null;
  sessionError: UiError | null;
  sessionBusy: boolean;
  /** Checks the token with lookup-self; keeps it only if the API accepts it. */
  signIn(token: string): Promise<boolean>;
  signOut(): void;
  /** What the last revocation did, in words ('' before any). */
  revokeNote: string;
  /** Revokes the signed-in token on the server (auth/token/revoke-self), then signs out. */
  revokeSessionToken(): Promise<boolean>;
  /** Root tokens alive in the keyring (needs sudo), or null before they are listed. */
  rootTokens: RootTokenInfo[] | null;
  /** Accessor of the signed-in token, so the list can mark "this session". */
  sessionAccessor: string;
  loadRootTokens(): Promise<void>;
  revokeRootToken(accessor: string): Promise<void>;
}

export const createSessionSlice: Slice<SessionSlice> = ({ api }) => (set, get) => ({
  token: null,
  tokenInfo: null,
  sessionError: null,
  sessionBusy: false,
  revokeNote: '',
  rootTokens: null,
  sessionAccessor: '',
  async loadRootTokens() {
    set({ sessionBusy: true, sessionError: null });
    try {
      const keys = wire<AccessorListData>(dataOf(await listAccessors(api))).strings('keys');
      const found: RootTokenInfo[] = [];
      for (const accessor of keys) {
        const d = wire<TokenLookupData>(dataOf(await lookupAccessor(api, accessor)));
        if (d.strings('policies').includes('root')) found.push({ accessor, displayName: d.str('display_name') ?? '', createdAt: d.num('creation_time') ?? null });
      }
      const self = wire<TokenLookupData>(dataOf(await lookupSelf(api)));
      set({ rootTokens: found, sessionAccessor: self.str('accessor') ?? '', sessionBusy: false });
    } catch (err) {
      set({ sessionBusy: false, sessionError: toUiError(err) });
    }
  },
  async revokeRootToken(accessor) {
    set({ sessionBusy: true, sessionError: null, revokeNote: '' });
    try {
      await revokeAccessor(api, accessor);
    } catch (err) {
      set({ sessionBusy: false, sessionError: toUiError(err) });
      return;
    }
    if (accessor === get().sessionAccessor) {
      set({ token: null, tokenInfo: null, rootTokens: null, sessionBusy: false, revokeNote: 'The token was revoked: it no longer works anywhere, and this session is signed out.' });
      return;
    }
    set({ sessionBusy: false, revokeNote: `The root token with accessor ${accessor} was revoked.` });
    await get().loadRootTokens();
  },
  async signIn(token) {
    const trimmed = token.trim();
    if (trimmed === '') {
      set({ sessionError: { message: 'Enter a token.', status: 0, code: '', context: {} } });
      return false;
    }
    // While sealed the token store is behind the barrier: nothing can check the token yet, so
    // keep it for when the keyring is open instead of asking for a certain 503.
    if (get().seal?.sealed === true) {
      set({ token: trimmed, tokenInfo: null, sessionError: null });
      return true;
    }
    set({ token: trimmed, sessionBusy: true, sessionError: null, revokeNote: '' });
    try {
      const info = wire<TokenLookupData>(dataOf(await lookupSelf(api)));
      set({ tokenInfo: { displayName: info.str('display_name') ?? '', policies: info.strings('policies') }, sessionBusy: false });
      return true;
    } catch (err) {
      const error = toUiError(err);
      // 503: sealed, so the token cannot be checked yet; keep it for when the keyring is open.
      if (error.status === 503) {
        set({ tokenInfo: null, sessionBusy: false });
        return true;
      }
      set({ token: null, tokenInfo: null, sessionBusy: false, sessionError: error });
      return false;
    }
  },
  signOut() {
    set({ token: null, tokenInfo: null, sessionError: null, rootTokens: null, sessionAccessor: '' });
  },
  async revokeSessionToken() {
    set({ sessionBusy: true, sessionError: null, revokeNote: '' });
    try {
      await revokeSelf(api);
    } catch (err) {
      set({ sessionBusy: false, sessionError: toUiError(err) });
      return false;
    }
    set({ token: null, tokenInfo: null, rootTokens: null, sessionAccessor: '', sessionBusy: false, revokeNote: 'The token was revoked: it no longer works anywhere, and this session is signed out.' });
    return true;
  },
});

