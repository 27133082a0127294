import { Lab, type ScenarioName } from '../../../src/lib/engine/lab';
import { LabShell } from '../../../src/lib/shell';
import type { CommandResult } from '../../../src/lib/shell/types';
import { PODS_APPLY } from '../../../src/lib/shell/article';

/** A fresh lab (the article's kind cluster by default) and a shell on it. */
export async function newShell(scenario: ScenarioName = 'kind', seed = 1): Promise<{ lab: Lab; sh: LabShell; run: (cmd: string) => Promise<CommandResult> }> {
  const lab = await Lab.create({ seed, scenario });
  const sh = new LabShell(lab);
  return { lab, sh, run: (cmd) => sh.run(cmd) };
}

/** The article's two web pods, as typed in the lab (heredoc piped into kubectl apply). */
export const WEBPODS = PODS_APPLY;

function svc(n: number): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: svc${n}
spec:
  ports:
    - name: svc${n}-webport
      port: 80
      targetPort: 80
  selector:
    app: webpod
  type: LoadBalancer`;
}

/** The article's three LoadBalancer services. */
export const SERVICES = `cat <<EOF | kubectl apply -f -
${svc(1)}
---
${svc(2)}
---
${svc(3)}
EOF`;
