/** Main navigation: every screen one Tab away, the current one marked for screen readers. */
import type { Route } from '../lib/route.js';

const LINKS: readonly { route: Route; label: string }[] = [
  { route: 'status', label: 'Status' },
  { route: 'init', label: 'Initialize' },
  { route: 'unseal', label: 'Unseal' },
  { route: 'rekey', label: 'Rekey' },
  { route: 'rotate', label: 'Rotate' },
  { route: 'generate-root', label: 'Generate root' },
  { route: 'audit', label: 'Audit' },
  { route: 'backup', label: 'Backup' },
  { route: 'sign-in', label: 'Sign in' },
];

export function AppNav({ current }: { current: Route }) {
  return (
    <nav aria-label="Main" className="app-nav">
      <ul>
        {LINKS.map((l) => (
          <li key={l.route}>
            <a href={`#/${l.route}`} aria-current={l.route === current ? 'page' : undefined}>{l.label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
