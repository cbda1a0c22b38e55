/** The page opens on a synthetic problem whose second step slips (3 × 2 is 6, not 4): the verifier knows the truth. */
import { GALLERY } from './gallery';

export const SAMPLE = GALLERY[0];
export const SAMPLE_PROBLEM = SAMPLE.trace.problem;
export const SAMPLE_TRACE = SAMPLE.trace.response;
