/**
 * ACL policies and capabilities (API.md, "Tokens, policies, secrets, audit"), at Vault's two
 * addresses: the older `sys/policy` and `sys/policies/acl`. Reads copy `data` to the top level.
 */

/** `PUT sys/policy/<name>` or `sys/policies/acl/<name>`: the JSON document, as text or an object, in either field. */
export interface PolicyWriteRequest {
  policy?: string | object;
  rules?: string | object;
}

/** `GET sys/policy/<name>`. */
export interface PolicyRulesData {
  name: string;
  /** The document as stored (JSON text). */
  rules: string;
}

/** `GET sys/policies/acl/<name>`. */
export interface PolicyAclData {
  name: string;
  policy: string;
}

/** `GET|LIST sys/policy`: the same names twice, as Vault answers. */
export interface PolicyListData {
  keys: string[];
  policies: string[];
}

/** `LIST sys/policies/acl`. */
export interface PolicyAclListData {
  keys: string[];
}

/** `POST sys/capabilities-self` and `sys/capabilities`. */
export interface CapabilitiesRequest {
  /** A list, or paths separated by commas. */
  paths?: string[] | string;
  /** The older single-path field. */
  path?: string;
  /** `sys/capabilities` only: whose capabilities. */
  token?: string;
}

/** Capabilities per asked path; with one path, also under `capabilities` (Vault's older key). */
export type CapabilitiesData = Record<string, string[]>;
