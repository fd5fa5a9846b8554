/** The digest's view of a report's content, as the `report_digests` table stores it. */
import type { ReportContent } from '../domain/model.ts';
import type { DigestContent } from '../ports/store.ts';
import { canonicalJson } from './codec.ts';

/** The fields of `content` the curriculum digest reads, criteria reduced to their verdicts. */
export function digestContentOf(content: ReportContent): DigestContent {
  const criteria: DigestContent['criteria'] = {};
  for (const [id, criterion] of Object.entries(content.criteria))
    criteria[id] = { verdict: criterion.verdict };
  return {
    criteria,
    outcome: content.outcome,
    readinessDoubt: content.readinessDoubt,
    commonMistakes: content.commonMistakes,
    materialSuggestions: content.materialSuggestions,
  };
}

/** `digestContentOf` as the column's text. */
export function digestContentJson(content: ReportContent): string {
  return canonicalJson(digestContentOf(content));
}
