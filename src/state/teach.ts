/**
 * The Teach view's state: the lesson, how many of its parts are shown, the widgets' settings, presenter mode, the
 * edited texts and the answers given. Lesson, part and settings round-trip through the URL (url.ts), so a teacher can link to
 * "lesson 5, N = 8, noise 0.3".
 */
import { create } from 'zustand';
import { LESSONS } from '../teach/lessons';

export interface TeachParams {
  lesson: number;
  part: number;
  n: number;
  noise: number;
  zeta: number;
  present: boolean;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export const PARTS = 4;
// N = 16 at noise 0.3: the default shows what lesson 5's check question asks (only the majority finds the first wrong step).
export const DEFAULT_TEACH: TeachParams = { lesson: 0, part: 0, n: 16, noise: 0.3, zeta: 4, present: false };
interface TeachState extends TeachParams {
  /** Edited lesson texts by key; the lessons start from their synthetic traces. */
  texts: Record<string, string>;
  /** The option picked per lesson, and whether it was checked. */
  answers: Record<string, { picked: number | null; checked: boolean }>;
  set: (patch: Partial<TeachParams>) => void;
  setText: (key: string, text: string) => void;
  answer: (lesson: string, patch: Partial<{ picked: number | null; checked: boolean }>) => void;
  go: (lesson: number) => void;
  reveal: () => void;
}

export const useTeach = create<TeachState>()((set, get) => ({
  ...DEFAULT_TEACH,
  texts: {},
  answers: {},
  set: (patch) => set(patch),
  setText: (key, text) => set((s) => ({ texts: { ...s.texts, [key]: text } })),
  answer: (lesson, patch) =>
    set((s) => ({ answers: { ...s.answers, [lesson]: { ...(s.answers[lesson] ?? { picked: null, checked: false }), ...patch } } })),
  go: (lesson) => set({ lesson: clamp(lesson, 0, LESSONS.length - 1), part: 0 }),
  reveal: () => set({ part: Math.min(PARTS - 1, get().part + 1) }),
}));
