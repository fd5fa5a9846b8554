import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { buildCommandData, COMMAND_LIMITS } from '../../src/adapters/discord/command-data.ts';
import { COMMAND_PATHS } from '../../src/domain/authz.ts';

const data = buildCommandData(commands);
const NAME = /^[-_\p{Ll}\p{N}]{1,32}$/u;
const FIXTURE = join(
  process.cwd(),
  '..',
  'shared',
  'fixtures',
  'discord-command-definition-subcommand-groups.json',
);

type Node = {
  name: string;
  description: string;
  type?: number;
  required?: boolean;
  options?: Node[];
  choices?: { name: string; value: string | number }[];
  description_localizations?: Record<string, string>;
};

/** Every node of the definitions (commands, subcommands, options) with its depth. */
function walk(nodes: readonly Node[], depth = 0): { node: Node; depth: number }[] {
  return nodes.flatMap((node) => [{ node, depth }, ...walk(node.options ?? [], depth + 1)]);
}

const all = walk(data as Node[]);

describe('Discord command data', () => {
  it('has one chat-input command per group, within the 100 global commands', () => {
    expect(data.map((c) => c.name)).toEqual(['assess', 'mentor', 'curriculum', 'jury', 'evaluation']);
    expect(data.length).toBeLessThanOrEqual(COMMAND_LIMITS.commands);
    for (const command of data) expect(command.type).toBe(1);
  });

  it('names every node 1–32 lowercase characters and describes it in 1–100 (en and fr)', () => {
    for (const { node } of all) {
      expect(node.name, node.name).toMatch(NAME);
      expect(node.description.length, node.name).toBeGreaterThanOrEqual(1);
      expect(node.description.length, node.name).toBeLessThanOrEqual(100);
      const fr = node.description_localizations?.fr ?? '';
      expect(fr.length, `${node.name} fr`).toBeGreaterThanOrEqual(1);
      expect(fr.length, `${node.name} fr`).toBeLessThanOrEqual(100);
    }
  });

  it('keeps at most 25 options and 25 choices per level, required options first', () => {
    for (const { node } of all) {
      const options = node.options ?? [];
      expect(options.length, node.name).toBeLessThanOrEqual(25);
      expect((node.choices ?? []).length, node.name).toBeLessThanOrEqual(25);
      const firstOptional = options.findIndex((o) => o.type !== 1 && !o.required);
      if (firstOptional >= 0)
        expect(
          options.slice(firstOptional).some((o) => o.required),
          node.name,
        ).toBe(false);
      for (const choice of node.choices ?? []) expect(choice.name.length).toBeLessThanOrEqual(100);
    }
  });

  it('has a subcommand for every command of the registry, and only those', () => {
    const paths = data.flatMap((c) => (c.options as Node[]).map((s) => `${c.name} ${s.name}`));
    expect(paths.sort()).toEqual(commands.map((c) => c.path).sort());
    for (const path of paths) expect(COMMAND_PATHS).toContain(path);
  });

  it('types the options by kind: autocomplete ids, bounded integers, choices, dates with their format', () => {
    const option = (path: string, name: string) => {
      const [group, sub] = path.split(' ');
      const command = data.find((c) => c.name === group);
      const subcommand = (command?.options as Node[] | undefined)?.find((s) => s.name === sub);
      return subcommand?.options?.find((o) => o.name === name) as Record<string, unknown> | undefined;
    };
    expect(option('assess report', 'evaluation')).toMatchObject({
      type: 3,
      autocomplete: true,
      required: false,
    });
    expect(option('evaluation request', 'student')).toMatchObject({
      type: 3,
      autocomplete: true,
      required: true,
    });
    expect(option('evaluation reassign', 'assessor')).toMatchObject({ autocomplete: true });
    expect(option('curriculum digest', 'project')).toMatchObject({ autocomplete: true });
    expect(option('assess availability', 'capacity')).toMatchObject({ type: 4, min_value: 0, max_value: 50 });
    expect(option('assess decline', 'reason')).toMatchObject({ type: 3, max_length: 500 });
    expect(option('assess decide', 'outcome')).toMatchObject({
      type: 3,
      choices: [
        { name: 'Approved', value: 'approved' },
        { name: 'To rework', value: 'to_rework' },
      ],
    });
    expect(option('assess availability', 'away-from')?.description).toContain('YYYY-MM-DD');
    expect(option('assess schedule', 'when')?.description).toContain('YYYY-MM-DD HH:mm');
    expect(
      (option('assess schedule', 'when')?.description_localizations as Record<string, string> | undefined)
        ?.fr,
    ).toContain('AAAA-MM-JJ HH:mm');
  });

  it.skipIf(!existsSync(FIXTURE))('has the shape of Discord’s published command definition', () => {
    const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Node;
    const official = walk([fixture]);
    const keysAt = (nodes: { node: Node; depth: number }[], leaf: boolean) =>
      new Set(
        nodes
          .filter(({ node }) => (node.options === undefined) === leaf)
          .flatMap(({ node }) => Object.keys(node)),
      );
    // The keys Discord's own example uses for commands, subcommands and options are the ones we use.
    const extra = new Set([
      'type',
      'description_localizations',
      'name_localizations',
      'autocomplete',
      'choices',
      'max_length',
      'min_value',
      'max_value',
    ]);
    for (const leaf of [false, true]) {
      const ours = keysAt(all, leaf);
      for (const key of keysAt(official, leaf))
        if (key !== 'required' || leaf) expect(ours, key).toContain(key);
      for (const key of ours) expect(keysAt(official, leaf).has(key) || extra.has(key), key).toBe(true);
    }
    // Subcommands are type 1 and basic options are the types Discord defines (3 string, 4 integer).
    expect(official.some(({ node }) => node.type === 1)).toBe(true);
    for (const { node, depth } of all) {
      if (depth === 1) expect(node.type).toBe(1);
      if (depth === 2) expect([3, 4]).toContain(node.type);
      if (depth === 2) expect(typeof node.required).toBe('boolean');
    }
    expect(all.every(({ depth }) => depth <= 2)).toBe(true);
  });
});
