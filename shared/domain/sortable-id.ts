/**
 * Ids that sort by the time they were made and do not collide in practice:
 * `20261125T091500123Z-k3f9` (read-model generations, import folders).
 */
export const sortableId = (at: Date): string =>
  `${at.toISOString().replace(/[-:.]/g, '')}-${Math.random().toString(36).slice(2, 6)}`;
