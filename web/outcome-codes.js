// The outcome codes of BRIEF.md with their German and English labels (GLOSSARY.md), for the agent
// page. The codes are those of shared/domain/outcomes.ts, which a browser cannot import;
// test/unit/web-outcome-codes.test.ts keeps the two lists in step.
export const OUTCOME_LABELS = {
  housing_allowance: { de: 'Wohnbeihilfe', en: 'housing allowance' },
  instalment_plan: { de: 'Ratenvereinbarung', en: 'instalment plan' },
  fund_application: { de: 'Wohnschirm-Antrag', en: 'rent-arrears fund application' },
  court_letter_explained: { de: 'Gerichtsschreiben erklärt', en: 'court letter explained' },
  authority_escort: { de: 'Begleitung auf Amtswegen', en: 'accompanied to an authority' },
  referral_social_welfare: {
    de: 'Vermittlung an die MA 40 (Soziales)',
    en: 'referral to the social-welfare office',
  },
  referral_youth_welfare: {
    de: 'Vermittlung an die MA 11 (Kinder- und Jugendhilfe)',
    en: 'referral to child and youth welfare',
  },
  appointment_booked: { de: 'persönliche Beratung vereinbart', en: 'consultation booked' },
  information_only: { de: 'nur Auskunft', en: 'information only' },
  callback_needed: { de: 'Rückruf nötig', en: 'callback needed' },
};

export const OUTCOME_CODES = Object.keys(OUTCOME_LABELS);
