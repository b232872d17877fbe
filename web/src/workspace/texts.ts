// The local agent workspace's words, German first.
import { defineTexts } from '../shell/i18n.ts';

export const TEXTS = defineTexts({
  de: {
    title: 'Agent-Arbeitsplatz (lokale Nachbildung von Amazon Connect)',
    demoUsers: 'Lokales Demo-Konto: agent / agent.',
    notAgent: 'Dieses Konto gehört nicht zur Gruppe der Agent*innen.',
    softphone: 'Telefon',
    intro: 'Anrufe, die auf der Simulator-Seite in eine Warteschlange gehen, werden hier angeboten.',
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
  },
  en: {
    title: 'Agent workspace (local stand-in for Amazon Connect)',
    demoUsers: 'Local demo account: agent / agent.',
    notAgent: 'This account is not in the agents group.',
    softphone: 'Phone',
    intro: 'Calls that the simulator page puts into a queue are offered here.',
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
  },
});
