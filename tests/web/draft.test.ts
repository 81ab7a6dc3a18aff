// @vitest-environment jsdom
import { createRoot, createSignal } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import { clearDraft, keepDraft, loadDraft, saveDraft } from '../../web/src/lib/draft';

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

  it('keepDraft keeps the form while it differs from how it started, and none once it is back', () => {
    const key = 'invite-draft:/admin/users';
    // A draft left from before: the form opens untouched, so it is not kept.
    saveDraft(key, { name: 'Old' });
    const [name, setName] = createSignal('');
    const [blankRole, setBlankRole] = createSignal('LINK_WORKER');
    const [role, setRole] = createSignal('LINK_WORKER');
    const dispose = createRoot((dispose) => {
      keepDraft(
        key,
        () => ({ name: name(), role: role(), password: 'hunter22' }),
        () => ({ name: '', role: blankRole(), password: 'hunter22' }),
      );
      return dispose;
    });
    expect(loadDraft(key)).toBeNull();
    setName('Dee Raft');
    expect(loadDraft(key)).toEqual({ name: 'Dee Raft', role: 'LINK_WORKER' });
    setRole('ADMIN');
    expect(loadDraft(key)).toEqual({ name: 'Dee Raft', role: 'ADMIN' });
    setName('');
    expect(loadDraft(key)).toEqual({ name: '', role: 'ADMIN' });
    // As it started again (here the start moved to meet the values): no draft.
    setBlankRole('ADMIN');
    expect(loadDraft(key)).toBeNull();
    setRole('LINK_WORKER');
    expect(loadDraft(key)).toEqual({ name: '', role: 'LINK_WORKER' });
    setRole('ADMIN');
    expect(loadDraft(key)).toBeNull();
    // Once the form is gone nothing more is written.
    dispose();
    setName('After');
    expect(loadDraft(key)).toBeNull();
  });
});
