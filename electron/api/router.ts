/**
 * Matches a request path to a route. Patterns are literal segments, `:name` segments and a
 * trailing `*` that takes the rest. Literal matches beat parameter matches, so `sys/policy/acl`
 * style collisions resolve the way Vault's path table does.
 */
import type { Route } from './route.js';

export interface Match {
  readonly route: Route;
  readonly params: Record<string, string>;
}

interface Compiled {
  readonly route: Route;
  readonly segments: readonly string[];
  readonly tail: boolean;
  /** Higher = more specific; literal segments count more than parameters. */
  readonly rank: number;
}

export class Router {
  private readonly compiled: Compiled[] = [];

  constructor(routes: readonly Route[]) {
    for (const route of routes) {
      const segments = route.path.split('/');
      const tail = segments.at(-1) === '*';
      if (tail) segments.pop();
      const rank = segments.reduce((sum, s) => sum + (s.startsWith(':') ? 1 : 3), 0) * 2 + (tail ? 0 : 1);
      this.compiled.push({ route, segments, tail, rank });
    }
    this.compiled.sort((a, b) => b.rank - a.rank);
  }

  match(path: string): Match | null {
    const parts = path.split('/');
    for (const c of this.compiled) {
      const params = matchSegments(c, parts);
      if (params) return { route: c.route, params };
    }
    return null;
  }
}

function matchSegments(c: Compiled, parts: readonly string[]): Record<string, string> | null {
  if (c.tail ? parts.length < c.segments.length : parts.length !== c.segments.length) return null;
  const params: Record<string, string> = {};
  for (const [i, segment] of c.segments.entries()) {
    const part = parts[i] ?? '';
    if (segment.startsWith(':')) {
      if (part.length === 0) return null;
      params[segment.slice(1)] = part;
    } else if (segment !== part) {
      return null;
    }
  }
  if (c.tail) params['*'] = parts.slice(c.segments.length).join('/');
  return params;
}
