import type { DaemonSet, Deployment, KObject, ReplicaSet } from '../../../../engine/k8s/types';
import { translateTimestampSince } from '../duration';
import { formatLabels, formatLabelSelector, selectorString } from '../labels';
import { num, path } from '../util';
import { col, containerCells, type KindPrinter, type RowContext } from './types';

const age = (o: KObject, ctx: RowContext) => translateTimestampSince(o.metadata.creationTimestamp, ctx.nowMs);

export const deploymentPrinter: KindPrinter<Deployment> = {
  columns: [col('Name'), col('Ready'), col('Up-to-date'), col('Available'), col('Age'), col('Containers', 1), col('Images', 1), col('Selector', 1)],
  cells(d: Deployment, ctx: RowContext): string[] {
    const [names, images] = containerCells(d.spec?.template?.spec?.containers);
    return [
      d.metadata.name,
      `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
      String(d.status?.updatedReplicas ?? 0),
      String(d.status?.availableReplicas ?? 0),
      age(d, ctx),
      names,
      images,
      selectorString(d.spec?.selector)
    ];
  }
};

export const replicaSetPrinter: KindPrinter<ReplicaSet> = {
  columns: [col('Name'), col('Desired'), col('Current'), col('Ready'), col('Age'), col('Containers', 1), col('Images', 1), col('Selector', 1)],
  cells(rs: ReplicaSet, ctx: RowContext): string[] {
    const [names, images] = containerCells(rs.spec?.template?.spec?.containers);
    return [
      rs.metadata.name,
      String(rs.spec?.replicas ?? 1),
      String(rs.status?.replicas ?? 0),
      String(rs.status?.readyReplicas ?? 0),
      age(rs, ctx),
      names,
      images,
      formatLabelSelector(rs.spec?.selector)
    ];
  }
};

export const daemonSetPrinter: KindPrinter<DaemonSet> = {
  columns: [
    col('Name'),
    col('Desired'),
    col('Current'),
    col('Ready'),
    col('Up-to-date'),
    col('Available'),
    col('Node Selector'),
    col('Age'),
    col('Containers', 1),
    col('Images', 1),
    col('Selector', 1)
  ],
  cells(ds: DaemonSet, ctx: RowContext): string[] {
    const [names, images] = containerCells(ds.spec?.template?.spec?.containers);
    const st = ds.status;
    return [
      ds.metadata.name,
      String(st?.desiredNumberScheduled ?? 0),
      String(st?.currentNumberScheduled ?? 0),
      String(st?.numberReady ?? 0),
      String(st?.updatedNumberScheduled ?? 0),
      String(st?.numberAvailable ?? 0),
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      age(ds, ctx),
      names,
      images,
      formatLabelSelector(ds.spec?.selector)
    ];
  }
};

export const statefulSetPrinter: KindPrinter = {
  columns: [col('Name'), col('Ready'), col('Age'), col('Containers', 1), col('Images', 1)],
  cells(o: KObject, ctx: RowContext): string[] {
    const containers = path(o, 'spec', 'template', 'spec', 'containers');
    const list = Array.isArray(containers) ? (containers as { name: string; image: string }[]) : [];
    const [names, images] = containerCells(list);
    const ready = num(path(o, 'status', 'readyReplicas')) ?? 0;
    const desired = num(path(o, 'spec', 'replicas')) ?? 1;
    return [o.metadata.name, `${ready}/${desired}`, age(o, ctx), names, images];
  }
};
