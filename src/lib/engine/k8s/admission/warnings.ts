/**
 * API warnings (the `Warning:` header lines kubectl prints), kept per API server for the request
 * being admitted. A request clears them when it enters admission, so read them right after the
 * create/update call that may have produced them.
 */
import type { AdmissionPlugin, ApiServer } from '../store';
import { ok } from '../errors';

const byServer = new WeakMap<ApiServer, string[]>();

export function addWarning(api: ApiServer, text: string): void {
  const list = byServer.get(api);
  if (list) list.push(text);
  else byServer.set(api, [text]);
}

/** Warnings of the last request, e.g. `unknown field "spec.foo"` (kubectl prefixes `Warning: `). */
export function warningsOf(api: ApiServer): readonly string[] {
  return byServer.get(api) ?? [];
}

/** The first mutating plug-in: it starts each request with no warnings. */
export function warningsResetPlugin(api: ApiServer): AdmissionPlugin {
  return {
    name: 'WarningsReset',
    mutating: true,
    admit: (req) => {
      byServer.set(api, []);
      return ok(req.object);
    }
  };
}
