import data from './oman-regions.json' with { type: 'json' };

/** Oman's 11 governorates and 61 wilayats (ISO 3166-2:OM ids). A "city" is a wilayat id. */
export interface Wilayat {
  id: string;
  en: string;
  ar: string;
}
export interface Governorate extends Wilayat {
  wilayats: Wilayat[];
}

export const governorates: readonly Governorate[] = data.governorates;

const governorateById = new Map(governorates.map((g) => [g.id, g]));
/** wilayat id → its governorate id. */
const governorateOfWilayat = new Map(
  governorates.flatMap((g) => g.wilayats.map((w) => [w.id, g.id] as const)),
);
const wilayatById = new Map(governorates.flatMap((g) => g.wilayats.map((w) => [w.id, w] as const)));

export const governorateIds: readonly string[] = governorates.map((g) => g.id);
export const wilayatIds: readonly string[] = [...wilayatById.keys()];

export const findGovernorate = (id: string): Governorate | undefined => governorateById.get(id);
export const findWilayat = (id: string): Wilayat | undefined => wilayatById.get(id);
export const governorateOf = (wilayatId: string): string | undefined => governorateOfWilayat.get(wilayatId);

/** The knowledge community an ambassador belongs to: their governorate, or `abroad`. */
export const ABROAD = 'abroad';
export const communityOf = (p: { country: string; governorate?: string | undefined }): string =>
  p.country === 'OM' && p.governorate ? p.governorate : ABROAD;
