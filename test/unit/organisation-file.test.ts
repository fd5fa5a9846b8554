import { describe, expect, it } from 'vitest';
import {
  formatOrgFileError,
  type OrgFileError,
  parseOrganisationFile,
} from '../../src/app/organisation-file.ts';

const VALID = `organisation:
  name: Test School
paths:
  - id: web
    name: Web
    projects: [html, js]
projects:
  - id: html
    name: HTML
    path: web
    rubric:
      - { id: semantic, title: Semantic HTML }
      - { id: responsive, title: Responsive layout }
  - id: js
    name: JavaScript
    path: web
    rubric:
      - { id: dom, title: DOM }
people:
  - id: ada
    name: Ada Lovelace
    roles: [assessor, mentor]
    platforms: { slack: U0ADA0001, discord: "312456789012345678" }
    certifications: [html, js]
  - id: grace
    name: Grace Hopper
    roles: [assessor]
    certifications: [html]
students:
  - id: sam
    name: Sam Student
    path: web
    mentor: ada
    platforms: { slack: U0SAM0001 }
`;

/** Replaces one exact piece of the valid file (failing loudly when it is not there). */
function edit(from: string, to: string, text = VALID): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}

/** 1-based line and column of the first occurrence of `needle` (after `after`, when given). */
function positionOf(text: string, needle: string, after = ''): { line: number; column: number } {
  const offset = text.indexOf(needle, after ? text.indexOf(after) : 0);
  expect(offset).toBeGreaterThanOrEqual(0);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1] ?? '').length + 1 };
}

function errorsOf(text: string): OrgFileError[] {
  const result = parseOrganisationFile(text, 'org.yaml');
  if (result.ok) throw new Error('expected the file to be rejected');
  return result.errors;
}

function onlyError(text: string): OrgFileError {
  const errors = errorsOf(text);
  expect(errors).toHaveLength(1);
  const [error] = errors;
  if (!error) throw new Error('no error');
  return error;
}

