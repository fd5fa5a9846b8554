/** Small helpers the command files share. */
import type { CommandReply } from '../src/app/commands/command-spec.ts';
import type { AppContext } from '../src/app/context.ts';
import type { Names } from '../src/views/command-replies.ts';
import { textMessage } from '../src/views/text-message.ts';
import type { MessageView } from '../src/views/view-model.ts';

export function say(text: string): CommandReply {
  return { kind: 'message', message: textMessage(text) };
}

export function show(message: MessageView): CommandReply {
  return { kind: 'message', message };
}

/** Display names of projects and students (ids when unknown). */
export async function loadNames(ctx: AppContext): Promise<Names> {
  const projects = new Map((await ctx.store.org.listProjects()).map((p) => [p.id, p.name]));
  const students = new Map((await ctx.store.people.listStudents()).map((s) => [s.id, s.name]));
  return { project: (id) => projects.get(id) ?? id, student: (id) => students.get(id) ?? id };
}

export async function timeZoneOf(ctx: AppContext): Promise<string> {
  return (await ctx.store.org.getSettings())?.timezone ?? 'UTC';
}
