/**
 * Realistic-looking reference data for the synthetic generator: ports, countries, goods (HTSUS Chapter 1-97
 * numbers with their MFN rates) and the non-IEEPA Chapter 99 programs. Rates are basis points (25% = 2500)
 * so duty is computed in integer arithmetic. IEEPA headings and rates come from @cape/domain's registry.
 */
import type { IsoDate } from '@cape/domain';
import { weighted } from './prng.ts';

/** What a product is, as far as Chapter 99 cares (Section 232 families, Canadian energy, Annex II). */
export type ProductCategory =
  | 'GENERAL'
  | 'APPAREL'
  | 'STEEL'
  | 'ALUMINUM'
  | 'COPPER'
  | 'AUTO'
  | 'AUTO_PART'
  | 'ENERGY'
  | 'LUMBER'
  | 'PHARMA';

export interface Product {
  /** 10-digit HTSUS Chapter 1-97 number, no dots. */
  hts: string;
  description: string;
  /** General (column 1) ad valorem rate in basis points; 0 = Free. */
  mfnBasisPoints: number;
  category: ProductCategory;
  /** Section 301 China list the product is on, if any. */
  section301: Section301List | null;
}

export type Section301List = 'LIST_1_3' | 'LIST_4A';

function product(
  hts: string,
  description: string,
  mfnBasisPoints: number,
  category: ProductCategory,
  section301: Section301List | null = 'LIST_1_3',
): Product {
  return { hts, description, mfnBasisPoints, category, section301 };
}

export const PRODUCTS = {
  laptop: product('8471300100', 'Portable computers', 0, 'GENERAL', null),
  smartphone: product('8517130000', 'Smartphones', 0, 'GENERAL', null),
  toy: product('9503000073', 'Toys for children 3-12', 0, 'GENERAL', null),
  furniture: product('9403608081', 'Wooden furniture', 0, 'GENERAL', 'LIST_1_3'),
  sweater: product('6110202079', 'Cotton sweaters', 1650, 'APPAREL', 'LIST_4A'),
  tShirt: product('6109100012', 'Cotton T-shirts', 1650, 'APPAREL', 'LIST_4A'),
  trousers: product('6204624011', "Women's cotton trousers", 1660, 'APPAREL', 'LIST_4A'),
  handbag: product('4202923120', 'Travel bags of textile', 1760, 'GENERAL', 'LIST_4A'),
  fan: product('8414513000', 'Table and ceiling fans', 470, 'GENERAL', 'LIST_1_3'),
  cable: product('8544429090', 'Insulated electric conductors', 260, 'GENERAL', 'LIST_1_3'),
  plastics: product('3926909985', 'Other articles of plastics', 530, 'GENERAL', 'LIST_1_3'),
  powerSupply: product('8504409580', 'Static converters', 0, 'GENERAL', 'LIST_1_3'),
  connector: product('8536698000', 'Electrical connectors', 270, 'GENERAL', 'LIST_1_3'),
  computerParts: product('8473301180', 'Parts of computers', 0, 'GENERAL', 'LIST_1_3'),
  semiconductor: product('8542310000', 'Processors and controllers', 0, 'GENERAL', 'LIST_1_3'),
  television: product('8528726440', 'Television receivers', 500, 'GENERAL', 'LIST_1_3'),
  refrigerator: product('8418100010', 'Refrigerator-freezers', 0, 'GENERAL', 'LIST_1_3'),
  machine: product('8479899499', 'Machines with individual functions', 250, 'GENERAL', 'LIST_1_3'),
  valve: product('8481809050', 'Taps, cocks and valves', 200, 'GENERAL', 'LIST_1_3'),
  tire: product('4011101010', 'New radial tires for cars', 400, 'GENERAL', 'LIST_1_3'),
  medicalInstrument: product('9018908000', 'Medical instruments', 0, 'GENERAL', 'LIST_1_3'),
  pharmaceutical: product('3004909260', 'Medicaments in measured doses', 0, 'PHARMA', null),
  shrimp: product('0306170040', 'Frozen shrimp', 0, 'GENERAL', null),
  rice: product('1006309045', 'Milled rice', 1120, 'GENERAL', null),
  coffee: product('0901210000', 'Roasted coffee', 0, 'GENERAL', null),
  jewelry: product('7113195090', 'Articles of precious metal jewelry', 500, 'GENERAL', 'LIST_1_3'),
  steelPlate: product('7208510030', 'Hot-rolled steel plate', 0, 'STEEL', 'LIST_1_3'),
  steelPipe: product('7306305028', 'Welded steel pipe', 0, 'STEEL', 'LIST_1_3'),
  steelBolt: product('7318158069', 'Steel bolts', 850, 'STEEL', 'LIST_1_3'),
  steelSemi: product('7207120050', 'Semi-finished steel', 0, 'STEEL', 'LIST_1_3'),
  aluminumSheet: product('7606123090', 'Aluminum alloy sheet', 300, 'ALUMINUM', 'LIST_1_3'),
  aluminumIngot: product('7601106030', 'Unwrought aluminum alloy', 0, 'ALUMINUM', 'LIST_1_3'),
  copperCathode: product('7403110000', 'Refined copper cathodes', 100, 'COPPER', 'LIST_1_3'),
  passengerCar: product('8703230190', 'Passenger motor vehicles', 250, 'AUTO', 'LIST_1_3'),
  electricCar: product('8703800000', 'Electric passenger vehicles', 250, 'AUTO', 'LIST_1_3'),
  autoPart: product('8708998180', 'Motor vehicle parts', 250, 'AUTO_PART', 'LIST_1_3'),
  brakes: product('8708305090', 'Brakes and servo-brakes', 250, 'AUTO_PART', 'LIST_1_3'),
  naturalGas: product('2711210000', 'Natural gas, gaseous', 0, 'ENERGY', null),
  lumber: product('4407110000', 'Pine lumber, sawn', 0, 'LUMBER', null),
} as const satisfies Record<string, Product>;

