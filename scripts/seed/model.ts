/**
 * The programme model: who joins (ids, where they live, what interests them), when, and how
 * many; the plans the generator (`generate.ts`) fills in and the runner (`run.ts`) carries out.
 */
import type { RegistrationInput } from '#domain/ambassadors.ts';
import type { LectureInput, ReviewInput } from '#domain/lectures.ts';
import { governorates } from '#domain/regions.ts';
import * as data from './data.ts';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const MUSCAT_OFFSET = 4 * HOUR;
export const DEFAULT_SEED = 2040;
/** `npm run seed` without flags: the programme's size the benchmarks measure. */
export const DEFAULT_AMBASSADORS = 700;
export const DEFAULT_LECTURES = 7000;

export interface AmbassadorPlan {
  index: number;
  id: string;
  email: string;
  joinedAt: Date;
  input: RegistrationInput;
  arabicName: boolean;
}

export type ReviewPlan =
  | { decision: 'leave' }
  | { decision: 'verify' | 'reject'; staffId: string; afterMs: number; input: ReviewInput };

export interface LecturePlan {
  index: number;
  id: string;
  organizer: number;
  reportedAt: Date;
  input: LectureInput;
  review: ReviewPlan;
}

export const allWilayats = governorates.flatMap((g) => g.wilayats.map((w) => w.id));
export const weightOfGovernorate = (id: string) => data.governorateWeights[id] ?? 1;
export const weightOfWilayat = (id: string) => data.wilayatWeights[id] ?? 1;
/** Topics people pick more often. */
export const interestWeight = (id: string) =>
  ({ 'data-ai': 3, energy: 2.5, mobility: 2.5, environment: 2.5, education: 2, water: 2, iot: 2 })[id] ?? 1;

export const pad = (n: number, width: number) => String(n).padStart(width, '0');
export const ambassadorId = (index: number) => `seed-amb-${pad(index + 1, 6)}`;
export const lectureId = (index: number) => `seed-lec-${pad(index + 1, 7)}`;
