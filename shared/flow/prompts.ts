/**
 * Every text a caller hears, in one catalogue (docs/glossary.md, "How the prompts speak": short, calm, concrete; the key is named
 * before the action; hours said in words; one thing at a time). The flow loads one language's
 * texts into flow attributes and plays them from there, so each prompt exists once per language.
 */
export const PROMPT_LANGUAGES = ['de', 'en', 'tr'] as const;
export type PromptLanguage = (typeof PROMPT_LANGUAGES)[number];

export const PROMPT_KEYS = [
  'greeting',
  'offerLanguages',
  'askTenancyNumber',
  'tenancyNumberUnknown',
  'continueUnidentified',
  'askCourtLetter',
  'queued',
  'closed',
  'otherHelp',
  'closedCallbackOffer',
  'callbackDeclined',
  'askCallbackNumber',
  'callbackConfirmed',
  'busyCallback',
  'goodbye',
  'sorry',
] as const;
export type PromptKey = (typeof PROMPT_KEYS)[number];

/** Said in the languages it offers, so it is the same text in every catalogue. */
const LANGUAGE_OFFER = "For English, press 9. Türkçe için 8'e basın.";

export const PROMPTS: Readonly<Record<PromptLanguage, Readonly<Record<PromptKey, string>>>> = {
  de: {
    greeting: 'Grüß Gott, hier ist die Hotline der Delogierungsprävention.',
    offerLanguages: LANGUAGE_OFFER,
    askTenancyNumber:
      'Bitte tippen Sie Ihre Mieternummer ein. Sie hat sechs bis zwölf Ziffern. Drücken Sie danach die Raute-Taste.',
    tenancyNumberUnknown: 'Diese Mieternummer haben wir nicht gefunden. Bitte versuchen Sie es noch einmal.',
    continueUnidentified: 'Das macht nichts. Wir helfen Ihnen trotzdem weiter.',
    askCourtLetter:
      'Wenn Sie ein Schreiben vom Gericht oder einen Räumungstermin haben, drücken Sie die 1. Sonst drücken Sie die 2.',
    queued:
      'Einen Moment bitte. Wir verbinden Sie mit der nächsten freien Beraterin oder dem nächsten freien Berater.',
    closed:
      'Wir sind gerade nicht erreichbar. Unsere Öffnungszeiten sind Montag bis Freitag von 9 bis 17 Uhr, außer an Feiertagen.',
    otherHelp:
      'Informationen zu Wohnbeihilfe und Wohnschirm finden Sie auch im Internet. Bitte rufen Sie uns während der Öffnungszeiten wieder an.',
    closedCallbackOffer:
      'Weil Ihre Lage dringend ist, rufen wir Sie zurück, wenn wir wieder geöffnet haben und jemand frei ist. Wenn Sie keinen Rückruf möchten, drücken Sie die 2.',
    callbackDeclined: 'Gut, wir rufen Sie nicht zurück.',
    askCallbackNumber:
      'Ihre Rufnummer ist unterdrückt. Bitte tippen Sie die Nummer ein, unter der wir Sie zurückrufen sollen, und drücken Sie danach die Raute-Taste.',
    callbackConfirmed: 'Danke. Wir rufen Sie zurück unter der Nummer',
    busyCallback:
      'Im Moment sind alle Leitungen besetzt. Wir rufen Sie zurück, sobald jemand frei ist. Wenn Sie nicht abheben, versuchen wir es später noch einmal.',
    goodbye: 'Auf Wiederhören.',
    sorry: 'Das hat leider nicht geklappt. Bitte rufen Sie uns später noch einmal an.',
  },
  en: {
    greeting: 'Hello, this is the eviction-prevention hotline.',
    offerLanguages: LANGUAGE_OFFER,
    askTenancyNumber:
      'Please type your tenancy number. It has six to twelve digits. Then press the hash key.',
    tenancyNumberUnknown: 'We could not find this tenancy number. Please try again.',
    continueUnidentified: 'That is all right. We will help you all the same.',
    askCourtLetter: 'If you have a letter from the court or an eviction date, press 1. Otherwise, press 2.',
    queued: 'One moment, please. We are connecting you to the next available adviser.',
    closed:
      'We are not available right now. Our opening hours are Monday to Friday, 9 am to 5 pm, except on public holidays.',
    otherHelp:
      'You can also find information about housing allowance and the Wohnschirm fund online. Please call us again during opening hours.',
    closedCallbackOffer:
      'Because your situation is urgent, we will call you back when we are open again and someone is free. If you do not want a call back, press 2.',
    callbackDeclined: 'All right, we will not call you back.',
    askCallbackNumber:
      'Your number is withheld. Please type the number we should call you back on, then press the hash key.',
    callbackConfirmed: 'Thank you. We will call you back on the number',
    busyCallback:
      'All our lines are busy at the moment. We will call you back as soon as someone is free. If you do not answer, we will try again later.',
    goodbye: 'Goodbye.',
    sorry: 'Sorry, something went wrong. Please call us again later.',
  },
  tr: {
    greeting: 'Merhaba, burası tahliyeyi önleme yardım hattı.',
    offerLanguages: LANGUAGE_OFFER,
    askTenancyNumber:
      'Lütfen kiracı numaranızı tuşlayın. Numara altı ile on iki rakamdan oluşur. Sonra kare tuşuna basın.',
    tenancyNumberUnknown: 'Bu kiracı numarasını bulamadık. Lütfen tekrar deneyin.',
    continueUnidentified: 'Sorun değil. Size yine de yardım ediyoruz.',
    askCourtLetter:
      "Mahkemeden bir mektubunuz ya da bir tahliye tarihiniz varsa 1'e basın. Yoksa 2'ye basın.",
    queued: 'Lütfen biraz bekleyin. Sizi ilk boş danışmana bağlıyoruz.',
    closed:
      "Şu anda size ulaşamıyoruz. Çalışma saatlerimiz pazartesiden cumaya, saat 9'dan 17'ye kadardır. Resmî tatillerde kapalıyız.",
    otherHelp:
      'Kira yardımı ve Wohnschirm fonu hakkında bilgiyi internette de bulabilirsiniz. Lütfen çalışma saatlerimizde bizi tekrar arayın.',
    closedCallbackOffer:
      "Durumunuz acil olduğu için sizi geri arayacağız: tekrar açık olduğumuzda ve bir danışman boş olduğunda. Geri aranmak istemiyorsanız 2'ye basın.",
    callbackDeclined: 'Tamam, sizi geri aramayacağız.',
    askCallbackNumber:
      'Numaranız gizli. Lütfen sizi geri arayacağımız numarayı tuşlayın. Sonra kare tuşuna basın.',
    callbackConfirmed: 'Teşekkürler. Sizi şu numaradan geri arayacağız:',
    busyCallback:
      'Şu anda bütün hatlarımız dolu. Bir danışman boş olunca sizi geri arayacağız. Telefonu açmazsanız daha sonra tekrar deneriz.',
    goodbye: 'Hoşça kalın.',
    sorry: 'Maalesef bir sorun oldu. Lütfen bizi daha sonra tekrar arayın.',
  },
};

/**
 * The Amazon Polly voice per language, each one Polly offers with its neural engine
 * (https://docs.aws.amazon.com/polly/latest/dg/available-voices.html): Hannah (de-AT), Amy (en-GB),
 * Burcu (tr-TR; Turkish's other voice, Filiz, is standard only).
 */
export const VOICES: Readonly<
  Record<PromptLanguage, { readonly languageCode: string; readonly voice: string }>
> = {
  de: { languageCode: 'de-AT', voice: 'Hannah' },
  en: { languageCode: 'en-GB', voice: 'Amy' },
  tr: { languageCode: 'tr-TR', voice: 'Burcu' },
};

/** The key that picks a language on the offer (the offer prompt names them). */
export const LANGUAGE_KEYS: Readonly<Record<Exclude<PromptLanguage, 'de'>, string>> = { en: '9', tr: '8' };
