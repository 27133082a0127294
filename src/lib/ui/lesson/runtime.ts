/**
 * Everything a lesson page needs once the lab runs: the session (engine, shell, just-bash), the
 * goal checks and the command splitter. Loaded with `import()` after first paint, so the
 * lesson's text never waits for it.
 */
export { LabSession } from '../lab-session';
export { evaluateLesson, latchProgress } from '../../../lessons/goals';
export { trackLesson } from '../../../lessons/journal';
export { splitCommands } from '../../shell/split';

// `lab:engine-imported` (for `npm run bench:page`) is marked by ../lab-session, imported above.
