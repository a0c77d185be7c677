export { type LoadDemoOptions, type LoadDemoResult, loadDemo } from './demo.service.ts';
export { DEMO_PASSWORD, DEMO_USERNAME, generateDemo } from './demo-generator.ts';
