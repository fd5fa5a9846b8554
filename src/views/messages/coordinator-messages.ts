/**
 * Messages about the workflow's exceptions: the readiness-doubt early warning (mentor and
 * coordinators), a request nobody can take, and a message a platform refused to deliver. None of
 * them quotes report text: projects, dates, counts and rules only.
 */
import type { MessageKey } from '../../domain/catalog/index.ts';
import { type ChannelPurpose, HARD_RULES, type HardRule, type Platform } from '../../domain/model.ts';
import type { BlockView, MessageView } from '../view-model.ts';
import {
  bullets,
  fitMessage,
  formatDay,
  pushText,
  type ReaderContext,
  translator,
} from './message-format.ts';
import type { EvaluationSummary } from './reminder-messages.ts';

/** One report that raised a readiness doubt. */
export type DoubtEntry = { projectName: string; attempt: number; submittedAt: Date };

/** The early warning when a student reaches the doubt threshold; no doubt note, no jury text. */
export function doubtAlertMessage(
  input: {
    studentName: string;
    mentorName: string;
    doubts: readonly DoubtEntry[];
    /** The mentor's DM or the coordinators' channel. */
    audience: 'mentor' | 'coordinator';
  },
  reader: ReaderContext,
): MessageView {
  const tr = translator(reader);
  return fitMessage(reader.locale, (clip) => {
    const blocks: BlockView[] = [
      { type: 'header', text: tr('notify.doubt.title', { student: input.studentName }) },
    ];
    const lines = input.doubts.map((d) =>
      tr('notify.doubt.line', {
        project: clip(d.projectName, 0.2),
        attempt: d.attempt,
        date: formatDay(d.submittedAt, reader),
      }),
    );
    const intro = tr('notify.doubt.intro', { count: input.doubts.length, student: input.studentName });
    blocks.push({ type: 'text', text: [intro, bullets(reader.locale, lines)].filter(Boolean).join('\n') });
    blocks.push({
      type: 'context',
      text:
        input.audience === 'mentor'
          ? tr('notify.doubt.mentor_hint')
          : tr('notify.doubt.coordinator_hint', { mentor: input.mentorName }),
    });
    return { blocks, audience: input.audience };
  });
}

/** How many candidates each hard rule excluded, most first (ties in `HARD_RULES` order). */
export function exclusionCounts(
  rejected: readonly { rule: HardRule }[],
): { rule: HardRule; count: number }[] {
  return HARD_RULES.map((rule) => ({ rule, count: rejected.filter((r) => r.rule === rule).length }))
    .filter((c) => c.count > 0)
    .sort((a, b) => b.count - a.count || HARD_RULES.indexOf(a.rule) - HARD_RULES.indexOf(b.rule));
}

/** Coordinators' channel: the request waits, why (the rule that excluded most), and how to unblock it. */
export function noAssessorMessage(
  input: {
    evaluation: EvaluationSummary;
    /** Every assessor considered. */
    candidates: number;
    /** Those excluded, each with the first hard rule they fail. */
    rejected: readonly { assessor: string; rule: HardRule }[];
  },
  reader: ReaderContext,
): MessageView {
  const tr = translator(reader);
  const { evaluation } = input;
  const counts = exclusionCounts(input.rejected);
  return fitMessage(reader.locale, () => {
    const blocks: BlockView[] = [
      { type: 'header', text: tr('notify.no_assessor.title', { evaluation: evaluation.id }) },
      {
        type: 'text',
        text: tr('notify.no_assessor.intro', {
          student: evaluation.studentName,
          project: evaluation.projectName,
          attempt: evaluation.attempt,
        }),
      },
    ];
    const main = counts[0];
    if (main) {
      const rule = tr(`rule.${main.rule}`);
      pushText(
        blocks,
        tr('notify.no_assessor.main_reason', { count: main.count, total: input.candidates, rule }),
      );
      const lines = counts.map((c) =>
        tr('notify.no_assessor.reason_line', { rule: tr(`rule.${c.rule}`), count: c.count }),
      );
      pushText(blocks, `${tr('notify.no_assessor.reasons')}\n${bullets(reader.locale, lines) ?? ''}`);
      pushText(blocks, tr(`notify.no_assessor.hint.${main.rule}`));
    } else if (input.candidates === 0) {
      pushText(blocks, tr('notify.no_assessor.no_candidates'));
    }
    blocks.push({ type: 'context', text: tr('notify.no_assessor.fix', { evaluation: evaluation.id }) });
    return { blocks, audience: 'coordinator' };
  });
}

/** Who could not be reached: a person or student by name, or one of the organisation's channels. */
export type UnreachableTarget =
  | { kind: 'person'; name: string }
  | { kind: 'channel'; purpose: ChannelPurpose };

function reasonKey(code: string): MessageKey {
  switch (code) {
    case '50007':
      return 'notify.failed.reason.50007';
    case 'user_not_found':
      return 'notify.failed.reason.user_not_found';
    case 'channel_not_found':
      return 'notify.failed.reason.channel_not_found';
    default:
      return 'notify.failed.reason.other';
  }
}

/** Coordinators' channel: a platform refused delivery for good, why, and what fixes it. */
export function deliveryFailedMessage(
  input: { target: UnreachableTarget; platform: Platform; code: string },
  reader: ReaderContext,
): MessageView {
  const tr = translator(reader);
  const platform = tr(`notify.platform.${input.platform}`);
  const reason = tr(reasonKey(input.code));
  return fitMessage(reader.locale, (clip) => {
    const { target } = input;
    const code = clip(input.code, 0.05);
    const blocks: BlockView[] = [{ type: 'header', text: tr('notify.failed.title') }];
    if (target.kind === 'person') {
      blocks.push(
        {
          type: 'text',
          text: tr('notify.failed.person', { recipient: target.name, platform, reason, code }),
        },
        { type: 'context', text: tr('notify.failed.fix.person', { platform }) },
      );
    } else {
      const channel = tr(`notify.channel.${target.purpose}`);
      blocks.push(
        { type: 'text', text: tr('notify.failed.channel', { channel, platform, reason, code }) },
        { type: 'context', text: tr('notify.failed.fix.channel') },
      );
    }
    return { blocks, audience: 'coordinator' };
  });
}
