import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoCdApplication, SyncOption } from '../lib';

/** The Git repository holding this project (and so the rendered `dist/`). Change it to yours. */
export const GITOPS_REPO_URL = 'https://git.example.com/platform/websites.git';

/** Props of `ArgoCdApplications`. */
export interface ArgoCdApplicationsProps extends ChartProps {
  /** The charts to deliver; each gets one Application syncing its own `dist/<chart>.k8s.yaml`. */
  readonly charts: Chart[];
  /** @default GITOPS_REPO_URL */
  readonly repoUrl?: string;
  /** @default 'main' */
  readonly targetRevision?: string;
}

/**
 * The rendered-manifests flow: CI runs `npm run synth` (`cdk8s-zero-downtime synth`) and commits
 * `dist/`; Argo CD syncs each chart's file into its namespace, creating the namespace on the first sync. One Application per chart, so a broken site never blocks the others' syncs.
 */
export class ArgoCdApplications extends Chart {
  /** The Applications, by chart id. */
  public readonly applications: Record<string, ArgoCdApplication> = {};

  constructor(scope: Construct, id: string, props: ArgoCdApplicationsProps) {
    const { charts, repoUrl, targetRevision, ...chartProps } = props;
    super(scope, id, { disableResourceNameHashes: true, ...chartProps });
    for (const chart of charts) {
      const name = chart.node.id;
      this.applications[name] = new ArgoCdApplication(this, name, {
        repoUrl: repoUrl ?? GITOPS_REPO_URL,
        targetRevision: targetRevision ?? 'main',
        path: 'dist',
        include: `${name}.k8s.yaml`,
        destinationNamespace: chart.namespace ?? 'default',
        // The defaults (CreateNamespace=true, PruneLast=true) and server-side apply.
        extraSyncOptions: [SyncOption.SERVER_SIDE_APPLY],
      });
    }
  }
}
