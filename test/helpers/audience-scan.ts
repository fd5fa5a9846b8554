/**
 * The outbound-message scan of DESIGN §8: every message, update and file a test delivered, read
 * against the reports in the store, proves that no field reached a reader it is not meant for.
 * Reports carry unique markers (`JURYJUST-7`, `MENTORNOTE-7`, …, planted by {@link markedReport});
 * who may read a field follows `readersOfField` (the report's own student, its student's mentor, the
 * jury, its author), except the curriculum fields, which reach any staff member but no student.
 * The curriculum channel never shows a student's name. Deliveries come from a capturing
 * `ChatPlatform`, from `MemoryChatPlatform`, or from the state of the local Slack and Discord fakes.
 */
import { readersOfField, TEXT_FIELDS, type TextField } from '../../src/domain/audience-leak.ts';
import type { Person, Platform, ReportContent, Student } from '../../src/domain/model.ts';
import type { ChatPlatform, FileUpload, FormTrigger, MessageRef } from '../../src/ports/chat-platform.ts';
import type { Store } from '../../src/ports/store.ts';
import type { DiscordFakeState } from '../../src/sandbox/discord-fake/index.ts';
import type { SlackWorkspace } from '../../src/sandbox/slack-fake/index.ts';
import type { Audience, FormView, MessageView } from '../../src/views/view-model.ts';
import type { MemoryChatPlatform } from '../fakes/memory-chat-platform.ts';
import { pdfText } from './dossier-world.ts';

/** One thing a reader received: a message (or an edit of it), a file, a modal, a command's reply. */
export type Delivery = {
  platform: Platform;
  /** A user's DM (platform user id) or a channel (platform channel id). */
  to: { user: string } | { channel: string };
  /** Everything readable in it. */
  text: string;
  files?: { filename: string; content: Uint8Array }[];
  /** The audience the view model declares, when the delivery comes from one. */
  audience?: Audience;
  /** What it was, for failure messages. */
  what: string;
};

/** Every string inside a value (message blocks, embeds, components), in order. */
export function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsOf);
  return [];
}

const viewDelivery = (platform: Platform, to: Delivery['to'], view: MessageView, what: string): Delivery => ({
  platform,
  to,
  text: stringsOf([view.text, view.blocks]).join('\n'),
  audience: view.audience,
  what,
});

/** A `ChatPlatform` that records everything it delivers, then hands it to the real one. */
export class CapturingChatPlatform implements ChatPlatform {
  readonly platform: Platform;
  readonly deliveries: Delivery[] = [];
  private readonly inner: ChatPlatform;
  private readonly recipients = new Map<string, Delivery['to']>();

  constructor(inner: ChatPlatform) {
    this.inner = inner;
    this.platform = inner.platform;
  }

  async sendDirectMessage(userId: string, message: MessageView): Promise<MessageRef> {
    this.deliveries.push(viewDelivery(this.platform, { user: userId }, message, 'DM'));
    const ref = await this.inner.sendDirectMessage(userId, message);
    this.recipients.set(`${ref.channel}/${ref.id}`, { user: userId });
    return ref;
  }

  async postToChannel(channelId: string, message: MessageView): Promise<MessageRef> {
    this.deliveries.push(viewDelivery(this.platform, { channel: channelId }, message, 'channel post'));
    return this.inner.postToChannel(channelId, message);
  }

  async uploadFile(channelId: string, file: FileUpload): Promise<MessageRef> {
    this.deliveries.push({
      platform: this.platform,
      to: { channel: channelId },
      text: [file.title, file.comment ?? ''].join('\n'),
      files: [{ filename: file.filename, content: file.content }],
      what: `file ${file.filename}`,
    });
    return this.inner.uploadFile(channelId, file);
  }

  async openForm(trigger: FormTrigger, form: FormView): Promise<void> {
    return this.inner.openForm(trigger, form);
  }

