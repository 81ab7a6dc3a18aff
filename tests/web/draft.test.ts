// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { clearDraft, loadDraft, saveDraft } from '../../web/src/lib/draft';

afterEach(() => sessionStorage.clear());

describe('a form’s draft (web/src/lib/draft.ts)', () => {
  it('keeps typed text and ids, and gives them back until cleared', () => {
    saveDraft('invite-draft:/admin/users', { name: 'Dee Raft', role: 'DISTRICT_LEAD', districtId: 'RGlzdHJpY3Q6MQ==' });
    expect(loadDraft('invite-draft:/admin/users')).toEqual({
      name: 'Dee Raft',
      role: 'DISTRICT_LEAD',
      districtId: 'RGlzdHJpY3Q6MQ==',
    });
    clearDraft('invite-draft:/admin/users');
    expect(loadDraft('invite-draft:/admin/users')).toBeNull();
  });

  it('never keeps a password, at any depth', () => {
    saveDraft('some-form', {
      email: 'a@demo.test',
      password: 'hunter22',
      newPassword: 'x',
      nested: { currentPassword: 'y', keep: 'z' },
      rows: [{ password: 'p', name: 'n' }],
    });
    const raw = sessionStorage.getItem('some-form')!;
    expect(raw).not.toMatch(/hunter22|password/i);
    expect(loadDraft('some-form')).toEqual({ email: 'a@demo.test', nested: { keep: 'z' }, rows: [{ name: 'n' }] });
  });
});
