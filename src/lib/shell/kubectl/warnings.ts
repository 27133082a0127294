import { warningsOf } from '../../engine/k8s/admission/warnings';
import type { Session } from './context';
import type { Output } from './errors';

/**
 * The API server's warning headers for the request that just succeeded (an unknown field a CRD
 * pruned …), printed by kubectl as `Warning: …` on stderr.
 */
export function printWarnings(s: Session, out: Output): void {
  for (const w of warningsOf(s.api)) out.err(`Warning: ${w}\n`);
}
