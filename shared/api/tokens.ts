/**
 * auth/token/* (API.md, "auth/token"): Vault's token lookup data and the `auth` block of an
 * issued or renewed token. Type aliases rather than interfaces, so they pass where the logical
 * envelope takes a plain record.
 */

/** `auth/token/lookup-self`, `lookup` and `lookup-accessor` (logical envelope `data`). */
export type TokenLookupData = {
  accessor: string;
  /** Unix seconds. */
  creation_time: number;
  creation_ttl: number;
  display_name: string;
  entity_id: '';
  /** ISO 8601, or null for a token that does not expire. */
  expire_time: string | null;
  explicit_max_ttl: number;
  /** The token itself, only when the caller gave it; '' by accessor. */
  id: string;
  issue_time: string;
  meta: Record<string, string> | null;
  num_uses: number;
  orphan: boolean;
  path: string;
  policies: string[];
  renewable: boolean;
  ttl: number;
  type: 'service';
};

/** The `auth` block of `auth/token/create` and `renew*`. */
export type TokenAuth = {
  client_token: string;
  accessor: string;
  policies: string[];
  token_policies: string[];
  metadata: Record<string, string> | null;
  lease_duration: number;
  renewable: boolean;
  entity_id: '';
  token_type: 'service';
  orphan: boolean;
  mfa_requirement: null;
  num_uses: number;
};

/** `LIST auth/token/accessors` (logical envelope `data`). */
export type AccessorListData = {
  keys: string[];
};
