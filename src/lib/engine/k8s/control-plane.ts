import { installAdmission } from './admission';
import { bootstrapCluster } from './bootstrap';
import type { KindCluster } from './cluster';
import { DaemonSetController } from './controllers/daemonset';
import { DeploymentController } from './controllers/deployment';
import { EndpointsController } from './controllers/endpoints';
import { EndpointSliceController } from './controllers/endpointslice';
import { NodeIpamController } from './controllers/node-ipam';
import { NodeLifecycleController } from './controllers/node-lifecycle';
import { ReplicaSetController } from './controllers/replicaset';
import { ServiceAccountController } from './controllers/serviceaccount';
import { TaintEvictionController } from './controllers/taint-eviction';
import { KubeScheduler } from './scheduler';

/**
 * Wire the control-plane of a kind cluster: the API server's admission chain, kubeadm's
 * bootstrap objects (created the first time the API server answers), kube-scheduler and the
 * kube-controller-manager controllers.
 */
export function installControlPlane(cluster: KindCluster): void {
  installAdmission(cluster);
  let bootstrapped = false;
  cluster.onApiAvailability((up) => {
    if (up && !bootstrapped) {
      bootstrapped = true;
      bootstrapCluster(cluster);
    }
  });
  cluster.addController(new NodeIpamController(cluster));
  cluster.addController(new NodeLifecycleController(cluster));
  cluster.addController(new TaintEvictionController(cluster));
  cluster.addController(new KubeScheduler(cluster));
  cluster.addController(new DeploymentController(cluster));
  cluster.addController(new ReplicaSetController(cluster));
  cluster.addController(new DaemonSetController(cluster));
  cluster.addController(new EndpointSliceController(cluster));
  cluster.addController(new EndpointsController(cluster));
  cluster.addController(new ServiceAccountController(cluster));
}
