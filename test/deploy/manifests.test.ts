// The deployment files are code too: the Kubernetes manifests are rendered with kustomize and every object
// is checked against the Kubernetes API's own schemas (kubernetes-models), and what they ask of Tidepool —
// commands, flags, probe paths, the instance config, the image's entry point — is checked against Tidepool
// itself, so a renamed flag or route fails here rather than in a cluster.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { shutdownDeadlineMs } from '../../src/cli/process.js';
import { parseInstanceConfig } from '../../src/config/index.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const TIDEPOOL = path.join(ROOT, 'bin/tidepool.js');

type Manifest = { kind: string; metadata: { name: string; labels?: Record<string, string> }; [key: string]: unknown };

/** The validating model of each kind the base renders; a kind missing here fails the test. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  ConfigMap,
  Service,
  Deployment,
  PodDisruptionBudget,
};

let manifests: Manifest[];

beforeAll(async () => {
  const { stdout } = await run('kubectl', ['kustomize', path.join(ROOT, 'deploy/k8s')]);
  manifests = parseAllDocuments(stdout).map((document) => document.toJS() as Manifest);
});

function deployments(): Deployment[] {
  return manifests.filter((m) => m.kind === 'Deployment') as unknown as Deployment[];
}

async function helpOf(command: string): Promise<string> {
  const { stdout } = await run(process.execPath, [TIDEPOOL, command, '--help'], { cwd: ROOT });
  return stdout;
}

describe('Kubernetes manifests (deploy/k8s)', () => {
  it('render to API, daemon and worker deployments, a Service, disruption budgets and the config map', () => {
    const names = manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort();
    expect(names).toEqual(
      expect.arrayContaining([
        'Deployment/tidepool-api',
        'Deployment/tidepool-daemon',
        'Deployment/tidepool-worker',
        'Service/tidepool-api',
        'PodDisruptionBudget/tidepool-api',
        'PodDisruptionBudget/tidepool-worker',
      ]),
    );
    expect(names.some((name) => name.startsWith('ConfigMap/tidepool-config-'))).toBe(true);
  });

  it('validate against the Kubernetes API schemas', () => {
    for (const manifest of manifests) {
      const Model = MODELS[manifest.kind];
      expect(Model, `no schema model for kind ${manifest.kind}`).toBeDefined();
      expect(() => new Model!(manifest as never).validate(), `${manifest.kind}/${manifest.metadata.name}`).not.toThrow();
    }
  });

  it('ask each Tidepool command only for flags it has, and probe the routes it serves', async () => {
    for (const deployment of deployments()) {
      const podSpec = deployment.spec!.template.spec!;
      for (const container of podSpec.containers) {
        const [command, ...args] = container.args!;
        const help = await helpOf(command!);
        for (const flag of args.filter((arg) => arg.startsWith('--'))) expect(help, `${command} ${flag}`).toContain(flag);

        const portNames = new Set((container.ports ?? []).map((port) => port.name));
        for (const [probe, route] of [
          [container.readinessProbe, '/readyz'],
          [container.livenessProbe, '/healthz'],
        ] as const) {
          expect(probe?.httpGet?.path, `${deployment.metadata!.name} probe`).toBe(route);
          expect(portNames.has(String(probe!.httpGet!.port)), `${deployment.metadata!.name} probes a declared port`).toBe(true);
        }
        // A port given to a health or metrics flag is the port the container declares for it.
        for (const [flag, portName] of [
          ['--port', 'http'],
          ['--health-port', 'health'],
          ['--metrics-port', 'metrics'],
        ] as const) {
          const at = args.indexOf(flag);
          if (at === -1) continue;
          const declared = container.ports!.find((port) => port.name === portName);
          expect(declared?.containerPort, `${deployment.metadata!.name} ${flag}`).toBe(Number(args[at + 1]));
        }
        expect(container.securityContext?.allowPrivilegeEscalation).toBe(false);
      }
      expect(podSpec.securityContext?.runAsNonRoot).toBe(true);
    }
  });

  it('select their pods: the Service and every disruption budget match a deployment', () => {
    const podLabels = deployments().map((d) => d.spec!.template.metadata!.labels!);
    const matches = (selector: Record<string, string>) =>
      podLabels.some((labels) => Object.entries(selector).every(([key, value]) => labels[key] === value));
    for (const manifest of manifests) {
      if (manifest.kind === 'Service') expect(matches((manifest as unknown as Service).spec!.selector!)).toBe(true);
      if (manifest.kind === 'PodDisruptionBudget') {
        expect(matches((manifest as unknown as PodDisruptionBudget).spec!.selector!.matchLabels!)).toBe(true);
      }
    }
  });

  it('mount an instance config that Tidepool accepts, at the path the commands read', () => {
    const configMap = manifests.find((m) => m.kind === 'ConfigMap') as unknown as ConfigMap;
    const file = 'tidepool.yaml';
    expect(() => parseInstanceConfig(configMap.data![file]!, file)).not.toThrow();
    for (const deployment of deployments()) {
      const container = deployment.spec!.template.spec!.containers[0]!;
      const configPath = container.args![container.args!.indexOf('--config') + 1];
      const mount = container.volumeMounts!.find((volumeMount) => configPath!.startsWith(`${volumeMount.mountPath}/`));
      const volume = deployment.spec!.template.spec!.volumes!.find((v) => v.name === mount?.name);
      expect(volume?.configMap?.name, `${deployment.metadata!.name} mounts the config map`).toBe(configMap.metadata!.name);
      expect(path.basename(configPath!)).toBe(file);
    }
  });

  it('give each pod longer to stop than the process gives itself, so a drained worker is never killed mid-grace', () => {
    const configMap = manifests.find((m) => m.kind === 'ConfigMap') as unknown as ConfigMap;
    const config = parseInstanceConfig(configMap.data!['tidepool.yaml']!, 'tidepool.yaml');
    for (const deployment of deployments()) {
      const podSpec = deployment.spec!.template.spec!;
      const runsWorker = podSpec.containers[0]!.args![0] === 'worker';
      const deadlineSeconds = shutdownDeadlineMs(runsWorker ? config.runWorker.shutdownGraceSeconds * 1000 : 0) / 1000;
      expect(podSpec.terminationGracePeriodSeconds, deployment.metadata!.name).toBeGreaterThan(deadlineSeconds);
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

  it('runs the packaged command as a non-root user with a health check on /healthz', () => {
    const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    const [binName] = Object.keys(packageJson.bin);
    expect(dockerfile).toMatch(new RegExp(`^ENTRYPOINT \\["/app/node_modules/\\.bin/${binName}"\\]$`, 'm'));
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/healthz/m);
    // Multi-stage: the runtime stage starts from a fresh base, so the build's dev dependencies stay behind.
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
  });

  it('copies only files that exist, and serves the definitions path the manifests use', () => {
    const copies = [...dockerfile.matchAll(/^COPY (?!--from)(?:--\S+ )*(\S+) \S+$/gm)].map((match) => match[1]!);
    for (const source of copies.filter((s) => s !== '.')) expect(existsSync(path.join(ROOT, source)), source).toBe(true);
    for (const deployment of deployments()) {
      const args = deployment.spec!.template.spec!.containers[0]!.args!;
      expect(dockerfile).toContain(args[args.indexOf('--definitions') + 1]);
    }
  });
});
