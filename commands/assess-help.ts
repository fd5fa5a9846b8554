import { z } from 'zod';
import { type CommandSpec, defineCommand } from '../src/app/commands/command-spec.ts';
import { usageOf } from '../src/app/commands/parse-options.ts';
import { authorize } from '../src/domain/authz.ts';
import { t } from '../src/domain/catalog/index.ts';
import { listReply } from '../src/views/command-replies.ts';
import { show } from './support.ts';

/** `/assess help`: every command the person's roles allow, with its usage and what it does. */
export function assessHelp(commands: () => readonly CommandSpec[]): CommandSpec {
  return defineCommand({
    path: 'assess help',
    options: [],
    schema: z.object({}),
    async handle({ person, locale }) {
      const lines = commands()
        .filter((spec) => authorize(person, spec.path).ok)
        .map((spec) => `\`${usageOf(spec.path, spec.options)}\` — ${t(locale, `command.${spec.path}`)}`);
      return show(listReply(t(locale, 'reply.help.title'), [{ lines }], locale));
    },
  });
}