type ProductKey = keyof typeof PRODUCTS;

/**
 * Reciprocal-tariff treatment of a country of origin after 2025-08-07 (DOMAIN 5.1). Item numbers inside
 * 9903.02.02-.71 are illustrative (the registry lists that range as country-specific without per-country
 * detail); the rates are the published ones where docs/domain.md names them.
 */
export type ReciprocalRegime =
  | { kind: 'BASELINE' }
  | { kind: 'COUNTRY_SPECIFIC'; heading: string; basisPoints: number }
  | { kind: 'EU_TOP_UP' }
  | { kind: 'USMCA_PARTNER' };

export interface CountryProfile {
  code: string;
  weight: number;
  /** 9903.01.43-.76 heading and rate for entries dated 2025-04-09 (suspended the next day), when known. */
  aprilCountryHeading: { heading: string; basisPoints: number } | null;
  regime: ReciprocalRegime;
  products: readonly (readonly [ProductKey, number])[];
  ports: readonly string[];
}

const SEA_PORTS_WEST = ['2704', '2709', '3001', '2809', '2904'];
const SEA_PORTS_EAST = ['1001', '4601', '1703', '1401', '1303', '5301', '5203'];
const AIR_PORTS = ['4701', '3901', '2720', '5206'];
const MEXICO_BORDER = ['2304', '2402', '2604', '2305', '2503'];
const CANADA_BORDER = ['0901', '3801', '3802', '3004', '0712', '3310'];

function countrySpecific(item: number, percent: number): ReciprocalRegime {
  return {
    kind: 'COUNTRY_SPECIFIC',
    heading: `990302${String(item).padStart(2, '0')}`,
    basisPoints: percent * 100,
  };
}

const EU_PRODUCTS: CountryProfile['products'] = [
  ['machine', 4],
  ['valve', 2],
  ['medicalInstrument', 2],
  ['pharmaceutical', 3],
  ['passengerCar', 2],
  ['autoPart', 3],
  ['handbag', 1],
  ['steelPipe', 1],
];

