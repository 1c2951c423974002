import { describe, expect, it } from 'vitest';
import { parseGenerateDataArguments } from './arguments.ts';

describe('parseGenerateDataArguments', () => {
  it('reads every option, in both spellings, ignoring a forwarded "--"', () => {
    expect(
      parseGenerateDataArguments([
        '--',
        '--entries',
        '1000000',
        '--seed=0',
        '--brokers',
        '5',
        '--importers-per-broker',
        '20',
        '--reference-date',
        '2026-04-20',
        '--constraints',
        'keep',
      ]),
    ).toEqual({
      entries: 1_000_000,
      seed: 0,
      brokers: 5,
      importersPerBroker: 20,
      referenceDate: '2026-04-20',
      constraintStrategy: 'keep',
    });
  });

  it.each([
    [['--entries', 'abc'], '--entries must be a positive integer, got "abc"'],
    [['--entries', '0'], '--entries must be a positive integer, got "0"'],
    [['--entries', '1.5'], '--entries must be a positive integer, got "1.5"'],
    [['--entries', '-3'], '--entries must be a positive integer, got "-3"'],
    [['--entries'], '--entries needs a value'],
    [[], '--entries is required'],
    [['--entries', '10', '--seed', 'x'], '--seed must be a whole number >= 0, got "x"'],
    [['--entries', '10', '--brokers', '0'], '--brokers must be a positive integer, got "0"'],
    [
      ['--entries', '10', '--reference-date', '2026-02-30'],
      '--reference-date must be a date like 2026-11-23',
    ],
    [['--entries', '10', '--constraints', 'fast'], '--constraints must be auto, keep or rebuild'],
    [['--entries', '10', '--frobnicate', '1'], 'Unknown option --frobnicate'],
    [['--entries', '10', '--entries', '20'], '--entries is given twice'],
    [['10'], 'Unexpected argument "10"'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseGenerateDataArguments(argv)).toThrow(message);
  });
});