describe('parseOrganisationFile', () => {
  it('parses a valid file and applies defaults', () => {
    const result = parseOrganisationFile(VALID, 'org.yaml');
    if (!result.ok) throw new Error(result.errors.map(formatOrgFileError).join('\n'));
    const { organisation } = result;
    expect(organisation.organisation).toEqual({ name: 'Test School', defaultLocale: 'en', timezone: 'UTC' });
    expect(organisation.people[1]).toMatchObject({
      id: 'grace',
      locale: 'en',
      capacity: 5,
      languages: ['en'],
    });
    expect(organisation.people[0]?.platforms.discord).toBe('312456789012345678');
    expect(organisation.channels).toEqual({ coordinators: {}, curriculum: {}, jury: {} });
  });

  it('reports a YAML syntax error at its line', () => {
    const text = edit('    projects: [html, js]\n', '    projects: [html, js\n');
    const errors = errorsOf(text);
    expect(errors[0]?.message).toMatch(/^YAML syntax error: /);
    expect(errors[0]?.field).toBe('');
    expect(errors[0]?.line).toBeGreaterThanOrEqual(6);
  });

  it('reports a duplicate key in plain words', () => {
    const text = edit('  name: Test School\n', '  name: Test School\n  name: Again\n');
    const error = onlyError(text);
    expect(error).toMatchObject({ line: 3, message: expect.stringContaining('appears twice') });
  });

  it('locates an unknown certification at its list item', () => {
    const text = edit('certifications: [html]', 'certifications: [html, web-basics]');
    const error = onlyError(text);
    expect(error).toMatchObject({
      file: 'org.yaml',
      field: 'people[1].certifications[1]',
      ...positionOf(text, 'web-basics'),
    });
    expect(error.message).toBe('unknown project "web-basics"; known projects: html, js');
    expect(formatOrgFileError(error)).toBe(
      `org.yaml:${error.line}:${error.column} people[1].certifications[1]: unknown project "web-basics"; known projects: html, js`,
    );
  });

  it('suggests the nearest id for a typo', () => {
    const error = onlyError(edit('mentor: ada', 'mentor: adda'));
    expect(error.field).toBe('students[0].mentor');
    expect(error.message).toContain('did you mean "ada"?');
  });

  it('points a missing field at the mapping that lacks it', () => {
    const text = edit('    name: Grace Hopper\n', '');
    const error = onlyError(text);
    expect(error).toMatchObject({ field: 'people[1].name', ...positionOf(text, 'id: grace') });
    expect(error.message).toBe('missing required field "name"; add it');
  });

  it('rejects unknown fields, pointing at the key', () => {
    const text = edit('    certifications: [html]\n', '    certifications: [html]\n    capcity: 3\n');
    const error = onlyError(text);
    expect(error).toMatchObject({ field: 'people[1].capcity', ...positionOf(text, 'capcity') });
    expect(error.message).toContain('did you mean "capacity"?');
  });

  it('explains that Discord ids must be quoted', () => {
    const error = onlyError(edit('discord: "312456789012345678"', 'discord: 312456789012345678'));
    expect(error.field).toBe('people[0].platforms.discord');
    expect(error.message).toContain('discord: "312456789012345678"');
  });

  it('lists the allowed values of an enum', () => {
    const text = edit('roles: [assessor]', 'roles: [assessor, boss]');
    const error = onlyError(text);
    expect(error).toMatchObject({ field: 'people[1].roles[1]', ...positionOf(text, 'boss') });
    expect(error.message).toContain('use one of: assessor, mentor, curriculum, jury, coordinator, admin');
  });

  it('reports a badly formed date with the expected format', () => {
    const text = edit(
      '    certifications: [html]\n',
      '    certifications: [html]\n    absences: [{ from: 1st May, to: 2026-05-02 }]\n',
    );
    const error = onlyError(text);
    expect(error.field).toBe('people[1].absences[0].from');
    expect(error.message).toContain('YYYY-MM-DD');
  });

  it('rejects an empty file', () => {
    const error = onlyError('# nothing yet\n');
    expect(error).toMatchObject({ line: 1, column: 1, field: '(root)' });
    expect(error.message).toContain('empty');
  });

  it('checks paths against projects, both ways', () => {
    const text = edit(
      '    path: web\n    rubric:\n      - { id: dom',
      '    path: mobile\n    rubric:\n      - { id: dom',
    );
    const errors = errorsOf(text);
    expect(errors.map((e) => [e.field, e.message])).toEqual([
      ['paths[0].projects[1]', expect.stringContaining('project "js" belongs to path "mobile"')],
      ['projects[1].path', 'unknown path "mobile"; known paths: web'],
    ]);
    expect(errorsOf(edit('projects: [html, js]', 'projects: [html, js, css]'))[0]).toMatchObject({
      field: 'paths[0].projects[2]',
      message: 'unknown project "css"; known projects: html, js',
    });
    expect(onlyError(edit('projects: [html, js]', 'projects: [html]'))).toMatchObject({
      field: 'projects[1].path',
      message: expect.stringContaining('path "web" does not list project "js"'),
    });
  });

  it('requires a student mentor to have the mentor role and the path to exist', () => {
    const notMentor = onlyError(edit('mentor: ada', 'mentor: grace'));
    expect(notMentor.field).toBe('students[0].mentor');
    expect(notMentor.message).toMatch(
      /"grace" does not have the mentor role .*add "mentor" to their roles or choose one of: ada/,
    );
    expect(onlyError(edit('    path: web\n    mentor', '    path: data\n    mentor'))).toMatchObject({
      field: 'students[0].path',
      message: 'unknown path "data"; known paths: web',
    });
  });

  it('checks declared conflicts name students', () => {
    const error = onlyError(
      edit('certifications: [html]', 'certifications: [html]\n    conflicts: [sam, kim]'),
    );
    expect(error).toMatchObject({
      field: 'people[1].conflicts[1]',
      message: 'unknown student "kim"; known students: sam',
    });
  });

  it('rejects duplicate ids and points at the first one', () => {
    const text = edit('  - id: grace\n    name: Grace Hopper', '  - id: ada\n    name: Grace Hopper');
    const error = onlyError(text);
    expect(error).toMatchObject({ field: 'people[1].id', ...positionOf(text, 'ada', 'Ada Lovelace') });
    expect(error.message).toBe(
      `person id "ada" is used twice; ids must be unique, so rename one of them (see people[0].id on line ${positionOf(text, 'id: ada').line})`,
    );
  });

  it('rejects a student id that is also a person id', () => {
    const error = onlyError(edit('  - id: sam', '  - id: grace'));
    expect(error.field).toBe('students[0].id');
    expect(error.message).toContain('people and students share ids');
  });

  it('rejects duplicate criterion ids within a rubric only', () => {
    const error = onlyError(edit('{ id: responsive,', '{ id: semantic,'));
    expect(error.field).toBe('projects[0].rubric[1].id');
    expect(parseOrganisationFile(edit('{ id: dom,', '{ id: semantic,'), 'org.yaml').ok).toBe(true);
  });

  it('rejects a platform account used twice across people and students', () => {
    const error = onlyError(edit('platforms: { slack: U0SAM0001 }', 'platforms: { slack: U0ADA0001 }'));
    expect(error.field).toBe('students[0].platforms.slack');
    expect(error.message).toContain('slack account "U0ADA0001" already belongs to people[0]');
  });

  it('reserves the audit actor ids', () => {
    const error = onlyError(edit('  - id: grace', '  - id: cli'));
    expect(error.field).toBe('people[1].id');
    expect(error.message).toContain('reserved');
  });

  it('sorts errors by position', () => {
    const text = edit(
      'mentor: ada',
      'mentor: nobody',
      edit('certifications: [html]', 'certifications: [nope]'),
    );
    const lines = errorsOf(text).map((e) => e.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(lines).toHaveLength(2);
  });
});

describe('formatOrgFileError', () => {
  it('omits the field of a syntax error', () => {
    expect(
      formatOrgFileError({ file: 'a.yaml', line: 3, column: 7, field: '', message: 'YAML syntax error: x' }),
    ).toBe('a.yaml:3:7 YAML syntax error: x');
  });
});