  async updateMessage(ref: MessageRef, message: MessageView): Promise<void> {
    const to = this.recipients.get(`${ref.channel}/${ref.id}`) ?? { channel: ref.channel };
    this.deliveries.push(viewDelivery(this.platform, to, message, 'update'));
    return this.inner.updateMessage(ref, message);
  }
}

/** What a `MemoryChatPlatform` delivered: messages, their edits and files. */
export function memoryDeliveries(chat: MemoryChatPlatform): Delivery[] {
  return chat.messages.flatMap((m) => {
    const to = m.to.startsWith('dm:') ? { user: m.to.slice(3) } : { channel: m.to.slice('channel:'.length) };
    const files = m.file ? [{ filename: m.file.filename, content: m.file.content }] : undefined;
    const first = viewDelivery(chat.platform, to, m.message, m.file ? `file ${m.file.filename}` : 'message');
    return [
      files ? { ...first, files } : first,
      ...m.edits.map((edit) => viewDelivery(chat.platform, to, edit, 'update')),
    ];
  });
}

/** What the local Slack fake shows: messages and their edits, ephemerals, files, modals and Home tabs. */
export function slackFakeDeliveries(ws: SlackWorkspace): Delivery[] {
  const out: Delivery[] = [];
  const add = (to: Delivery['to'], value: unknown, what: string) =>
    out.push({ platform: 'slack', to, text: stringsOf(value).join('\n'), what });
  for (const channel of ws.channels()) {
    const to = channel.kind === 'im' && channel.user ? { user: channel.user } : { channel: channel.id };
    for (const m of ws.messages(channel.id)) add(to, [m.text, m.blocks, m.attachments, m.edits], 'message');
  }
  for (const e of ws.ephemerals())
    add({ user: e.user }, [e.text, e.blocks, e.attachments, e.edits], 'ephemeral');
  for (const file of ws.files.all()) {
    const to = file.channel ? { channel: file.channel } : { user: file.user };
    const resolved = file.channel ? (ws.channels().find((c) => c.id === file.channel) ?? null) : null;
    const target = resolved?.kind === 'im' && resolved.user ? { user: resolved.user } : to;
    out.push({
      platform: 'slack',
      to: target,
      text: [file.title, file.comment ?? ''].join('\n'),
      files: file.bytes ? [{ filename: file.name, content: new Uint8Array(file.bytes) }] : [],
      what: `file ${file.name}`,
    });
  }
  for (const [user, views] of ws.views.stacks()) for (const v of views) add({ user }, v, 'modal');
  for (const [user, view] of ws.views.homes()) add({ user }, view, 'Home tab');
  return out;
}

/** What the local Discord fake shows: the bot's messages (DMs, channels, ephemerals), edits, files, modals. */
export function discordFakeDeliveries(state: DiscordFakeState): Delivery[] {
  const out: Delivery[] = [];
  for (const m of state.messages.values()) {
    if (m.authorId !== state.bot.id) continue;
    const channel = state.channels.get(m.channelId);
    const to =
      m.visibleTo !== null
        ? { user: m.visibleTo }
        : channel?.type === 1 && channel.recipientId
          ? { user: channel.recipientId }
          : { channel: m.channelId };
    out.push({
      platform: 'discord',
      to,
      text: stringsOf([m.content, m.embeds, m.components, m.edits]).join('\n'),
      files: m.attachments.map((a) => ({ filename: a.filename, content: new Uint8Array(a.data) })),
      what: 'message',
    });
  }
  for (const modal of state.openModals.values())
    out.push({
      platform: 'discord',
      to: { user: modal.userId },
      text: stringsOf(modal.data).join('\n'),
      what: 'modal',
    });
  return out;
}

/** The marker planted in each free-text field (criterion comments share `CRITNOTE`). */
export const FIELD_MARKERS: Record<TextField, string> = {
  strengths: 'STRENGTH',
  improvements: 'IMPROVE',
  mentorNote: 'MENTORNOTE',
  juryJustification: 'JURYJUST',
  doubtNote: 'DOUBTNOTE',
  commonMistakes: 'CURRMISTAKE',
  materialSuggestions: 'CURRSUGGEST',
};
const COMMENT_MARKER = 'CRITNOTE';

