/** @cape/domain: CAPE's rules as pure functions and versioned data. No I/O. */
export * from './aba-routing';
export * from './calendar-date';
export * from './chapter99';
export * from './claim-number';
export * from './eligibility';
export * from './eligibility-reasons';
export * from './entry';
export * from './entry-number';
export * from './filer-code';
export * from './ieepa-headings';
export * from './importer-number';
export * from './interest';
export * from './liquidation-calendar';
export * from './overpayment-rates';
export * from './refund';
export * from './result';
export * from './rule-sets';
