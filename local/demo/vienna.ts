/**
 * Material for plausible Viennese demo tenancies: districts with real streets, names as they occur
 * among Vienna's council tenants, and the languages they prefer. All people are invented.
 */

export interface District {
  readonly postalCode: string;
  /** As Viennese write it, e.g. `10., Favoriten`. */
  readonly name: string;
  /** Roughly how many council flats the district has, relative to the others. */
  readonly weight: number;
  readonly streets: readonly string[];
}

export const DISTRICTS: readonly District[] = [
  {
    postalCode: '1010',
    name: '1., Innere Stadt',
    weight: 0.3,
    streets: ['Rotenturmstraße', 'Fleischmarkt', 'Wipplingerstraße'],
  },
  {
    postalCode: '1020',
    name: '2., Leopoldstadt',
    weight: 5,
    streets: ['Praterstraße', 'Taborstraße', 'Engerthstraße', 'Vorgartenstraße', 'Große Stadtgutgasse'],
  },
  {
    postalCode: '1030',
    name: '3., Landstraße',
    weight: 4,
    streets: ['Landstraßer Hauptstraße', 'Erdbergstraße', 'Rennweg', 'Kölblgasse', 'Hainburger Straße'],
  },
  {
    postalCode: '1040',
    name: '4., Wieden',
    weight: 1,
    streets: ['Wiedner Hauptstraße', 'Rainergasse', 'Schelleingasse', 'Mühlgasse'],
  },
  {
    postalCode: '1050',
    name: '5., Margareten',
    weight: 3,
    streets: [
      'Reinprechtsdorfer Straße',
      'Margaretengürtel',
      'Margaretenstraße',
      'Siebenbrunnengasse',
      'Fendigasse',
    ],
  },
  {
    postalCode: '1060',
    name: '6., Mariahilf',
    weight: 1,
    streets: ['Gumpendorfer Straße', 'Mollardgasse', 'Hofmühlgasse', 'Liniengasse'],
  },
  {
    postalCode: '1070',
    name: '7., Neubau',
    weight: 1,
    streets: ['Neubaugasse', 'Zieglergasse', 'Kaiserstraße', 'Westbahnstraße'],
  },
  {
    postalCode: '1080',
    name: '8., Josefstadt',
    weight: 1,
    streets: ['Josefstädter Straße', 'Albertgasse', 'Lange Gasse', 'Pfeilgasse'],
  },
  {
    postalCode: '1090',
    name: '9., Alsergrund',
    weight: 1,
    streets: ['Nußdorfer Straße', 'Porzellangasse', 'Liechtensteinstraße', 'Sechsschimmelgasse'],
  },
  {
    postalCode: '1100',
    name: '10., Favoriten',
    weight: 12,
    streets: [
      'Favoritenstraße',
      'Quellenstraße',
      'Laxenburger Straße',
      'Sonnwendgasse',
      'Gudrunstraße',
      'Herndlgasse',
      'Ada-Christen-Gasse',
      'Raxstraße',
    ],
  },
  {
    postalCode: '1110',
    name: '11., Simmering',
    weight: 8,
    streets: [
      'Simmeringer Hauptstraße',
      'Hasenleitengasse',
      'Rinnböckstraße',
      'Lorystraße',
      'Geiselbergstraße',
    ],
  },
  {
    postalCode: '1120',
    name: '12., Meidling',
    weight: 6,
    streets: [
      'Meidlinger Hauptstraße',
      'Wienerbergstraße',
      'Schönbrunner Straße',
      'Längenfeldgasse',
      'Tivoligasse',
    ],
  },
  {
    postalCode: '1130',
    name: '13., Hietzing',
    weight: 2,
    streets: ['Hietzinger Hauptstraße', 'Lainzer Straße', 'Speisinger Straße', 'Veitingergasse'],
  },
  {
    postalCode: '1140',
    name: '14., Penzing',
    weight: 4,
    streets: ['Linzer Straße', 'Hütteldorfer Straße', 'Hadikgasse', 'Breitenseer Straße'],
  },
  {
    postalCode: '1150',
    name: '15., Rudolfsheim-Fünfhaus',
    weight: 5,
    streets: ['Märzstraße', 'Felberstraße', 'Sechshauser Straße', 'Johnstraße', 'Storchengasse'],
  },
  {
    postalCode: '1160',
    name: '16., Ottakring',
    weight: 6,
    streets: ['Thaliastraße', 'Ottakringer Straße', 'Sandleitengasse', 'Koppstraße', 'Gablenzgasse'],
  },
  {
    postalCode: '1170',
    name: '17., Hernals',
    weight: 3,
    streets: ['Hernalser Hauptstraße', 'Kalvarienberggasse', 'Jörgerstraße', 'Dornbacher Straße'],
  },
  {
    postalCode: '1180',
    name: '18., Währing',
    weight: 2,
    streets: ['Währinger Straße', 'Gentzgasse', 'Kreuzgasse', 'Gersthofer Straße'],
  },
  {
    postalCode: '1190',
    name: '19., Döbling',
    weight: 3,
    streets: ['Heiligenstädter Straße', 'Krottenbachstraße', 'Grinzinger Straße', 'Billrothstraße'],
  },
  {
    postalCode: '1200',
    name: '20., Brigittenau',
    weight: 6,
    streets: ['Wallensteinstraße', 'Dresdner Straße', 'Brigittenauer Lände', 'Pappenheimgasse'],
  },
  {
    postalCode: '1210',
    name: '21., Floridsdorf',
    weight: 11,
    streets: [
      'Brünner Straße',
      'Prager Straße',
      'Leopoldauer Straße',
      'Siemensstraße',
      'Schöpfleuthnergasse',
      'Justgasse',
    ],
  },
  {
    postalCode: '1220',
    name: '22., Donaustadt',
    weight: 11,
    streets: [
      'Wagramer Straße',
      'Erzherzog-Karl-Straße',
      'Rennbahnweg',
      'Kagraner Platz',
      'Schüttaustraße',
      'Tamariskengasse',
    ],
  },
  {
    postalCode: '1230',
    name: '23., Liesing',
    weight: 5,
    streets: [
      'Breitenfurter Straße',
      'Anton-Baumgartner-Straße',
      'Ketzergasse',
      'Meischlgasse',
      'Carlbergergasse',
    ],
  },
];

