import { type AppContext, DEFAULT_POLICY } from '../../src/app/context.ts';
import type { Organisation, Person, ReportContent } from '../../src/domain/model.ts';
import type { Store } from '../../src/ports/store.ts';
import { openStore } from '../../src/store/open-store.ts';
import { ManualClock } from '../fakes/manual-clock.ts';
import { buildOrganisation } from './org-builder.ts';

export type Harness = {
  ctx: AppContext;
  store: Store;
  clock: ManualClock;
  person(id: string): Promise<Person>;
  close(): Promise<void>;
};

/** A real in-memory SQLite store with the test organisation imported, and a clock moved by hand. */
export async function createHarness(org: Organisation = buildOrganisation()): Promise<Harness> {
  const store = await openStore('sqlite::memory:');
  await store.migrate();
  await store.org.importOrganisation(org);
  const clock = new ManualClock('2026-11-30T09:00:00.000Z');
  const ctx: AppContext = { store, clock, policy: DEFAULT_POLICY };
  return {
    ctx,
    store,
    clock,
    async person(id) {
      const found = await store.people.getPerson(id);
      if (!found) throw new Error(`no person ${id} in the test organisation`);
      return found;
    },
    close: () => store.close(),
  };
}

const JUSTIFICATION =
  'The student delivered a working project and defended each design choice with clear reasoning. ' +
  'Every criterion of the rubric was demonstrated live, including edge cases that the brief did not require. ' +
  'Answers to technical questions showed genuine understanding rather than memorised definitions.';

/** A report that passes every rule for the given criteria, approved unless told otherwise. */
export function validReport(criteria: string[], overrides: Partial<ReportContent> = {}): ReportContent {
  return {
    criteria: Object.fromEntries(criteria.map((id) => [id, { verdict: 'met' as const, comment: '' }])),
    outcome: 'approved',
    strengths: 'Clear structure and careful naming throughout the code base.',
    improvements: 'Add automated tests around the form validation next time.',
    mentorNote: 'Confident in the defence; keep pushing on testing habits.',
    juryJustification: JUSTIFICATION,
    readinessDoubt: false,
    doubtNote: '',
    commonMistakes: 'Forgot to handle empty inputs in the search form.',
    materialSuggestions: 'A short module on accessibility audits would help.',
    ...overrides,
  };
}
