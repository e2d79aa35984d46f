import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

const root = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

describe('README example', () => {
  const block = /## Example\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  const file = fs.readFileSync(path.join(root, 'examples', 'readme-example.ts'), 'utf8');

  test('is examples/readme-example.ts (type-checked by npm run typecheck), but for the import path', () => {
    expect(typeof block).toBe('string');
    const body = file.split('\n').slice(1).join('\n').replace("from '../lib'", "from 'cdk8s-zero-downtime'");
    expect(body).toBe(block);
  });

  test('renders the two sites it describes', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-example-'));
    try {
      // Run as a user runs it (its module body builds the app and calls app.synth()), in this process.
      const previous = process.env.CDK8S_OUTDIR;
      process.env.CDK8S_OUTDIR = out;
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        jest.isolateModules(() => require('../examples/readme-example'));
      } finally {
        if (previous === undefined) delete process.env.CDK8S_OUTDIR;
        else process.env.CDK8S_OUTDIR = previous;
      }
      const docs = parseAllDocuments(fs.readFileSync(path.join(out, 'gethue.k8s.yaml'), 'utf8')).map((d) => d.toJSON());
      const deployments = docs.filter((d) => d.kind === 'Deployment').map((d) => d.metadata.name).sort();
      expect(deployments).toEqual(['docs', 'website']);
      expect(docs.find((d) => d.kind === 'Service' && d.metadata.name === 'website').spec.ports[0].nodePort).toBe(31000);
      expect(docs.find((d) => d.kind === 'CronJob').metadata.name).toBe('website-restart');
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