/** ISO 639-1 codes the hotline sees; `de` for most callers. */
export type Origin = 'de' | 'tr' | 'bs' | 'sr' | 'hr' | 'pl' | 'ro' | 'en' | 'ar';

/** How often each naming tradition occurs among the demo tenants (per cent, roughly). */
export const ORIGIN_WEIGHTS: Readonly<Record<Origin, number>> = {
  de: 70,
  tr: 7,
  bs: 4,
  sr: 5,
  hr: 3,
  pl: 3,
  ro: 3,
  en: 2,
  ar: 3,
};

export interface NamePool {
  readonly female: readonly string[];
  readonly male: readonly string[];
  readonly family: readonly string[];
  /** Country calling code and mobile patterns for numbers from home, for `+cc` notations. */
  readonly homeMobile?: {
    readonly country: string;
    readonly prefixes: readonly string[];
    readonly length: number;
  };
}

export const NAMES: Readonly<Record<Origin, NamePool>> = {
  de: {
    female: [
      'Maria',
      'Anna',
      'Elisabeth',
      'Christine',
      'Sabine',
      'Andrea',
      'Petra',
      'Monika',
      'Claudia',
      'Brigitte',
      'Karin',
      'Martina',
      'Julia',
      'Sandra',
      'Katharina',
      'Lisa',
      'Stefanie',
      'Barbara',
      'Renate',
      'Helga',
      'Theresia',
      'Hannelore',
      'Gertraud',
      'Jasmin',
    ],
    male: [
      'Johann',
      'Josef',
      'Franz',
      'Karl',
      'Peter',
      'Michael',
      'Thomas',
      'Wolfgang',
      'Andreas',
      'Gerhard',
      'Christian',
      'Manfred',
      'Helmut',
      'Markus',
      'Stefan',
      'Martin',
      'Florian',
      'Lukas',
      'Günter',
      'Jürgen',
      'Herbert',
      'Walter',
      'Leopold',
      'Kevin',
    ],
    family: [
      'Gruber',
      'Huber',
      'Wagner',
      'Müller',
      'Pichler',
      'Moser',
      'Steiner',
      'Mayer',
      'Hofer',
      'Bauer',
      'Berger',
      'Fuchs',
      'Eder',
      'Fischer',
      'Schmid',
      'Winkler',
      'Weber',
      'Schwarz',
      'Maier',
      'Reiter',
      'Wimmer',
      'Egger',
      'Brunner',
      'Lang',
      'Baumgartner',
      'Auer',
      'Binder',
      'Lechner',
      'Wolf',
      'Wallner',
      'Aigner',
      'Ebner',
      'Koller',
      'Haas',
      'Holzer',
      'Böhm',
      'Grünwald',
      'Pölzl',
      'Novak',
      'Svoboda',
      'Dvořák',
      'Nowotny',
      'Prohaska',
      'Hrdlicka',
      'Kratochvil',
      'Pospischil',
      'Wessely',
    ],
    homeMobile: { country: '49', prefixes: ['151', '160', '170', '176'], length: 7 },
  },
  tr: {
    female: ['Ayşe', 'Fatma', 'Emine', 'Elif', 'Zeynep', 'Hatice', 'Merve', 'Büşra'],
    male: ['Mehmet', 'Mustafa', 'Ahmet', 'Ali', 'Hüseyin', 'Hasan', 'İbrahim', 'Murat', 'Emre'],
    family: [
      'Yılmaz',
      'Kaya',
      'Demir',
      'Şahin',
      'Çelik',
      'Yıldız',
      'Öztürk',
      'Aydın',
      'Arslan',
      'Doğan',
      'Koç',
      'Kılıç',
    ],
    homeMobile: { country: '90', prefixes: ['532', '533', '542', '555'], length: 7 },
  },
  bs: {
    female: ['Amra', 'Emina', 'Lejla', 'Selma', 'Aida', 'Melisa'],
    male: ['Edin', 'Emir', 'Adnan', 'Haris', 'Mirza', 'Senad'],
    family: ['Hodžić', 'Hadžić', 'Begić', 'Mehmedović', 'Delić', 'Kovačević', 'Hasanović', 'Mujić'],
    homeMobile: { country: '387', prefixes: ['61', '62'], length: 6 },
  },
  sr: {
    female: ['Jelena', 'Milica', 'Snežana', 'Dragana', 'Vesna', 'Jovana'],
    male: ['Nikola', 'Marko', 'Dragan', 'Zoran', 'Miloš', 'Dejan'],
    family: ['Petrović', 'Jovanović', 'Nikolić', 'Marković', 'Đorđević', 'Stojanović', 'Ilić', 'Stanković'],
    homeMobile: { country: '381', prefixes: ['63', '64', '65'], length: 7 },
  },
  hr: {
    female: ['Ivana', 'Marija', 'Ana', 'Katarina', 'Petra', 'Lucija'],
    male: ['Ivan', 'Josip', 'Tomislav', 'Marko', 'Luka', 'Ante'],
    family: ['Horvat', 'Kovačić', 'Babić', 'Marić', 'Jurić', 'Knežević', 'Vuković', 'Matić'],
    homeMobile: { country: '385', prefixes: ['91', '98', '99'], length: 7 },
  },
  pl: {
    female: ['Agnieszka', 'Katarzyna', 'Małgorzata', 'Joanna', 'Magdalena', 'Ewa'],
    male: ['Piotr', 'Krzysztof', 'Tomasz', 'Paweł', 'Marcin', 'Łukasz'],
    family: [
      'Nowak',
      'Kowalski',
      'Wiśniewski',
      'Wójcik',
      'Kamiński',
      'Lewandowski',
      'Zieliński',
      'Szymański',
    ],
    homeMobile: { country: '48', prefixes: ['501', '601', '691', '781'], length: 6 },
  },
  ro: {
    female: ['Ioana', 'Elena', 'Andreea', 'Mihaela', 'Alexandra', 'Cristina'],
    male: ['Ion', 'Andrei', 'Alexandru', 'Mihai', 'Gheorghe', 'Florin'],
    family: ['Popescu', 'Ionescu', 'Popa', 'Dumitru', 'Stan', 'Stoica', 'Munteanu', 'Constantin'],
    homeMobile: { country: '40', prefixes: ['721', '722', '744', '755'], length: 6 },
  },
  en: {
    female: ['Grace', 'Mary', 'Sarah', 'Joy', 'Blessing', 'Emily'],
    male: ['John', 'David', 'James', 'Samuel', 'Daniel', 'Emmanuel'],
    family: ['Smith', 'Okafor', 'Mensah', 'Santos', 'Reyes', 'Williams', 'Adeyemi', 'Brown'],
  },
  ar: {
    female: ['Fatima', 'Amina', 'Mariam', 'Noor', 'Layla', 'Rana'],
    male: ['Mohammed', 'Ahmad', 'Omar', 'Khaled', 'Yusuf', 'Mahmoud'],
    family: ['Al-Hassan', 'Haddad', 'Khalil', 'Mahmoud', 'Ibrahim', 'Nasser', 'Saleh', 'Darwish'],
  },
};

/** Austrian academic titles written before the name; rare among tenants, but they occur. */
export const TITLES = ['Mag.', 'Mag.a', 'Dr.', 'Ing.', 'DI'] as const;

/** The social workers of the team; some with degrees written after the name (a comma in CSV). */
export const CASE_WORKERS = [
  'Mag.a Sabine Koller',
  'Eva Novak, BA',
  'Mag. Thomas Reiter',
  'Kerstin Hofbauer, MA',
  'DSA Gerald Wimmer',
  'Aylin Kaya, BA',
  'Jelena Marković, BA',
  'Mag.a Claudia Pichler',
  'Stefan Brandl, MA',
  'Sarah Lechner, BA',
  'Martin Eder, DSA',
  'Lejla Begić, MA',
] as const;

/** Austrian mobile network prefixes (without the trunk 0), weighted by how common they are. */
export const MOBILE_PREFIXES: Readonly<Record<string, number>> = {
  '664': 30,
  '676': 20,
  '650': 10,
  '660': 10,
  '699': 12,
  '680': 6,
  '681': 4,
  '688': 4,
  '677': 4,
};