export const COUNTRIES: readonly CountryProfile[] = [
  {
    code: 'CN',
    weight: 30,
    aprilCountryHeading: null, // China has its own 9903.01.63 history in the registry.
    regime: { kind: 'BASELINE' },
    products: [
      ['laptop', 5],
      ['smartphone', 4],
      ['toy', 4],
      ['furniture', 4],
      ['sweater', 2],
      ['tShirt', 2],
      ['handbag', 2],
      ['fan', 2],
      ['cable', 3],
      ['plastics', 3],
      ['powerSupply', 3],
      ['connector', 2],
      ['computerParts', 3],
      ['steelBolt', 1],
      ['aluminumSheet', 1],
      ['autoPart', 2],
      ['television', 1],
    ],
    ports: [...SEA_PORTS_WEST, ...SEA_PORTS_WEST, ...SEA_PORTS_EAST, ...AIR_PORTS],
  },
  {
    code: 'MX',
    weight: 14,
    aprilCountryHeading: null,
    regime: { kind: 'USMCA_PARTNER' },
    products: [
      ['autoPart', 5],
      ['brakes', 2],
      ['passengerCar', 2],
      ['television', 2],
      ['refrigerator', 2],
      ['cable', 2],
      ['medicalInstrument', 1],
      ['steelPipe', 1],
      ['aluminumSheet', 1],
    ],
    ports: MEXICO_BORDER,
  },
  {
    code: 'CA',
    weight: 10,
    aprilCountryHeading: null,
    regime: { kind: 'USMCA_PARTNER' },
    products: [
      ['naturalGas', 2],
      ['lumber', 3],
      ['aluminumIngot', 2],
      ['autoPart', 3],
      ['passengerCar', 1],
      ['steelPlate', 1],
      ['plastics', 2],
      ['copperCathode', 1],
    ],
    ports: CANADA_BORDER,
  },
  {
    code: 'VN',
    weight: 9,
    aprilCountryHeading: { heading: '99030172', basisPoints: 4600 },
    regime: countrySpecific(68, 20),
    products: [
      ['tShirt', 3],
      ['trousers', 3],
      ['furniture', 4],
      ['smartphone', 2],
      ['shrimp', 1],
      ['handbag', 1],
    ],
    ports: [...SEA_PORTS_WEST, ...SEA_PORTS_EAST],
  },
  {
    code: 'IN',
    weight: 5,
    aprilCountryHeading: { heading: '99030155', basisPoints: 2600 },
    regime: countrySpecific(26, 25),
    products: [
      ['pharmaceutical', 4],
      ['tShirt', 2],
      ['shrimp', 2],
      ['rice', 1],
      ['jewelry', 2],
      ['steelBolt', 1],
    ],
    ports: [...SEA_PORTS_EAST, ...AIR_PORTS],
  },
  {
    code: 'DE',
    weight: 6,
    aprilCountryHeading: { heading: '99030150', basisPoints: 2000 },
    regime: { kind: 'EU_TOP_UP' },
    products: EU_PRODUCTS,
    ports: [...SEA_PORTS_EAST, ...AIR_PORTS],
  },
  {
    code: 'IT',
    weight: 3,
    aprilCountryHeading: { heading: '99030150', basisPoints: 2000 },
    regime: { kind: 'EU_TOP_UP' },
    products: EU_PRODUCTS,
    ports: [...SEA_PORTS_EAST, ...AIR_PORTS],
  },
  {
    code: 'FR',
    weight: 2,
    aprilCountryHeading: { heading: '99030150', basisPoints: 2000 },
    regime: { kind: 'EU_TOP_UP' },
    products: EU_PRODUCTS,
    ports: [...SEA_PORTS_EAST, ...AIR_PORTS],
  },
  {
    code: 'JP',
    weight: 5,
    aprilCountryHeading: { heading: '99030153', basisPoints: 2400 },
    regime: countrySpecific(30, 15),
    products: [
      ['passengerCar', 3],
      ['autoPart', 3],
      ['machine', 3],
      ['tire', 1],
      ['semiconductor', 1],
    ],
    ports: [...SEA_PORTS_WEST, ...AIR_PORTS],
  },
  {
    code: 'KR',
    weight: 4,
    aprilCountryHeading: { heading: '99030154', basisPoints: 2500 },
    regime: countrySpecific(55, 15),
    products: [
      ['passengerCar', 2],
      ['electricCar', 1],
      ['smartphone', 2],
      ['television', 2],
      ['steelPlate', 1],
      ['semiconductor', 1],
    ],
    ports: [...SEA_PORTS_WEST, ...AIR_PORTS],
  },
  {
    code: 'TW',
    weight: 3,
    aprilCountryHeading: null,
    regime: countrySpecific(59, 20),
    products: [
      ['semiconductor', 3],
      ['computerParts', 3],
      ['steelBolt', 1],
      ['machine', 1],
    ],
    ports: [...SEA_PORTS_WEST, ...AIR_PORTS],
  },
  {
    code: 'CH',
    weight: 2,
    aprilCountryHeading: null,
    regime: countrySpecific(57, 39),
    products: [
      ['pharmaceutical', 4],
      ['medicalInstrument', 2],
      ['machine', 2],
    ],
    ports: [...SEA_PORTS_EAST, ...AIR_PORTS],
  },
  {
    code: 'BR',
    weight: 2,
    aprilCountryHeading: null,
    regime: { kind: 'BASELINE' },
    products: [
      ['coffee', 4],
      ['steelSemi', 2],
      ['lumber', 1],
      ['autoPart', 1],
    ],
    ports: SEA_PORTS_EAST,
  },
  {
    code: 'TH',
    weight: 2,
    aprilCountryHeading: null,
    regime: countrySpecific(60, 19),
    products: [
      ['tire', 3],
      ['computerParts', 2],
      ['shrimp', 1],
      ['rice', 1],
    ],
    ports: SEA_PORTS_WEST,
  },
  {
    code: 'GB',
    weight: 2,
    aprilCountryHeading: null,
    regime: { kind: 'BASELINE' },
    products: [
      ['pharmaceutical', 2],
      ['machine', 2],
      ['passengerCar', 1],
    ],
    ports: [...SEA_PORTS_EAST, ...AIR_PORTS],
  },
  {
    code: 'BD',
    weight: 1,
    aprilCountryHeading: null,
    regime: countrySpecific(5, 20),
    products: [
      ['tShirt', 3],
      ['trousers', 3],
      ['sweater', 2],
    ],
    ports: SEA_PORTS_EAST,
  },
  {
    code: 'ID',
    weight: 1,
    aprilCountryHeading: null,
    regime: countrySpecific(27, 19),
    products: [
      ['tire', 2],
      ['furniture', 2],
      ['tShirt', 2],
    ],
    ports: SEA_PORTS_WEST,
  },
];

