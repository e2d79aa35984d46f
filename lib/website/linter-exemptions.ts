import { ContainerImage } from '../container-image';

/** Polaris exemption annotation for one check. */
export function polarisExempt(check: string): string {
  return `polaris.fairwinds.com/${check}-exempt`;
}

/** What decides the Deployment's linter exemptions. */
export interface DeploymentExemptionInputs {
  readonly priorityClassName?: string;
  readonly hasCpuLimit: boolean;
  readonly image: ContainerImage;
  readonly imagePullPolicy: string;
}

/**
 * Linter exemption annotations of the website's Deployment: only for checks that cannot fit a safe
 * default, each removed as soon as the user sets the value (README "Linters" explains each one).
 */
export function deploymentLinterExemptions(o: DeploymentExemptionInputs): Record<string, string> {
  const annotations: Record<string, string> = {};
  const kubeScoreIgnore: string[] = [];
  // A PriorityClass is cluster-scoped and may not exist: pods naming a missing one are rejected.
  if (!o.priorityClassName) annotations[polarisExempt('priorityClassNotSet')] = 'true';
  // A CPU limit throttles a web server even while the node is idle; the request guarantees its share.
  if (!o.hasCpuLimit) annotations[polarisExempt('cpuLimitsMissing')] = 'true';
  if (o.image.floating && o.imagePullPolicy === 'Always') {
    // A mutable tag chosen on purpose and re-pulled on every start (e.g. `latest` rebuilt daily plus a
    // restart). The guardrail `mutable-image-tag` refuses it without Always.
    annotations[polarisExempt('tagNotSpecified')] = 'true';
    annotations['ignore-check.kube-linter.io/latest-tag'] = 'mutable tag re-pulled with imagePullPolicy Always';
    kubeScoreIgnore.push('container-image-tag');
  }
  if (o.image.digest && o.imagePullPolicy !== 'Always') {
    // A digest never changes: pulling it again on every start only adds a registry dependency.
    annotations[polarisExempt('pullPolicyNotAlways')] = 'true';
    kubeScoreIgnore.push('container-image-pull-policy');
  }
  if (kubeScoreIgnore.length > 0) annotations['kube-score/ignore'] = kubeScoreIgnore.join(',');
  return annotations;
}
