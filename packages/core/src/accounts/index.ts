// Accounts: ACH refund enrollment, Form 4811 designations, members and API tokens.
export * from './ach-encryption.ts';
export * from './ach-enrollment.ts';
export * from './ach-key-rotation.ts';
export * from './api-tokens.ts';
export * from './form-4811.ts';
export * from './members.ts';
