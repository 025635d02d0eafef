/** sys/key-status and sys/rotate/config (API.md, "sys/rotate, sys/rotate/config, sys/key-status"). */

/** `GET sys/key-status` (logical envelope, data also at the top level). */
export interface KeyStatusData {
  term: number;
  /** When the active term was installed, ISO 8601. */
  install_time: string;
  encryptions: number;
}

/** `GET sys/rotate/config` (logical envelope, data also at the top level). */
export interface RotateConfigData {
  max_operations: number;
  enabled: boolean;
  /** 0 when off, else Go's time.Duration text (`4320h0m0s`), as Vault prints it. */
  interval: string | 0;
}

/** `POST sys/rotate/config`: only the fields given change. */
export interface RotateConfigRequest {
  max_operations?: number;
  enabled?: boolean;
  /** Seconds, or a Go duration (`72h`). */
  interval?: number | string;
}