/** `content` with marker `n` at the start of every free-text field that has text, criterion comments included. */
export function markedReport(n: number, content: ReportContent): ReportContent {
  const mark = (marker: string, text: string) => (text.trim() ? `${marker}-${n} ${text}` : text);
  const marked: ReportContent = {
    ...content,
    criteria: Object.fromEntries(
      Object.entries(content.criteria).map(([id, c]) => [
        id,
        { ...c, comment: mark(COMMENT_MARKER, c.comment) },
      ]),
    ),
  };
  for (const field of TEXT_FIELDS) marked[field] = mark(FIELD_MARKERS[field], content[field]);
  return marked;
}

/** Who a report's reader is to that report. */
type Relation = 'own-student' | 'other-student' | 'mentor' | 'jury' | 'curriculum' | 'author' | 'staff';
type Reader =
  | { kind: 'student'; student: Student }
  | { kind: 'person'; person: Person }
  | { kind: 'channel'; purpose: string }
  | { kind: 'unknown'; ref: string };
type Planted = { marker: string; field: string; student: Student; author: string; evaluation: string };

const CURRICULUM_FIELDS: readonly string[] = ['commonMistakes', 'materialSuggestions'];
const fieldOfMarker = new Map<string, string>([
  ...Object.entries(FIELD_MARKERS).map(([field, marker]) => [marker, field] as [string, string]),
  [COMMENT_MARKER, 'criterion.*.comment'],
]);

/** Who may read a field: `readersOfField`, the author, and any staff for the curriculum fields. */
function mayRead(field: string, relations: Set<Relation>): boolean {
  if (relations.has('author')) return true;
  if (CURRICULUM_FIELDS.includes(field))
    return !relations.has('own-student') && !relations.has('other-student');
  const readers = readersOfField(field === 'criterion.*.comment' ? 'criterion.x.comment' : field);
  return (
    (readers.includes('student') && relations.has('own-student')) ||
    (readers.includes('mentor') && relations.has('mentor')) ||
    (readers.includes('jury') && relations.has('jury')) ||
    (readers.includes('curriculum') && relations.has('curriculum'))
  );
}

function relationsOf(reader: Reader, planted: Planted): Set<Relation> {
  const relations = new Set<Relation>();
  if (reader.kind === 'student')
    relations.add(reader.student.id === planted.student.id ? 'own-student' : 'other-student');
  if (reader.kind === 'person') {
    const { person } = reader;
    relations.add('staff');
    if (person.id === planted.student.mentor) relations.add('mentor');
    if (person.roles.includes('jury')) relations.add('jury');
    if (person.roles.includes('curriculum')) relations.add('curriculum');
    if (person.id === planted.author) relations.add('author');
  }
  if (reader.kind === 'channel') {
    relations.add('staff');
    if (reader.purpose === 'jury' || reader.purpose === 'curriculum') relations.add(reader.purpose);
  }
  return relations;
}

/** Whether a declared audience fits the reader. */
function audienceFits(audience: Audience, reader: Reader): boolean {
  if (reader.kind === 'unknown') return false;
  if (reader.kind === 'student') return audience === 'student';
  if (audience === 'student') return false;
  if (reader.kind === 'channel') {
    const byPurpose: Record<string, Audience[]> = {
      jury: ['jury'],
      curriculum: ['curriculum'],
      coordinators: ['coordinator'],
    };
    return (byPurpose[reader.purpose] ?? []).includes(audience);
  }
  const roles: readonly string[] = reader.person.roles;
  const needs: Partial<Record<Audience, string[]>> = {
    mentor: ['mentor'],
    jury: ['jury'],
    curriculum: ['curriculum'],
    coordinator: ['coordinator', 'admin'],
    assessor: ['assessor'],
  };
  const wanted = needs[audience];
  return wanted === undefined || wanted.some((r) => roles.includes(r));
}

/** Lower case, accents folded, whitespace collapsed. */
const folded = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ');

