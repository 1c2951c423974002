import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { brokerStaff, notifyPartyStaff, operatorStaff } from '../test/fixtures.ts';
import { renderPortal } from '../test/render.tsx';

describe('portal routes', () => {
  it('takes broker staff from / to their entries', async () => {
    const { router } = renderPortal('/', brokerStaff(), () => ({ data: { entries: null } }));
    await screen.findByRole('heading', { level: 1, name: 'Entry summaries' });
    expect(router.state.location.pathname).toBe('/entries');
  });

  it('takes an operator from / to the review queue, and shows what it may do on its account page', async () => {
    const { router, user } = renderPortal('/', operatorStaff(), () => ({
      data: { reviewQueue: { __typename: 'ReviewQueuePage', nextCursor: null, items: [] } },
    }));
    await screen.findByRole('heading', { level: 1, name: 'Review queue' });
    expect(router.state.location.pathname).toBe('/review-queue');
    const navigation = screen.getByRole('navigation', { name: 'Main' });
    expect(
      within(navigation)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['Review queue', 'Processing']);
    await user.click(screen.getByRole('link', { name: /Your account/ }));
    await screen.findByRole('heading', { level: 1, name: 'Your account' });
    expect(router.state.location.pathname).toBe('/account');
    const permissions = within(screen.getByTestId('permissions')).getAllByRole('listitem');
    expect(permissions.map((item) => item.textContent)).toContain('Run the processing cycle');
    const facts = screen.getByRole('region', { name: 'Signed in as' });
    expect(within(facts).getByText('Organization').nextSibling?.textContent).toBe('CBP Operations');
  });

  it('shows a not-found page for an unknown address, with the header still there', async () => {
    renderPortal('/no-such-page', notifyPartyStaff());
    expect((await screen.findByTestId('not-found')).textContent).toContain('This page does not exist');
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to your start page' }).getAttribute('href')).toBe('/');
  });

  it('signs out from the header', async () => {
    const { signOut, user } = renderPortal('/account', notifyPartyStaff());
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(signOut).toHaveBeenCalledOnce();
  });

  it('offers a skip link that moves focus to the page content', async () => {
    const { user } = renderPortal('/account', notifyPartyStaff());
    await screen.findByRole('heading', { level: 1, name: 'Your account' });
    await user.tab();
    const skip = screen.getByRole('button', { name: 'Skip to main content' });
    expect(document.activeElement).toBe(skip);
    await user.keyboard('{Enter}');
    expect(document.activeElement).toBe(screen.getByRole('main'));
  });
});
