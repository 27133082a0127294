import type { Verb } from './context';
import { annotateVerb, labelVerb } from './label';
import { applyVerb } from './apply';
import { configVerb } from './config';
import { cordonVerb, uncordonVerb } from './cordon';
import { createVerb } from './create';
import { deleteVerb } from './delete';
import { describeVerb } from './describe';
import { eventsVerb } from './events';
import { execVerb } from './exec';
import { exposeVerb } from './expose';
import { getVerb } from './get';
import { infoVerbs } from './info';
import { logsVerb } from './logs';
import { patchVerb } from './patch';
import { rolloutVerb } from './rollout';
import { runVerb } from './run';
import { scaleVerb } from './scale';
import { waitVerb } from './wait';

/** Every kubectl command the lab implements. */
export const VERBS: Verb[] = [
  annotateVerb,
  applyVerb,
  configVerb,
  cordonVerb,
  createVerb,
  deleteVerb,
  describeVerb,
  eventsVerb,
  execVerb,
  exposeVerb,
  getVerb,
  ...infoVerbs,
  labelVerb,
  logsVerb,
  patchVerb,
  rolloutVerb,
  runVerb,
  scaleVerb,
  uncordonVerb,
  waitVerb
];
