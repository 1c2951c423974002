export * from './certification.ts';
export * from './declaration-file.ts';
export * from './declaration-records.ts';
export * from './file-declaration.ts';
