/**
 * Object-name rules of the API server, per kind (apimachinery validation): most kinds need a
 * DNS-1123 subdomain, Services a DNS-1035 label, Namespaces a DNS-1123 label, and RBAC objects
 * only a path segment (so `metallb-system:controller` is a valid ClusterRole name).
 */
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_1123_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const LABEL_1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

const PATH_SEGMENT_KINDS = new Set(['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding']);

/** The detail messages for a bad name ([] when the name is valid for this kind). */
export function nameErrors(kind: string, name: string): string[] {
  if (PATH_SEGMENT_KINDS.has(kind)) {
    if (name === '.' || name === '..') return [`may not be '${name}'`];
    if (name.includes('/')) return ["may not contain '/'"];
    if (name.includes('%')) return ["may not contain '%'"];
    return [];
  }
  const errs: string[] = [];
  if (kind === 'Service') {
    if (name.length > 63) errs.push('must be no more than 63 characters');
    if (!LABEL_1035.test(name)) errs.push(LABEL_1035_MSG);
  } else if (kind === 'Namespace') {
    if (name.length > 63) errs.push('must be no more than 63 characters');
    if (!LABEL_1123.test(name)) errs.push(LABEL_1123_MSG);
  } else {
    if (name.length > 253) errs.push('must be no more than 253 characters');
    if (!SUBDOMAIN.test(name)) errs.push(SUBDOMAIN_MSG);
  }
  return errs;
}

/** The field error kubectl shows: `metadata.name: Invalid value: "x": <detail>`. */
export function nameFieldErrors(kind: string, name: string): string[] {
  return nameErrors(kind, name).map((d) => `metadata.name: Invalid value: ${JSON.stringify(name)}: ${d}`);
}
