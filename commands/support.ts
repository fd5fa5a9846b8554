/** Small helpers the command files share. */
import type { CommandReply } from '../src/app/commands/command-spec.ts';
import type { AppContext } from '../src/app/context.ts';
import type { Evaluation } from '../src/domain/model.ts';
import type { Names } from '../src/views/command-replies.ts';
import { textMessage } from '../src/views/text-message.ts';
import type { MessageView } from '../src/views/view-model.ts';

export function say(text: string): CommandReply {
  return { kind: 'message', message: textMessage(text) };
}

export function show(message: MessageView): CommandReply {
  return { kind: 'message', message };
}

/** Display names of the projects and students of `evaluations` (ids when unknown); reads only those. */
export async function loadNames(
  ctx: AppContext,
  evaluations: readonly Pick<Evaluation, 'project' | 'student'>[],
): Promise<Names> {
  const projectIds = [...new Set(evaluations.map((e) => e.project))];
  const studentIds = [...new Set(evaluations.map((e) => e.student))];
  const projects = new Map((await ctx.store.org.getProjects(projectIds)).map((p) => [p.id, p.name]));
  const students = new Map((await ctx.store.people.getStudents(studentIds)).map((s) => [s.id, s.name]));
  return { project: (id) => projects.get(id) ?? id, student: (id) => students.get(id) ?? id };
}
