const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * What a caller hears of an SSML prompt: its text without the markup. Breaks and paragraph or
 * sentence ends become a space, the other tags vanish, the XML entities are decoded.
 */
export const ssmlToText = (ssml: string): string =>
  ssml
    .replace(/<\s*(?:break\b[^>]*|\/\s*(?:p|s)\s*)>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(?:#(\d+)|#x([0-9a-f]+)|([a-z]+));/gi, (entity, decimal, hex, name) => {
      if (decimal !== undefined) return String.fromCodePoint(Number(decimal));
      if (hex !== undefined) return String.fromCodePoint(Number.parseInt(hex, 16));
      return ENTITIES[String(name).toLowerCase()] ?? entity;
    })
    .replace(/\s+/g, ' ')
    .trim();