/** Whether a student's name, or a part of it of four letters or more, appears as a word. */
function studentNameIn(text: string, student: Student): string | undefined {
  const parts = [student.name, ...student.name.split(/[\s-]+/).filter((p) => p.length >= 4)];
  return parts.find((part) => {
    const escaped = folded(part).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(^|[^\\p{L}])${escaped}($|[^\\p{L}])`, 'u').test(text);
  });
}

async function readableText(delivery: Delivery): Promise<string> {
  const files = await Promise.all(
    (delivery.files ?? []).map((f) =>
      f.filename.endsWith('.pdf') ? pdfText(f.content) : new TextDecoder().decode(f.content),
    ),
  );
  return [delivery.text, ...files].join('\n');
}

/** What the scan found: leaks (empty when none), and how often each field's markers were seen. */
export type ScanResult = { leaks: string[]; seen: Record<string, number>; deliveries: number };

/** Scans deliveries against every report version in the store; see the module comment for the rules. */
export async function scanDeliveries(store: Store, deliveries: readonly Delivery[]): Promise<ScanResult> {
  const students = await store.people.listStudents();
  const planted: Planted[] = [];
  for (const evaluation of await store.evaluations.list()) {
    const student = students.find((s) => s.id === evaluation.student);
    if (!student) continue;
    for (const report of await store.reports.versions(evaluation.id)) {
      const texts = [
        ...Object.values(report.content.criteria).map((c) => c.comment),
        ...TEXT_FIELDS.map((f) => report.content[f]),
      ];
      for (const match of texts.join(' ').matchAll(/\b([A-Z]{4,})-(\d+)\b/g)) {
        const field = fieldOfMarker.get(match[1] ?? '');
        if (field)
          planted.push({
            marker: match[0],
            field,
            student,
            author: report.author,
            evaluation: evaluation.id,
          });
      }
    }
  }
  const channels = await store.org.getChannels();
  const readerOf = async (d: Delivery): Promise<Reader> => {
    if ('channel' in d.to) {
      const id = d.to.channel;
      const purpose = Object.entries(channels).find(([, ref]) => ref[d.platform] === id)?.[0];
      return purpose ? { kind: 'channel', purpose } : { kind: 'unknown', ref: `channel ${id}` };
    }
    const person = await store.people.findPersonByPlatform(d.platform, d.to.user);
    if (person) return { kind: 'person', person };
    const student = await store.people.findStudentByPlatform(d.platform, d.to.user);
    return student ? { kind: 'student', student } : { kind: 'unknown', ref: `user ${d.to.user}` };
  };
  const name = (r: Reader) =>
    r.kind === 'person'
      ? r.person.id
      : r.kind === 'student'
        ? r.student.id
        : r.kind === 'channel'
          ? `#${r.purpose}`
          : r.ref;

  const leaks: string[] = [];
  const seen: Record<string, number> = {};
  for (const d of deliveries) {
    const reader = await readerOf(d);
    const text = folded(await readableText(d));
    // Markers are searched without whitespace: a PDF may break a line inside one.
    const compact = text.replace(/ /g, '');
    const where = `${d.what} to ${name(reader)} on ${d.platform}`;
    if (d.audience && !audienceFits(d.audience, reader)) leaks.push(`${where}: written for ${d.audience}`);
    for (const p of planted) {
      const at = compact.indexOf(p.marker.toLowerCase());
      if (at < 0 || /\d/.test(compact.charAt(at + p.marker.length))) continue;
      seen[p.field] = (seen[p.field] ?? 0) + 1;
      if (!mayRead(p.field, relationsOf(reader, p)))
        leaks.push(`${where}: ${p.marker} (${p.field} of ${p.evaluation}, ${p.student.id})`);
    }
    const curriculum =
      (reader.kind === 'channel' && reader.purpose === 'curriculum') || d.audience === 'curriculum';
    if (!curriculum) continue;
    for (const s of students) {
      const found = studentNameIn(text, s);
      if (found) leaks.push(`${where}: student name "${found}" (${s.id})`);
    }
  }
  return { leaks, seen, deliveries: deliveries.length };
}
