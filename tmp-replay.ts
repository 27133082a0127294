import { lessonBySlug } from './src/lessons';
import { replayLesson } from './tests/unit/lessons/replay-helpers';
const keep = setInterval(() => {}, 1000);
async function main() {
  const t0 = Date.now();
  const r = await replayLesson(lessonBySlug('11-bgp-mode')!);
  console.log(r.transcript.split('\n').filter((l) => !l.startsWith('  ') || true).join('\n').slice(-9000));
  for (const s of r.steps) console.log(s.step, 'before', s.missingBefore, 'missing', s.missing, 'failed', JSON.stringify(s.failed));
  console.log('ms', Date.now() - t0);
  clearInterval(keep);
}
main().catch((e) => { console.error('ERR', e); process.exit(1); });