export const COUNTRY_TABLE = weighted(COUNTRIES.map((c) => [c, c.weight] as const));

export function productTable(country: CountryProfile) {
  return weighted(country.products.map(([key, weight]) => [PRODUCTS[key], weight] as const));
}

/** A Chapter 99 heading with an ad valorem rate in force over [from, until). */
export interface Ch99RatePeriod {
  heading: string;
  basisPoints: number;
  from: IsoDate;
  until: IsoDate;
}

const OPEN_END: IsoDate = '9999-12-31';

/**
 * Section 232 programs by product family (DOMAIN 5.2). Heading items inside each family are
 * representative; the families (9903.80/.81 steel, .85 aluminum, .78 copper, .94 autos, .76 lumber) are real.
 */
export const SECTION_232_PERIODS: Readonly<Partial<Record<ProductCategory, readonly Ch99RatePeriod[]>>> = {
  STEEL: [
    { heading: '99038001', basisPoints: 2500, from: '2018-03-23', until: '2025-06-04' },
    { heading: '99038187', basisPoints: 5000, from: '2025-06-04', until: OPEN_END },
  ],
  ALUMINUM: [
    { heading: '99038501', basisPoints: 1000, from: '2018-03-23', until: '2025-03-12' },
    { heading: '99038502', basisPoints: 2500, from: '2025-03-12', until: '2025-06-04' },
    { heading: '99038503', basisPoints: 5000, from: '2025-06-04', until: OPEN_END },
  ],
  COPPER: [{ heading: '99037801', basisPoints: 5000, from: '2025-08-01', until: OPEN_END }],
  AUTO: [{ heading: '99039401', basisPoints: 2500, from: '2025-04-03', until: OPEN_END }],
  AUTO_PART: [{ heading: '99039405', basisPoints: 2500, from: '2025-05-03', until: OPEN_END }],
  LUMBER: [{ heading: '99037601', basisPoints: 1000, from: '2025-10-14', until: OPEN_END }],
};

/** Section 301 on Chinese goods: Lists 1-3 at 25% (9903.88.01-.03), List 4A at 7.5% (9903.88.15). */
export const SECTION_301_HEADINGS: Readonly<
  Record<Section301List, readonly { heading: string; basisPoints: number }[]>
