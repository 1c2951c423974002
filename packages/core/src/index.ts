export * from './business-clock.ts';
export * from './context.ts';
