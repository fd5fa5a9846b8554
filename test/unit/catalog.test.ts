import { describe, expect, it } from 'vitest';
import { en } from '../../src/domain/catalog/en.ts';
import { fr } from '../../src/domain/catalog/fr.ts';
import { isMessageKey, t } from '../../src/domain/catalog/index.ts';
import { ERROR_CODES } from '../../src/domain/errors.ts';
import {
  CRITERION_VERDICTS,
  DECLINE_REASONS,
  EVALUATION_STATUSES,
  HARD_RULES,
  OUTCOMES,
  ROLES,
} from '../../src/domain/model.ts';
import { REPORT_ERROR_CODES, REPORT_FIELDS } from '../../src/domain/report-rules.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalog', () => {
  it('has the same keys in English and French', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it('has no empty message', () => {
    for (const [key, text] of [...Object.entries(en), ...Object.entries(fr)]) {
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const [key, text] of Object.entries(en)) {
      expect(placeholders(fr[key as keyof typeof en]), key).toEqual(placeholders(text));
    }
  });

  const required = [
    ...ERROR_CODES.map((c) => `error.${c}`),
    ...REPORT_ERROR_CODES.map((c) => `report.error.${c}`),
    ...REPORT_FIELDS.map((f) => `report.field.${f}`),
    ...REPORT_FIELDS.map((f) => `report.hint.${f}`),
    ...HARD_RULES.map((r) => `rule.${r}`),
    ...EVALUATION_STATUSES.map((s) => `status.${s}`),
    ...ROLES.map((r) => `role.${r}`),
    ...OUTCOMES.map((o) => `outcome.${o}`),
    ...CRITERION_VERDICTS.map((v) => `verdict.${v}`),
    ...DECLINE_REASONS.map((r) => `decline.reason.${r}`),
  ];

  it.each(required)('has a message for %s', (key) => {
    expect(isMessageKey(key)).toBe(true);
  });

  it('keeps report field labels within Discord’s 45-character label limit and hints within 100', () => {
    for (const catalog of [en, fr]) {
      for (const field of REPORT_FIELDS) {
        expect(catalog[`report.field.${field}`].length, field).toBeLessThanOrEqual(45);
        expect(catalog[`report.hint.${field}`].length, field).toBeLessThanOrEqual(100);
      }
    }
  });

  it('fills placeholders in natural French', () => {
    expect(t('fr', 'report.error.approved_needs_all_met', { count: 2, criteria: 'Sécurité, Tests' })).toBe(
      '« Validé » exige que tous les critères soient acquis ; 2 non acquis : Sécurité, Tests.',
    );
    expect(t('fr', 'status.awaiting_resubmission')).toBe('En attente du nouveau dépôt');
  });
});
