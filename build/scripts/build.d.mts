/** Types of build.mjs, for the tests that import it. */
export declare const STAMP: string;
export declare const INPUTS: readonly string[];
export declare const ENTRY_POINTS: readonly string[];
export declare function sourceDigest(root?: string, inputs?: readonly string[]): string;
export declare function isFresh(root?: string, options?: { inputs?: readonly string[]; entryPoints?: readonly string[]; digest?: string }): boolean;
export declare function ensureBuilt(options?: {
  root?: string;
  ifStale?: boolean;
  inputs?: readonly string[];
  entryPoints?: readonly string[];
  build?: (root: string) => number;
  say?: (line: string) => void;
}): { built: boolean; status: number };
