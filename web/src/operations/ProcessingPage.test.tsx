import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { operatorStaff } from '../test/fixtures.ts';
import { operationName } from '../test/mock-client.ts';
import { renderPortal } from '../test/render.tsx';
import { PROGRESS_POLL_MS } from './ProcessingPage.tsx';

function stage(
  name: string,
  workItems: number,
  workItemsDone: number,
  plannedRows: number,
  processedRows: number,
) {
  return {
    __typename: 'ProcessingStageProgress',
    stage: name,
    workItems,
    workItemsDone,
    plannedRows,
    processedRows,
  };
}

function cycle(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'ProcessingCycle',
    id: '7',
    throughDate: '2026-04-30',
    status: 'SUCCEEDED',
    stage: null,
    requestedBy: 'operator',
    error: null,
    createdAt: '2026-04-30T14:00:00.000Z',
    startedAt: '2026-04-30T14:00:01.000Z',
    finishedAt: '2026-04-30T14:02:00.000Z',
    stages: [
      stage('MASS_PROCESSING', 4, 4, 12_000, 12_000),
      stage('LIQUIDATION', 2, 2, 800, 800),
      stage('CONSOLIDATION', 1, 1, 120, 120),
      stage('PAYMENT', 0, 0, 0, 0),
    ],
    ...overrides,
  };
}

describe('ProcessingPage', () => {
  it('shows each cycle stage by stage', async () => {
    renderPortal('/processing', operatorStaff(), () => ({ data: { processingCycles: [cycle()] } }));
    const cycles = await screen.findByTestId('cycles');
    const card = within(cycles).getByRole('listitem', { name: 'Through Apr 30, 2026' });
    expect(card.textContent).toContain('Succeeded');
    expect(
      within(card).getByRole('progressbar', { name: 'Mass processing: 4 of 4 parts done' }),
    ).toBeTruthy();
    expect(card.textContent).toContain('12,000 of 12,000 rows');
    expect(card.textContent).toContain('Nothing to do yet');
  });

  it('asks for progress again while a cycle runs, and stops when it is done', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      let calls = 0;
      renderPortal('/processing', operatorStaff(), (operation) => {
        if (operationName(operation) !== 'ProcessingCycles') return { errors: [{ message: 'unexpected' }] };
        calls += 1;
        return {
          data: {
            processingCycles: [
              calls < 3
                ? cycle({ status: 'RUNNING', stage: 'LIQUIDATION', finishedAt: null })
                : cycle({ status: 'SUCCEEDED' }),
            ],
          },
        };
      });
      await screen.findByText('Running');
      await vi.advanceTimersByTimeAsync(PROGRESS_POLL_MS);
      await vi.advanceTimersByTimeAsync(PROGRESS_POLL_MS);
      await screen.findByText('Succeeded');
      // A poll already under way when the cycle finished may still answer (real time advances too under
      // load); after one more period nothing may be asked any more.
      await vi.advanceTimersByTimeAsync(PROGRESS_POLL_MS);
      const settled = calls;
      await vi.advanceTimersByTimeAsync(PROGRESS_POLL_MS * 3);
      expect(calls).toBe(settled);
      expect(settled).toBeGreaterThanOrEqual(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('checks the through date before queuing, then queues a cycle up to it', async () => {
    const inputs: unknown[] = [];
    const { user } = renderPortal('/processing', operatorStaff(), (operation) => {
      if (operationName(operation) === 'RunProcessingCycle') {
        inputs.push(operation.variables);
        return {
          data: {
            runProcessingCycle: {
              __typename: 'RunProcessingCycleSuccess',
              cycle: cycle({ id: '8', status: 'QUEUED', startedAt: null, finishedAt: null }),
            },
          },
        };
      }
      return { data: { processingCycles: [] } };
    });
    expect((await screen.findByTestId('cycles-empty')).textContent).toContain('No processing cycle');
    const date = screen.getByLabelText('Through business date');
    // A date input only holds real dates; typed text that is not one reaches the check as it is.
    date.setAttribute('type', 'text');
    await user.type(date, '2026-02-30');
    await user.click(screen.getByRole('button', { name: 'Run cycle' }));
    expect(date.getAttribute('aria-invalid')).toBe('true');
    expect(inputs).toEqual([]);

    await user.clear(date);
    await user.type(date, '2026-05-15');
    await user.click(screen.getByRole('button', { name: 'Run cycle' }));
    await vi.waitFor(() => expect(inputs).toEqual([{ input: { throughDate: '2026-05-15' } }]));
  });

  it("shows the API's refusal of a cycle", async () => {
    const { user } = renderPortal('/processing', operatorStaff(), (operation) =>
      operationName(operation) === 'RunProcessingCycle'
        ? {
            data: {
              runProcessingCycle: {
                __typename: 'NotAllowedError',
                message: 'The business clock cannot move backwards.',
              },
            },
          }
        : { data: { processingCycles: [] } },
    );
    await user.click(await screen.findByRole('button', { name: 'Run cycle' }));
    expect((await screen.findByTestId('run-cycle-error')).textContent).toBe(
      'The business clock cannot move backwards.',
    );
  });
});
