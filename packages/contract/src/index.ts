export * from './common.ts';
export * from './route.ts';
