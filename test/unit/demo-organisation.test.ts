import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatOrgFileError, parseOrganisationFile } from '../../src/app/organisation-file.ts';
import type { Organisation, Person, Project, Role, Student } from '../../src/domain/model.ts';

const FILE = 'examples/org.demo.yaml';

function loadDemo(): Organisation {
  const result = parseOrganisationFile(readFileSync(FILE, 'utf8'), FILE);
  if (!result.ok) throw new Error(result.errors.map(formatOrgFileError).join('\n'));
  return result.organisation;
}

const org = loadDemo();
const withRole = (role: Role) => org.people.filter((p) => p.roles.includes(role));
const assessors = withRole('assessor');

/** The hard rules of DESIGN §2.1 that depend on the organisation file alone. */
function eligible(assessor: Person, project: Project, student: Student): boolean {
  const languages = [project.requiredLanguage, student.language].filter((l) => l !== undefined);
  return (
    assessor.certifications.includes(project.id) &&
    assessor.id !== student.mentor &&
    !assessor.conflicts.includes(student.id) &&
    languages.every((l) => assessor.languages.includes(l))
  );
}

describe('the demo organisation', () => {
  it('has two paths of at least three projects each', () => {
    expect(org.organisation.name).toBe('Open Campus');
    expect(org.paths).toHaveLength(2);
    for (const path of org.paths) expect(path.projects.length).toBeGreaterThanOrEqual(3);
    expect(org.projects.length).toBeGreaterThanOrEqual(6);
  });

  it('has real rubrics: 4 to 8 criteria, each with a competency', () => {
    for (const project of org.projects) {
      expect(project.rubric.length, project.id).toBeGreaterThanOrEqual(4);
      expect(project.rubric.length, project.id).toBeLessThanOrEqual(8);
      for (const criterion of project.rubric) {
        expect(criterion.competency, `${project.id}/${criterion.id}`).toBeTruthy();
        expect(criterion.description, `${project.id}/${criterion.id}`).toBeTruthy();
      }
    }
    expect(org.projects.filter((p) => p.requiredLanguage === 'fr').length).toBeGreaterThanOrEqual(1);
  });

  it('has the staff the workflow needs', () => {
    expect(assessors.length).toBeGreaterThanOrEqual(10);
    expect(withRole('mentor')).toHaveLength(5);
    expect(withRole('mentor').filter((m) => m.roles.includes('assessor')).length).toBeGreaterThan(0);
    expect(withRole('coordinator').length).toBeGreaterThanOrEqual(1);
    expect(withRole('coordinator').length).toBeLessThanOrEqual(2);
    for (const role of ['curriculum', 'jury', 'admin'] as const)
      expect(withRole(role).length).toBeGreaterThanOrEqual(1);
    for (const a of assessors) {
      expect(a.capacity, a.id).toBeGreaterThanOrEqual(3);
      expect(a.capacity, a.id).toBeLessThanOrEqual(8);
    }
    expect(assessors.some((a) => a.absences.length > 0)).toBe(true);
    expect(assessors.some((a) => a.conflicts.length > 0)).toBe(true);
    expect(org.people.some((p) => p.locale === 'fr' && p.languages.includes('fr'))).toBe(true);
  });

  it('has 30 students over both paths and every mentor', () => {
    expect(org.students).toHaveLength(30);
    for (const path of org.paths)
      expect(
        org.students.some((s) => s.path === path.id),
        path.id,
      ).toBe(true);
    for (const mentor of withRole('mentor'))
      expect(
        org.students.some((s) => s.mentor === mentor.id),
        mentor.id,
      ).toBe(true);
    expect(org.students.some((s) => s.locale === 'fr')).toBe(true);
    expect(org.students.some((s) => s.language === 'fr')).toBe(true);
    expect(org.students.some((s) => s.platforms.slack)).toBe(true);
    expect(org.students.some((s) => s.platforms.discord)).toBe(true);
  });

  it('has people on Slack only, Discord only and both', () => {
    const on = (p: Person) =>
      [p.platforms.slack ? 'slack' : '', p.platforms.discord ? 'discord' : ''].join('+');
    const kinds = new Set(org.people.map(on));
    expect(kinds).toEqual(new Set(['slack+', '+discord', 'slack+discord']));
    for (const purpose of ['coordinators', 'curriculum', 'jury'] as const) {
      expect(org.channels[purpose].slack, purpose).toMatch(/^C[0-9A-Z]+$/);
      expect(org.channels[purpose].discord, purpose).toMatch(/^\d{17,20}$/);
    }
  });

  it('has at least three certified assessors for every project, speaking its language', () => {
    for (const project of org.projects) {
      const certified = assessors.filter(
        (a) =>
          a.certifications.includes(project.id) &&
          (project.requiredLanguage === undefined || a.languages.includes(project.requiredLanguage)),
      );
      expect(certified.length, project.id).toBeGreaterThanOrEqual(3);
    }
  });

  it('leaves every student at least two eligible assessors for every project of their path', () => {
    const projects = new Map(org.projects.map((p) => [p.id, p]));
    for (const student of org.students) {
      const path = org.paths.find((p) => p.id === student.path);
      for (const projectId of path?.projects ?? []) {
        const project = projects.get(projectId);
        if (!project) throw new Error(`unknown project ${projectId}`);
        const count = assessors.filter((a) => eligible(a, project, student)).length;
        expect(count, `${student.id} / ${projectId}`).toBeGreaterThanOrEqual(2);
      }
    }
  });
});
