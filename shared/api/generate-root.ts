/** sys/generate-root/attempt and sys/generate-root/update (API.md, "sys/generate-root"). */
import type { ShareFeedback } from './shares.js';

/** `PUT sys/generate-root/attempt`: neither field for a generated OTP, or one of them. */
export interface GenerateRootStartRequest {
  otp?: string;
  pgp_key?: string;
}

/** `GET|PUT sys/generate-root/attempt`, and `PUT sys/generate-root/update` with `ShareFeedback`. */
export interface GenerateRootStatusResponse {
  nonce: string;
  started: boolean;
  progress: number;
  required: number;
  complete: boolean;
  encoded_token: string;
  /** The same value again, under the name older Vault clients read. */
  encoded_root_token: string;
  pgp_fingerprint: string;
  /** Only in the answer that started an attempt with a generated OTP; never readable again. */
  otp: string;
  otp_length: number;
}

export type GenerateRootUpdateResponse = GenerateRootStatusResponse & ShareFeedback;