> = {
  LIST_1_3: [
    { heading: '99038801', basisPoints: 2500 },
    { heading: '99038802', basisPoints: 2500 },
    { heading: '99038803', basisPoints: 2500 },
  ],
  LIST_4A: [{ heading: '99038815', basisPoints: 750 }],
};

/** Section 122 balance-of-payments surcharge (not IEEPA, not refunded by CAPE). */
export const SECTION_122_PERIOD: Ch99RatePeriod = {
  heading: '99030301',
  basisPoints: 1000,
  from: '2026-02-24',
  until: '2026-07-24',
};

/** Real published ABA routing numbers (they pass the 3-7-1 checksum); more are generated on the fly. */
export const KNOWN_ROUTING_NUMBERS = [
  '021000021',
  '111000025',
  '011000015',
  '026009593',
  '121000358',
  '071000013',
  '061000104',
  '091000019',
] as const;

export const BROKER_NAME_FIRST = [
  'Harborline',
  'Pacific Gateway',
  'Atlantic',
  'Great Lakes',
  'Gulf Coast',
  'Lone Star',
  'Keystone',
  'Cascade',
  'Bayside',
  'Meridian',
  'Summit',
  'Liberty',
  'Northstar',
  'Crescent',
  'Tidewater',
  'Rio Grande',
] as const;
export const BROKER_NAME_LAST = [
  'Customs Brokers',
  'Customs Brokerage',
  'Trade Services',
  'Forwarding & Customs',
  'Logistics',
  'Customs House',
] as const;
export const IMPORTER_NAME_FIRST = [
  'Blue Ridge',
  'Redwood',
  'Silver Creek',
  'Granite',
  'Evergreen',
  'Prairie',
  'Copper Canyon',
  'Ironwood',
  'Maple Leaf',
  'Sunrise',
  'Harvest',
  'Coastal',
  'Highland',
  'Riverbend',
  'Orchard',
  'Pioneer',
  'Beacon',
  'Falcon',
  'Cedar',
  'Aurora',
  'Sierra',
  'Juniper',
  'Lakeshore',
  'Mesa',
] as const;
export const IMPORTER_NAME_MIDDLE = [
  'Outfitters',
  'Home Goods',
  'Electronics',
  'Apparel',
  'Auto Parts',
  'Industrial Supply',
  'Toys',
  'Furniture',
  'Foods',
  'Medical',
  'Metals',
  'Tools',
  'Imports',
  'Distributors',
  'Trading',
  'Components',
] as const;
export const IMPORTER_NAME_SUFFIX = ['Inc.', 'LLC', 'Co.', 'Corp.', 'Ltd.', 'Group Inc.'] as const;
export const INDIVIDUAL_FIRST = ['Maria', 'James', 'Linh', 'Priya', 'Carlos', 'Anna', 'Wei', 'Omar'] as const;
export const INDIVIDUAL_LAST = [
  'Garcia',
  'Nguyen',
  'Patel',
  'Smith',
  'Chen',
  'Kowalski',
  'Haddad',
  'Silva',
] as const;
export const NOTIFY_NAME_FIRST = [
  'Keystone',
  'Anchor',
  'Bridgeport',
  'Northfield',
  'Clearwater',
  'Fairway',
] as const;
export const NOTIFY_NAME_LAST = [
  'Trade Finance LLC',
  'Refund Recovery Services',
  'Capital Partners',
  'Factoring Co.',
] as const;

/** First two digits of EINs the IRS actually assigns (a subset of valid campus prefixes). */
export const EIN_PREFIXES = [
  '01',
  '02',
  '03',
  '04',
  '05',
  '06',
  '10',
  '11',
  '12',
  '13',
  '14',
  '16',
  '20',
  '22',
  '23',
  '26',
  '27',
  '30',
  '32',
  '33',
  '35',
  '36',
  '37',
  '38',
  '41',
  '45',
  '46',
  '47',
  '51',
  '52',
  '54',
  '56',
  '58',
  '61',
  '65',
  '74',
  '75',
  '76',
  '77',
  '81',
  '82',
  '84',
  '85',
  '86',
  '87',
  '88',
  '91',
  '92',
  '93',
  '95',
  '98',
  '99',
] as const;
