/**
 * The learner's edits to the what-ifs, as pure functions: each returns new what-ifs, so the
 * explorer's state changes by assignment. No engine here (model.ts loads the hash on demand).
 */
import type { Row, WhatIf } from './model';

/** Tick or untick "takes part": an override only when it differs from what the lab says. */
export function withTakesPart(w: WhatIf, r: Pick<Row, 'node' | 'hypothetical' | 'labReason'>, on: boolean): WhatIf {
  const overrides = new Map(w.overrides);
  const labSays = r.hypothetical ? true : r.labReason === null;
  if (on === labSays) overrides.delete(r.node);
  else overrides.set(r.node, on);
  return { overrides, added: w.added };
}

/** Add a hypothetical node (its name already checked). */
export function withNode(w: WhatIf, name: string): WhatIf {
  return { overrides: w.overrides, added: [...w.added, name] };
}

/** Remove a hypothetical node and its override, if any. */
export function withoutNode(w: WhatIf, name: string): WhatIf {
  const added = w.added.filter((n) => n !== name);
  if (!w.overrides.has(name)) return { overrides: w.overrides, added };
  const overrides = new Map(w.overrides);
  overrides.delete(name);
  return { overrides, added };
}
