/**
 * What the client of a crash run knows, as it drives `symbolon serve` until the SIGKILL: the
 * share set it holds, the share set a rekey was about to commit, every acknowledged write, and
 * the one change that was in flight when the process died. After the restart the keyring must
 * agree with this knowledge (DESIGN.md, "Quality bars"): acknowledged means durable, in flight
 * means old or new, never a mix.
 */

export interface ShareSet {
  readonly keys: readonly string[];
  readonly threshold: number;
  readonly generation: number;
}

/** `GET sys/rotate/config` as the API shows it. */
export interface RotationConfigView {
  readonly max_operations: number;
  readonly enabled: boolean;
  readonly interval: number | string;
}

/** A request the client received an answer to (so its audit entry must be on disk). */
export interface AckedRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

export class ClientModel {
  /** The acknowledged share set (from the template, init or a verified rekey). */
  current: ShareSet | null = null;
  /** Init sent, answer not received. */
  initInFlight = false;
  /** New shares of a verified rekey whose committing request may have run. */
  candidate: ShareSet | null = null;
  rootToken: string | null = null;
  /** Root tokens made by completed generate-root ceremonies. */
  readonly generatedRoots: string[] = [];
  term = 0;
  termInFlight = false;
  config: RotationConfigView | null = null;
  configInFlight: RotationConfigView | null = null;
  /** KV path (below secret/data/) → value, acknowledged. */
  readonly kvAcked = new Map<string, string>();
  readonly kvInFlight = new Map<string, string>();
  /** Tokens from acknowledged auth/token/create calls. */
  readonly tokens: string[] = [];
  readonly acked: AckedRequest[] = [];

  /** A fresh model that starts from what a template file holds. */
  static fromTemplate(t: { set: ShareSet; rootToken: string; term: number; config: RotationConfigView | null; kv: ReadonlyMap<string, string> }): ClientModel {
    const model = new ClientModel();
    model.current = t.set;
    model.rootToken = t.rootToken;
    model.term = t.term;
    model.config = t.config;
    for (const [path, value] of t.kv) model.kvAcked.set(path, value);
    return model;
  }
}
