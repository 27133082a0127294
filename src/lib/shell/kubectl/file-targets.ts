import { resourceId } from '../../engine/k8s/resources';
import type { Session } from './context';
import { type Output, apiErr } from './errors';
import { loadManifests } from './manifest';
import type { Info } from './resolve';

/**
 * The live objects named by `-f` files (label, annotate, patch act on what is stored, not on the
 * file's content). Unreadable files fail the whole command (null); missing objects fail one by one.
 */
export async function infosFromFiles(s: Session, files: string[], recursive: boolean, out: Output): Promise<Info[] | null> {
  const loaded = await loadManifests(s, files, { recursive, validate: false });
  if (!loaded.ok) {
    out.fail(loaded.error);
    return null;
  }
  const infos: Info[] = [];
  for (const it of loaded.items) {
    if ('error' in it) out.fail(it.error);
    else {
      const o = s.api.get(resourceId(it.info.resource), it.info.namespace, it.info.name);
      if (o) infos.push({ resource: it.info.resource, obj: o });
      else out.fail(apiErr({ kind: 'ApiError', code: 404, reason: 'NotFound', message: `${resourceId(it.info.resource)} "${it.info.name}" not found` }));
    }
  }
  return infos;
}
