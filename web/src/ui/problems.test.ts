import { describe, expect, it } from 'vitest';
import { splitProblems } from './problems.tsx';

describe('splitProblems', () => {
  it('puts the issues of the field next to it and the rest, with the summary, above the form', () => {
    const refusal = {
      message: 'The input has 2 problems.',
      issues: [
        { path: 'input.reason', message: 'Too short.' },
        { path: 'input.entryNumber', message: 'Not an entry number.' },
      ],
    };
    expect(splitProblems(refusal, 'reason')).toEqual({
      field: ['Too short.'],
      form: ['The input has 2 problems.', 'Not an entry number.'],
    });
    expect(
      splitProblems({ message: 'x', issues: [{ path: 'input.reason', message: 'Too short.' }] }, 'reason'),
    ).toEqual({ field: ['Too short.'], form: [] });
  });

  it('puts a refusal without issues above the form', () => {
    expect(splitProblems({ message: 'Not allowed now.' }, 'reason')).toEqual({
      field: [],
      form: ['Not allowed now.'],
    });
    // "treason" is another field: only a whole path segment matches.
    expect(
      splitProblems({ message: 'm', issues: [{ path: 'input.treason', message: 'No.' }] }, 'reason'),
    ).toEqual({
      field: [],
      form: ['m', 'No.'],
    });
  });
});
