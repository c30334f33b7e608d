/**
 * Parts of the extension that ship as files of their own and load on first need (docs/ARCHITECTURE.md,
 * "Parts loaded on first need"). A feature marks one with a dynamic import of its own file:
 * `const { run } = await loadPart('the rehearsal', () => import('./run.js'));`
 */
import { UserFacingError } from './commands';

/**
 * Loads a part. A part that cannot be loaded (a damaged install, a file removed) becomes one
 * `UserFacingError` that the command's error handling shows with a Reload Window button; nothing
 * was started, so nothing is lost, and the next call tries again.
 */
export async function loadPart<T>(what: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).split('\n', 1)[0] ?? '';
    throw new UserFacingError(
      `Could not load ${what} of the Harness SCIM JWT extension (${why}). Reload the window; if it happens again, reinstall the extension.`,
      [{ title: 'Reload Window', command: 'workbench.action.reloadWindow' }],
    );
  }
}
