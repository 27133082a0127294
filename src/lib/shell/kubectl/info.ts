import { type ResourceInfo, apiVersionOf, resourceId } from '../../engine/k8s/resources';
import { connect } from './connection';
import { type Verb, isResult, openSession } from './context';
import { failWith, plain } from './errors';
import { printJson, printYaml, renderTable } from './print';

/** version, cluster-info, api-resources, api-versions: what kubectl reads from discovery. */

export const CLIENT_VERSION = 'v1.31.0';
export const KUSTOMIZE_VERSION = 'v5.4.2';

/** The server's gitVersion: the kindest/node image tag the control-plane runs. */
function serverVersion(image: string): string {
  const tag = image.split(':').pop() ?? '';
  return /^v\d+\.\d+\.\d+/.test(tag) ? tag.split('@')[0] : CLIENT_VERSION;
}

/** version.Info as kubectl -o json/yaml prints it (build details of the v1.31.0 release). */
function versionInfo(v: string) {
  const [major, minor] = v.slice(1).split('.');
  return {
    major,
    minor,
    gitVersion: v,
    gitCommit: '9edcffcde5595e8a5b1a35f88c421764e575afce',
    gitTreeState: 'clean',
    buildDate: '2024-08-13T07:28:49Z',
    goVersion: 'go1.22.5',
    compiler: 'gc',
    platform: 'linux/amd64'
  };
}

const versionVerb: Verb = {
  name: 'version',
  short: 'Print the client and server version information',
  usage: 'kubectl version [flags] [options]',
  flags: [
    { name: 'client', type: 'bool' },
    { name: 'output', short: 'o', type: 'string' }
  ],
  async run(inv) {
    const fmt = inv.flags.str('output');
    if (fmt && fmt !== 'json' && fmt !== 'yaml') return failWith(plain(`--output must be 'yaml' or 'json'`));
    const client = inv.flags.bool('client');
    let server: string | null = null;
    let stderr = '';
    if (!client) {
      const conn = await connect(inv.sh, inv.flags.str('context'), { discovery: false });
      if ('error' in conn) return failWith(plain(conn.error));
      if (conn.ok) server = serverVersion(conn.cluster.controlPlane().image);
      else stderr = conn.stderr;
    }
    let stdout: string;
    if (fmt) {
      const data: Record<string, unknown> = { clientVersion: versionInfo(CLIENT_VERSION), kustomizeVersion: KUSTOMIZE_VERSION };
      if (server) data.serverVersion = versionInfo(server);
      stdout = fmt === 'json' ? printJson(data) : printYaml(data);
    } else {
      stdout = `Client Version: ${CLIENT_VERSION}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`;
      if (server) stdout += `Server Version: ${server}\n`;
    }
    return { stdout, stderr, exitCode: stderr ? 1 : 0 };
  }
};

const DUMP_HINT = "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";

const clusterInfoVerb: Verb = {
  name: 'cluster-info',
  short: 'Display cluster information',
  usage: 'kubectl cluster-info [flags] [options]',
  flags: [],
  async run(inv) {
    if (inv.args[0] === 'dump') return failWith(plain('"kubectl cluster-info dump" is not available in this lab'));
    const s = await openSession(inv);
    // kubectl prints the hint even when it could not reach the server (a deferred print).
    if (isResult(s)) return { ...s, stdout: DUMP_HINT };
    // The words are coloured on a terminal (green/yellow); plain text here.
    let out = `Kubernetes control plane is running at ${s.server}\n`;
    for (const svc of s.api.list('services', 'kube-system')) {
      const l = svc.metadata.labels ?? {};
      if (l['kubernetes.io/cluster-service'] !== 'true') continue;
      const name = l['kubernetes.io/name'] ?? svc.metadata.name;
      const ports = ((svc.spec as { ports?: { name?: string }[] } | undefined)?.ports ?? []).map((p) => p.name ?? '');
      const port = ports[0] ? `:${ports[0]}` : '';
      out += `${name} is running at ${s.server}/api/v1/namespaces/kube-system/services/${svc.metadata.name}${port}/proxy\n`;
    }
    return { stdout: out + DUMP_HINT, stderr: '', exitCode: 0 };
  }
};

function groupVersion(r: ResourceInfo): string {
  return apiVersionOf(r);
}

const apiResourcesVerb: Verb = {
  name: 'api-resources',
  short: 'Print the supported API resources on the server',
  usage: 'kubectl api-resources [flags] [options]',
  flags: [
    { name: 'namespaced', type: 'bool', def: true },
    { name: 'api-group', type: 'string' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'no-headers', type: 'bool' },
    { name: 'sort-by', type: 'string' },
    { name: 'verbs', type: 'stringSlice' },
    { name: 'cached', type: 'bool' },
    { name: 'categories', type: 'stringSlice' }
  ],
  async run(inv) {
    const f = inv.flags;
    const fmt = f.str('output');
    if (fmt && fmt !== 'wide' && fmt !== 'name') return failWith(plain(`--output ${fmt} is not available`));
    const sortBy = f.str('sort-by');
    if (sortBy && sortBy !== 'name' && sortBy !== 'kind') return failWith(plain(`--sort-by accepts only name or kind`));
    const s = await openSession(inv);
    if (isResult(s)) return s;
    let list = [...s.api.registry.all()];
    if (f.changed('namespaced')) list = list.filter((r) => r.namespaced === f.bool('namespaced'));
    if (f.changed('api-group')) list = list.filter((r) => r.group === f.str('api-group'));
    const key = (r: ResourceInfo) => (sortBy === 'name' ? r.plural : sortBy === 'kind' ? r.kind : r.group);
    // apiresources.go: by group (or the --sort-by field), then by resource name.
    list.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0));
    if (fmt === 'name') return { stdout: list.map((r) => `${resourceId(r)}\n`).join(''), stderr: '', exitCode: 0 };
    const headers = ['Name', 'Shortnames', 'Apiversion', 'Namespaced', 'Kind'];
    const rows = list.map((r) => [r.plural, r.shortNames.join(','), groupVersion(r), String(r.namespaced), r.kind]);
    return { stdout: renderTable({ headers, rows }, { noHeaders: f.bool('no-headers') }), stderr: '', exitCode: 0 };
  }
};

const apiVersionsVerb: Verb = {
  name: 'api-versions',
  short: 'Print the supported API versions on the server, in the form of "group/version"',
  usage: 'kubectl api-versions [flags] [options]',
  flags: [],
  async run(inv) {
    const s = await openSession(inv);
    if (isResult(s)) return s;
    const set = new Set<string>();
    for (const r of s.api.registry.all()) for (const v of r.versions?.length ? r.versions : [r.version]) set.add(apiVersionOf(r, v));
    return { stdout: [...set].sort().map((v) => v + '\n').join(''), stderr: '', exitCode: 0 };
  }
};

/** `kubectl top`: needs metrics-server, which a kind cluster does not run. */
const topVerb: Verb = {
  name: 'top',
  short: 'Display resource (CPU/memory) usage',
  usage: 'kubectl top [flags] [options]',
  flags: [
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'containers', type: 'bool' },
    { name: 'no-headers', type: 'bool' },
    { name: 'sort-by', type: 'string' }
  ],
  async run(inv) {
    const s = await openSession(inv);
    if (isResult(s)) return s;
    return failWith(plain('Metrics API not available'));
  }
};

export const infoVerbs: Verb[] = [versionVerb, clusterInfoVerb, apiResourcesVerb, apiVersionsVerb, topVerb];
