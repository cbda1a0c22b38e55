/** The trace the page opens with: a short word problem whose second step slips (4 × 4 is 16, not 24). */
export const SAMPLE_TRACE = `Problem: Mia buys 3 packs of 7 pencils and 4 packs of 4 pens. How many items does she buy?
Step 1: Pencils: 3 × 7 = 21.
Step 2: Pens: 4 × 4 = 24.
Step 3: Total: 21 + 24 = 45.
Answer: 45`;
