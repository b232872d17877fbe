import { describe, expect, it } from 'vitest';
import { AgentDesk, type Draft, EMPTY_DRAFT, sameDraft } from '../../web/src/agent/desk.ts';

const AT = '2026-12-02T09:00:00.000Z';
const draft = (note: string): Draft => ({ ...EMPTY_DRAFT, codes: ['instalment_plan'], note });

describe('the agent desk', () => {
  it('keeps the contact a transferred call reached this agent on, and none for a direct one', () => {
    // Prepare
    const desk = new AgentDesk();
    // Act
    desk.apply({ kind: 'offered', contactId: 'initial-1', heldContactId: 'transfer-1', at: AT });
    desk.apply({ kind: 'connected', contactId: 'initial-1', heldContactId: 'transfer-1', at: AT });
    desk.apply({ kind: 'offered', contactId: 'direct-1', at: AT });
    // Assess
    expect(desk.heldContactOf('initial-1')).toBe('transfer-1');
    expect(desk.heldContactOf('direct-1')).toBeUndefined();
  });

  it('opens an offered contact at once while the screen holds no unsaved input', () => {
    // Prepare
    const desk = new AgentDesk();
    // Act
    const changed = desk.apply({ kind: 'offered', contactId: 'c-1', at: AT });
    // Assess
    expect(changed).toBe(true);
    expect(desk.view()).toMatchObject({ current: 'c-1', announced: [] });
  });

  it('announces a new contact instead of replacing a draft, and keeps each draft with its contact', () => {
    // Prepare: c-1 on screen with a draft
    const desk = new AgentDesk();
    desk.apply({ kind: 'offered', contactId: 'c-1', at: AT });
    desk.keepDraft('c-1', draft('Rate ab Jänner'));
    // Act
    const changed = desk.apply({ kind: 'offered', contactId: 'c-2', at: AT });
    // Assess
    expect(changed).toBe(false);
    expect(desk.view()).toMatchObject({ current: 'c-1', announced: ['c-2'] });
    // Act: the agent switches on purpose and back
    desk.show('c-2');
    const onSecond = desk.draftOf('c-2');
    desk.show('c-1');
    // Assess
    expect(onSecond).toBeUndefined();
    expect(desk.draftOf('c-1')?.note).toBe('Rate ab Jänner');
    expect(desk.view().announced).toEqual([]);
  });

  it('keeps a cleared contact with an unsaved draft until it is saved, then lets it go', () => {
    // Prepare
    const desk = new AgentDesk();
    desk.apply({ kind: 'connected', contactId: 'c-1', at: AT });
    desk.keepDraft('c-1', draft('Notiz'));
    // Act: the workspace clears the contact while the draft is unsaved
    const clearedChanged = desk.apply({ kind: 'cleared', contactId: 'c-1' });
    // Assess: still on screen, ended
    expect(clearedChanged).toBe(false);
    expect(desk.view().contacts).toMatchObject([{ contactId: 'c-1', state: 'ended', cleared: true }]);
    // Act: saved
    desk.saved('c-1');
    const dismissed = desk.dismissIfCleared('c-1');
    // Assess
    expect(dismissed).toBe(true);
    expect(desk.view()).toMatchObject({ current: undefined, contacts: [] });
  });

  it('moves to the announced contact when the one on screen is cleared', () => {
    // Prepare
    const desk = new AgentDesk();
    desk.apply({ kind: 'connected', contactId: 'c-1', at: AT });
    desk.keepDraft('c-1', draft('x'));
    desk.apply({ kind: 'offered', contactId: 'c-2', at: AT });
    desk.saved('c-1');
    // Act
    const changed = desk.apply({ kind: 'cleared', contactId: 'c-1' });
    // Assess
    expect(changed).toBe(true);
    expect(desk.view()).toMatchObject({ current: 'c-2', announced: [] });
  });

  it('treats a form that says what is stored as no draft', () => {
    // Assess
    expect(sameDraft(draft(' a '), { ...draft('a'), codes: ['instalment_plan'] })).toBe(true);
    expect(sameDraft(draft('a'), draft('b'))).toBe(false);
  });
});
