// Small DOM and language helpers the signed-in pages share (agent.js, dashboard.js).
import { OUTCOME_LABELS } from './outcome-codes.js';

export const byId = (id) => document.getElementById(id);

export const element = (tag, text, className) => {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
};

/** The page's `t(key, ...args)`: its own words in the current language, then the outcome labels, else the key. */
export const translator =
  (text, currentLanguage) =>
  (key, ...args) => {
    const language = currentLanguage();
    const value = text[language][key] ?? OUTCOME_LABELS[key]?.[language] ?? key;
    return typeof value === 'function' ? value(...args) : value;
  };

/** The locale numbers and dates are written in. */
export const localeOf = (language) => (language === 'de' ? 'de-AT' : 'en-GB');
