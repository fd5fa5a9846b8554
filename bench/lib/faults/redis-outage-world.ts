/**
 * The organisation and the recording platforms of the Redis-outage fault case: one path of 8
 * projects, 50 assessors certified on all of them, 10 mentors on both platforms, students on Slack,
 * Discord or both, and every channel on both platforms. The recorder keeps each message a worker
 * sends, keyed so that the same notification to the same reader on the same platform collides.
 */

import type { Organisation, Platform, ReportContent } from '../../../src/domain/model.ts';
import type { ChatPlatform, MessageRef } from '../../../src/ports/chat-platform.ts';
import type { MessageView } from '../../../src/views/view-model.ts';
import { faultSchool } from './fault-school.ts';

const PROJECTS = 8;
const ASSESSORS = 50;
const MENTORS = 10;
const snowflake = (kind: number, n: number) => `${kind}${String(n).padStart(17, '0')}`;

/** Which platforms student `i` (0-based) is on: Slack, Discord, or both, in turn. */
export function studentPlatforms(i: number): Platform[] {
  return [['slack'], ['discord'], ['slack', 'discord']][i % 3] as Platform[];
}

/** The organisation with `students` students, each mentored by one of the 10 mentors. */
export function outageOrganisation(students: number): Organisation {
  return faultSchool({
    name: 'Outage School',
    projects: PROJECTS,
    rubric: [1, 2, 3].map((c) => ({ id: `c${c}`, title: `Criterion ${c}`, competency: `skill-${c}` })),
    assessors: ASSESSORS,
    assessor: (i) => ({ platforms: i % 2 ? { slack: `UAS${i + 1}` } : { discord: snowflake(1, i + 1) } }),
    mentors: MENTORS,
    mentor: (i) => ({ platforms: { slack: `UME${i + 1}`, discord: snowflake(2, i + 1) } }),
    others: [{ id: 'cody', name: 'Cody Coordinator', roles: ['coordinator'], platforms: { slack: 'UCODY' } }],
    students,
    student: (i) => {
      const on = studentPlatforms(i);
      return {
        platforms: {
          ...(on.includes('slack') ? { slack: `UST${i + 1}` } : {}),
          ...(on.includes('discord') ? { discord: snowflake(3, i + 1) } : {}),
        },
      };
    },
    channels: {
      coordinators: { slack: 'CCOORD', discord: snowflake(4, 1) },
      curriculum: { slack: 'CCURRIC', discord: snowflake(4, 2) },
      jury: { slack: 'CJURY', discord: snowflake(4, 3) },
    },
  });
}

/** An approved report with no readiness doubt (no doubt alert, path never complete: 5 of 8 projects). */
export function approvedReport(n: number): ReportContent {
  return {
    criteria: Object.fromEntries(
      ['c1', 'c2', 'c3'].map((c) => [c, { verdict: 'met' as const, comment: '' }]),
    ),
    outcome: 'approved',
    strengths: `Clear structure and careful naming throughout (report ${n}).`,
    improvements: 'Add automated tests around the form validation next time.',
    mentorNote: 'Confident in the defence; keep pushing on testing habits.',
    juryJustification:
      'Every criterion was demonstrated live during the soutenance, with the code, the tests and the ' +
      'deployment shown and each design decision explained clearly and in detail.',
    readinessDoubt: false,
    doubtNote: '',
    commonMistakes: 'Forgot to handle empty inputs in the search form.',
    materialSuggestions: 'A short module on accessibility audits would help.',
  };
}

/**
 * Records every message sent, per platform, under `audience to header`; counts identical keys.
 * Only DMs and channel posts carry a key; updates are counted apart.
 */
export class RecordingPlatform implements ChatPlatform {
  readonly platform: Platform;
  /** `platform audience to header` → times sent. */
  readonly sent = new Map<string, number>();
  updates = 0;
  private next = 1;

  constructor(platform: Platform) {
    this.platform = platform;
  }

  private record(to: string, message: MessageView): MessageRef {
    const header = message.blocks.find((b) => b.type === 'header');
    const title = header?.type === 'header' ? header.text : message.text.split('\n')[0];
    const key = `${this.platform} ${message.audience} ${to} ${title}`;
    this.sent.set(key, (this.sent.get(key) ?? 0) + 1);
    return { platform: this.platform, channel: to, id: String(this.next++) };
  }

  async sendDirectMessage(userId: string, message: MessageView): Promise<MessageRef> {
    return this.record(userId, message);
  }

  async postToChannel(channelId: string, message: MessageView): Promise<MessageRef> {
    return this.record(channelId, message);
  }

  async uploadFile(channelId: string): Promise<MessageRef> {
    return { platform: this.platform, channel: channelId, id: String(this.next++) };
  }

  async openForm(): Promise<void> {}

  async updateMessage(): Promise<void> {
    this.updates += 1;
  }
}
