export * from './accounts/index.ts';
export * from './audit.ts';
export * from './authorization.ts';
export * from './business-clock.ts';
export * from './business-clock-store.ts';
export * from './context.ts';
export * from './errors.ts';
export * from './processing.ts';
