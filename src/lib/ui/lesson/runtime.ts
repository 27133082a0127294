/**
 * Everything a lesson page needs once the lab runs: the session (engine, shell, just-bash), the
 * goal checks and the command splitter. Loaded with `import()` after first paint, so the
 * lesson's text never waits for it.
 */
export { LabSession } from '../lab-session';
export { evaluateLesson, latchProgress } from '../../../lessons/goals';
export { trackLesson } from '../../../lessons/journal';
export { splitCommands } from '../../shell/split';

// For `npm run bench:page`: the engine's code has arrived and run; the lab build starts now.
if (typeof performance !== 'undefined' && typeof performance.mark === 'function') performance.mark('lab:engine-imported');
