import { App } from 'cdk8s';
import { buildExampleApp } from './examples/app';

// The example app: the four ways our users deploy websites, plus their Argo CD Applications.
// `npm run synth` renders it into dist/ (atomically: a failing synth leaves dist/ as it was).
const app = new App();
buildExampleApp(app);
app.synth();
