// The local agent workspace's words, German first.
import { defineTexts } from '../shell/i18n.ts';

export const TEXTS = defineTexts({
  de: {
    title: 'Agent-Arbeitsplatz (lokale Nachbildung von Amazon Connect)',
    demoUsers:
      'Lokale Demo-Konten: agent / agent und colleague / colleague (zwei Agent*innen, die einander Anrufe weiterleiten).',
    notAgent: 'Dieses Konto gehört nicht zur Gruppe der Agent*innen.',
    softphone: 'Telefon',
    intro:
      'Anrufe, die auf der Simulator-Seite in eine Warteschlange gehen, werden hier angeboten, ebenso Anrufe, die Ihnen weitergeleitet werden.',
    log: 'Nachrichten an die App',
    app: 'Anrufkontext',
    ringing: 'Eingehender Anruf',
    connected: 'Verbunden',
    afterCall: 'Nachbearbeitung',
    accept: 'Annehmen',
    hangUp: 'Auflegen',
    close: 'Nachbearbeitung beenden',
    queue_urgent: 'dringend',
    queue_general: 'allgemein',
    transferTo: (name: string) => `Weiterleiten an ${name}`,
    transferred: (name: string) => `Anruf an ${name} weitergeleitet.`,
    transferRefused: 'Die Weiterleitung wurde abgelehnt; der Anruf bleibt bei Ihnen.',
  },
  en: {
    title: 'Agent workspace (local stand-in for Amazon Connect)',
    demoUsers:
      'Local demo accounts: agent / agent and colleague / colleague (two agents who transfer calls to each other).',
    notAgent: 'This account is not in the agents group.',
    softphone: 'Phone',
    intro:
      'Calls that the simulator page puts into a queue are offered here, and so are calls transferred to you.',
    log: 'Messages to the app',
    app: 'Caller context',
    ringing: 'Incoming call',
    connected: 'Connected',
    afterCall: 'After-call work',
    accept: 'Accept',
    hangUp: 'Hang up',
    close: 'End after-call work',
    queue_urgent: 'urgent',
    queue_general: 'general',
    transferTo: (name: string) => `Transfer to ${name}`,
    transferred: (name: string) => `Call transferred to ${name}.`,
    transferRefused: 'The transfer was refused; the call stays with you.',
  },
});
