/**
 * A small, valid organisation for tests. It has two paths (web: 3 projects, data: 2 projects, the
 * last requiring French), four assessors with different certifications, languages and platforms
 * (bruno also mentors), a mentor, a coordinator, a jury member, a curriculum member, an admin,
 * four students and the three channels on both platforms.
 */
import type { z } from 'zod';
import { Organisation } from '../../src/domain/model.ts';

/** The organisation in file form (before defaults are filled in). */
export type OrganisationInput = z.input<typeof Organisation>;
/** A person in file form. */
export type PersonInput = OrganisationInput['people'][number];
/** A student in file form. */
export type StudentInput = NonNullable<OrganisationInput['students']>[number];

/** What a test may replace: any top-level section, given in file form (defaults filled in). */
export type OrganisationOverrides = Partial<OrganisationInput>;

/** A person in file form: an assessor named after the id, unless told otherwise. */
export function buildPerson(id: string, overrides: Partial<PersonInput> = {}): PersonInput {
  return { id, name: id.charAt(0).toUpperCase() + id.slice(1), roles: ['assessor'], ...overrides };
}

/** A student in file form, on the web path and mentored by mia, unless told otherwise. */
export function buildStudent(id: string, overrides: Partial<StudentInput> = {}): StudentInput {
  return { id, name: `Student ${id.replace(/^stu-/, '')}`, path: 'web', mentor: 'mia', ...overrides };
}

function criterion(id: string, title: string, competency: string) {
  return { id, title, competency, description: `${title}: evidence shown during the soutenance.` };
}

/** The default organisation in file form. */
export function organisationInput(): OrganisationInput {
  return {
    organisation: { name: 'Test School', defaultLocale: 'en', timezone: 'Europe/Paris' },
    paths: [
      { id: 'web', name: 'Web developer', projects: ['web-1-portfolio', 'web-2-api', 'web-3-fullstack'] },
      { id: 'data', name: 'Data analyst', projects: ['data-1-sql', 'data-2-dashboard'] },
    ],
    projects: [
      {
        id: 'web-1-portfolio',
        name: 'Portfolio site',
        path: 'web',
        rubric: [
          criterion('semantic-html', 'Semantic HTML', 'front-end'),
          criterion('responsive', 'Responsive layout', 'front-end'),
        ],
      },
      {
        id: 'web-2-api',
        name: 'REST API',
        path: 'web',
        rubric: [
          criterion('routes', 'Routes and status codes', 'back-end'),
          criterion('validation', 'Input validation', 'security'),
          criterion('tests', 'Automated tests', 'quality'),
        ],
      },
      {
        id: 'web-3-fullstack',
        name: 'Full-stack application',
        path: 'web',
        rubric: [
          criterion('architecture', 'Architecture', 'back-end'),
          criterion('deployment', 'Deployment', 'operations'),
        ],
      },
      {
        id: 'data-1-sql',
        name: 'SQL analysis',
        path: 'data',
        rubric: [criterion('queries', 'Queries', 'sql'), criterion('insights', 'Insights', 'communication')],
      },
      {
        id: 'data-2-dashboard',
        name: 'Tableau de bord',
        path: 'data',
        requiredLanguage: 'fr',
        rubric: [
          criterion('kpis', 'KPIs', 'analysis'),
          criterion('storytelling', 'Storytelling', 'communication'),
        ],
      },
    ],
    people: [
      buildPerson('alice', {
        languages: ['en', 'fr'],
        certifications: ['web-1-portfolio', 'web-2-api', 'web-3-fullstack'],
        platforms: { slack: 'U01ALICE', discord: '100000000000000001' },
      }),
      buildPerson('bruno', {
        roles: ['assessor', 'mentor'],
        locale: 'fr',
        languages: ['fr', 'en'],
        certifications: ['web-1-portfolio', 'data-1-sql', 'data-2-dashboard'],
        platforms: { slack: 'U01BRUNO', discord: '100000000000000002' },
      }),
      buildPerson('chloe', {
        certifications: ['web-2-api', 'data-1-sql', 'data-2-dashboard'],
        capacity: 3,
        platforms: { discord: '100000000000000003' },
      }),
      buildPerson('dmitri', {
        certifications: ['web-1-portfolio', 'web-3-fullstack', 'data-1-sql'],
        conflicts: ['stu-emma'],
        absences: [{ from: '2025-03-10', to: '2025-03-14' }],
        platforms: { slack: 'U01DMITRI' },
      }),
      buildPerson('mia', {
        roles: ['mentor'],
        platforms: { slack: 'U01MIA', discord: '100000000000000005' },
      }),
      buildPerson('colin', { roles: ['coordinator'], platforms: { slack: 'U01COLIN' } }),
      buildPerson('jade', { roles: ['jury'], platforms: { slack: 'U01JADE' } }),
      buildPerson('cora', { roles: ['curriculum'], platforms: { discord: '100000000000000008' } }),
      buildPerson('ada', {
        roles: ['admin', 'coordinator'],
        platforms: { slack: 'U01ADA', discord: '100000000000000009' },
      }),
    ],
    students: [
      buildStudent('stu-emma', { platforms: { slack: 'U02EMMA' } }),
      buildStudent('stu-felix', { mentor: 'bruno', platforms: { discord: '200000000000000002' } }),
      buildStudent('stu-gina', {
        path: 'data',
        locale: 'fr',
        language: 'fr',
        platforms: { slack: 'U02GINA', discord: '200000000000000003' },
      }),
      buildStudent('stu-hugo', { path: 'data', mentor: 'bruno' }),
    ],
    channels: {
      coordinators: { slack: 'C01COORD', discord: '300000000000000001' },
      curriculum: { slack: 'C01CURRIC', discord: '300000000000000002' },
      jury: { slack: 'C01JURY', discord: '300000000000000003' },
    },
  };
}

/** The default organisation with top-level sections replaced, parsed (so defaults are filled in and it is valid). */
export function buildOrganisation(overrides: OrganisationOverrides = {}): Organisation {
  return Organisation.parse({ ...organisationInput(), ...overrides });
}
