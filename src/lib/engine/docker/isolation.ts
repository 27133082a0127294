/**
 * The Docker host's netfilter on the packets it routes. Docker writes FORWARD, DOCKER-USER and
 * DOCKER-ISOLATION-STAGE-1/2 for every bridge network; with two of them, what one network sends
 * towards the other through the host is dropped. The lab hooks these tables into the host's
 * packet path once a second user network exists (before that the host routes nothing between
 * bridges), and refreshes them whenever networks come and go.
 */
import { dockerHostNetfilter } from '../kubeproxy/docker-host';
import { installDataPath } from '../kubeproxy/walk';
import type { Sim } from '../sim';
import type { DockerEngine } from './engine';

export function enforceDockerIsolation(docker: DockerEngine, sim: Sim): void {
  dockerHostNetfilter(docker, sim);
  installDataPath(docker.hostNet, sim, { kind: 'docker-host' });
}
