import type { KObject } from '../../../../engine/k8s/types';
import { translateTimestampSince } from '../duration';
import { arr, path, rec, str } from '../util';
import { col, type KindPrinter, type RowContext } from './types';

const age = (o: KObject, ctx: RowContext) => translateTimestampSince(o.metadata.creationTimestamp, ctx.nowMs);

/** rbac.SubjectsStrings: users, groups, "namespace/name" service accounts. */
export function subjectsStrings(o: KObject): { users: string[]; groups: string[]; sas: string[] } {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of arr(path(o, 'subjects'))) {
    const r = rec(s) ?? {};
    switch (str(r.kind)) {
      case 'User':
        users.push(str(r.name));
        break;
      case 'Group':
        groups.push(str(r.name));
        break;
      case 'ServiceAccount':
        sas.push(`${str(r.namespace)}/${str(r.name)}`);
        break;
    }
  }
  return { users, groups, sas };
}

export const roleBindingPrinter: KindPrinter = {
  columns: [col('Name'), col('Role'), col('Age'), col('Users', 1), col('Groups', 1), col('ServiceAccounts', 1)],
  cells(o, ctx) {
    const { users, groups, sas } = subjectsStrings(o);
    const role = `${str(path(o, 'roleRef', 'kind'))}/${str(path(o, 'roleRef', 'name'))}`;
    return [o.metadata.name, role, age(o, ctx), users.join(', '), groups.join(', '), sas.join(', ')];
  }
};

export const leasePrinter: KindPrinter = {
  columns: [col('Name'), col('Holder'), col('Age')],
  cells: (o, ctx) => [o.metadata.name, str(path(o, 'spec', 'holderIdentity')), age(o, ctx)]
};

export const storageClassPrinter: KindPrinter = {
  columns: [col('Name'), col('Provisioner'), col('ReclaimPolicy'), col('VolumeBindingMode'), col('AllowVolumeExpansion'), col('Age')],
  cells(o, ctx) {
    const ann = o.metadata.annotations ?? {};
    const isDefault =
      ann['storageclass.kubernetes.io/is-default-class'] === 'true' || ann['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
    const name = isDefault ? `${o.metadata.name} (default)` : o.metadata.name;
    const l = rec(o) ?? {};
    const expansion = l.allowVolumeExpansion === true;
    return [name, str(l.provisioner), str(l.reclaimPolicy) || 'Delete', str(l.volumeBindingMode) || 'Immediate', String(expansion), age(o, ctx)];
  }
};

export const webhookConfigurationPrinter: KindPrinter = {
  columns: [col('Name'), col('Webhooks'), col('Age')],
  cells: (o, ctx) => [o.metadata.name, String(arr(path(o, 'webhooks')).length), age(o, ctx)]
};
