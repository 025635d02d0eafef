/** Response wrapping (API.md, "sys/wrapping"), after Vault's http/logical.go and vault/wrapping.go. */

/** `wrap_info` of a wrapped answer (X-Vault-Wrap-TTL) and of `POST sys/wrapping/rewrap`. */
export interface WrapInfoResponse {
  token: string;
  accessor: string;
  /** Seconds. */
  ttl: number;
  /** RFC 3339. */
  creation_time: string;
  creation_path: string;
  /** The accessor of the token a wrapped auth answer carries; absent otherwise. */
  wrapped_accessor?: string;
}

/** `POST sys/wrapping/lookup` (logical envelope): the creation details, without spending the token. */
export interface WrappingLookupData {
  creation_ttl: number;
  creation_time: string;
  creation_path: string;
}
