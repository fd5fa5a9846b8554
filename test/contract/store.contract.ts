/**
 * The contract every `Store` adapter meets, run by the integration tests on each database. Each
 * test gets a fresh, migrated store (from `open`) with the organisation of `buildOrganisation`
 * imported.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation } from '../../src/domain/model.ts';
import type { Store } from '../../src/ports/store.ts';
import { buildOrganisation, buildStudent, organisationInput } from '../helpers/org-builder.ts';
import { dossierContract } from './store-dossier.contract.ts';
import { recordsContract } from './store-records.contract.ts';
import { workflowContract } from './store-workflow.contract.ts';

/** Rows the default organisation becomes: settings, 3 channels, 2 paths, 5 projects, 9 people, 4 students. */
const ORG_ROWS = 1 + 3 + 2 + 5 + 9 + 4;

/** Declares the contract suite for a store opened (and migrated) by `open`. */
export function storeContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let org: Organisation;
    const current = () => store;

    beforeEach(async () => {
      store = await open();
      org = buildOrganisation();
    });

    afterEach(async () => {
      await store.close();
    });

    describe('lifecycle', () => {
      it('migrates again without change, answers ping and names its dialect', async () => {
        await store.migrate();
        await store.ping();
        expect(['sqlite', 'postgres']).toContain(store.dialect);
      });

      it('is empty before the first import', async () => {
        expect(await store.org.getSettings()).toBeNull();
        expect(await store.org.listPaths()).toEqual([]);
        expect(await store.org.getChannels()).toEqual({ coordinators: {}, curriculum: {}, jury: {} });
        expect(await store.people.listPeople()).toEqual([]);
      });
    });

    describe('organisation import', () => {
      it('inserts every row, then finds all of them unchanged on a second import', async () => {
        expect(await store.org.importOrganisation(org)).toEqual({
          inserted: ORG_ROWS,
          updated: 0,
          unchanged: 0,
          deactivated: 0,
        });
        expect(await store.org.importOrganisation(buildOrganisation())).toEqual({
          inserted: 0,
          updated: 0,
          unchanged: ORG_ROWS,
          deactivated: 0,
        });
        expect(await store.people.listPeople()).toHaveLength(9);
      });

      it('reads back settings, paths, projects and channels as imported', async () => {
        await store.org.importOrganisation(org);
        expect(await store.org.getSettings()).toEqual({
          name: 'Test School',
          defaultLocale: 'en',
          timezone: 'Europe/Paris',
        });
        expect(await store.org.listPaths()).toEqual([org.paths[1], org.paths[0]]);
        expect(await store.org.getPath('web')).toEqual(org.paths[0]);
        expect(await store.org.getPath('nope')).toBeNull();
        const projects = await store.org.listProjects();
        expect(projects.map((p) => p.id)).toEqual([
          'data-1-sql',
          'data-2-dashboard',
          'web-1-portfolio',
          'web-2-api',
          'web-3-fullstack',
        ]);
        expect(await store.org.getProject('data-2-dashboard')).toEqual(org.projects[4]);
        expect(await store.org.getProject('web-2-api')).toEqual(org.projects[1]);
        expect(await store.org.getChannels()).toEqual(org.channels);
      });

      it('reads back people and students, with set-like lists sorted', async () => {
        await store.org.importOrganisation(org);
        expect(await store.people.getPerson('bruno')).toEqual({
          id: 'bruno',
          name: 'Bruno',
          roles: ['assessor', 'mentor'],
          locale: 'fr',
          languages: ['en', 'fr'],
          platforms: { slack: 'U01BRUNO', discord: '100000000000000002' },
          certifications: ['data-1-sql', 'data-2-dashboard', 'web-1-portfolio'],
          capacity: 5,
          absences: [],
          conflicts: [],
        });
        expect(await store.people.getPerson('dmitri')).toMatchObject({
          absences: [{ from: '2025-03-10', to: '2025-03-14' }],
          conflicts: ['stu-emma'],
          platforms: { slack: 'U01DMITRI' },
        });
        expect(await store.people.getStudent('stu-gina')).toEqual(org.students[2]);
        const emma = await store.people.getStudent('stu-emma');
        expect(emma).toEqual(org.students[0]);
        expect(emma && 'language' in emma).toBe(false);
        expect(await store.people.getPerson('nobody')).toBeNull();
      });

      it('counts updated and inserted rows', async () => {
        await store.org.importOrganisation(org);
        const input = organisationInput();
        const people = input.people.map((p) => (p.id === 'alice' ? { ...p, name: 'Alice Martin' } : p));
        const students = [...(input.students ?? []), buildStudent('stu-ines')];
        const summary = await store.org.importOrganisation(buildOrganisation({ people, students }));
        expect(summary).toEqual({ inserted: 1, updated: 1, unchanged: ORG_ROWS - 1, deactivated: 0 });
        expect((await store.people.getPerson('alice'))?.name).toBe('Alice Martin');
        expect(await store.people.getStudent('stu-ines')).not.toBeNull();
      });

      it('deactivates people and students missing from a new import, and reactivates them', async () => {
        await store.org.importOrganisation(org);
        const input = organisationInput();
        const without = buildOrganisation({
          people: input.people.filter((p) => p.id !== 'chloe'),
          students: (input.students ?? []).filter((s) => s.id !== 'stu-hugo'),
        });
        expect(await store.org.importOrganisation(without)).toEqual({
          inserted: 0,
          updated: 0,
          unchanged: ORG_ROWS - 2,
          deactivated: 2,
        });
        expect(await store.people.getPerson('chloe')).toBeNull();
        expect(await store.people.findPersonByPlatform('discord', '100000000000000003')).toBeNull();
        expect(await store.people.getStudent('stu-hugo')).toBeNull();
        expect(
          (await store.people.getStudents(['stu-hugo', 'stu-felix', 'nobody'])).map((s) => s.id),
        ).toEqual(['stu-felix']);
        expect((await store.people.listStudents({ mentor: 'bruno' })).map((s) => s.id)).toEqual([
          'stu-felix',
        ]);
        expect((await store.people.listPeople({ role: 'assessor' })).map((p) => p.id)).not.toContain('chloe');
        // Past reports may name them: the anonymiser still knows every name.
        const everyName = [...input.people, ...(input.students ?? [])].map((p) => p.name).sort();
        expect(await store.people.everyName()).toEqual(everyName);
        expect((await store.org.importOrganisation(without)).deactivated).toBe(0);

        expect(await store.org.importOrganisation(buildOrganisation())).toEqual({
          inserted: 0,
          updated: 2,
          unchanged: ORG_ROWS - 2,
          deactivated: 0,
        });
        expect(await store.people.getPerson('chloe')).not.toBeNull();
        expect(await store.people.getStudent('stu-hugo')).not.toBeNull();
      });

      it('drops a project from the lists but still resolves it for past evaluations', async () => {
        await store.org.importOrganisation(org);
        const input = organisationInput();
        const summary = await store.org.importOrganisation(
          buildOrganisation({
            paths: [
              ...input.paths.filter((p) => p.id !== 'data'),
              { id: 'data', name: 'Data analyst', projects: ['data-1-sql'] },
            ],
            projects: input.projects.filter((p) => p.id !== 'data-2-dashboard'),
          }),
        );
        expect(summary).toMatchObject({ updated: 1, deactivated: 1 });
        expect((await store.org.listProjects()).map((p) => p.id)).not.toContain('data-2-dashboard');
        expect(await store.org.getProject('data-2-dashboard')).toEqual(org.projects[4]);
        const found = await store.org.getProjects(['data-2-dashboard', 'web-2-api', 'nope']);
        expect([...found].sort((a, b) => a.id.localeCompare(b.id))).toEqual([
          org.projects[4],
          org.projects[1],
        ]);
        expect(await store.org.getProjects([])).toEqual([]);
      });
    });

    describe('people', () => {
      beforeEach(async () => {
        await store.org.importOrganisation(org);
      });

      it('finds people and students by platform id', async () => {
        expect((await store.people.findPersonByPlatform('slack', 'U01ALICE'))?.id).toBe('alice');
        expect((await store.people.findPersonByPlatform('discord', '100000000000000002'))?.id).toBe('bruno');
        expect(await store.people.findPersonByPlatform('discord', 'U01ALICE')).toBeNull();
        expect(await store.people.findPersonByPlatform('slack', 'U02EMMA')).toBeNull();
        expect((await store.people.findStudentByPlatform('slack', 'U02EMMA'))?.id).toBe('stu-emma');
        expect((await store.people.findStudentByPlatform('discord', '200000000000000003'))?.id).toBe(
          'stu-gina',
        );
        expect(await store.people.findStudentByPlatform('slack', 'U01ALICE')).toBeNull();
      });

      it('lists people by role and students by mentor and path', async () => {
        const ids = async (role?: 'assessor' | 'mentor' | 'coordinator' | 'jury') =>
          (await store.people.listPeople(role ? { role } : {})).map((p) => p.id);
        expect(await ids('assessor')).toEqual(['alice', 'bruno', 'chloe', 'dmitri']);
        expect(await ids('mentor')).toEqual(['bruno', 'mia']);
        expect(await ids('coordinator')).toEqual(['ada', 'colin']);
        expect(await ids('jury')).toEqual(['jade']);
        expect(await ids()).toHaveLength(9);
        const students = async (filter: { mentor?: string; path?: string }) =>
          (await store.people.listStudents(filter)).map((s) => s.id);
        expect(await students({ mentor: 'bruno' })).toEqual(['stu-felix', 'stu-hugo']);
        expect(await students({ path: 'data' })).toEqual(['stu-gina', 'stu-hugo']);
        expect(await students({ mentor: 'mia', path: 'data' })).toEqual(['stu-gina']);
        expect(await students({})).toHaveLength(4);
      });

      it('keeps declared availability across imports until the file changes that value', async () => {
        const away = [{ from: '2025-04-01', to: '2025-04-05' }];
        await store.people.updateAvailability('alice', { capacity: 2, absences: away });
        expect(await store.people.getPerson('alice')).toMatchObject({ capacity: 2, absences: away });
        expect((await store.org.importOrganisation(buildOrganisation())).unchanged).toBe(ORG_ROWS);
        expect(await store.people.getPerson('alice')).toMatchObject({ capacity: 2, absences: away });

        const input = organisationInput();
        const people = input.people.map((p) => (p.id === 'alice' ? { ...p, capacity: 7 } : p));
        expect((await store.org.importOrganisation(buildOrganisation({ people }))).updated).toBe(1);
        expect(await store.people.getPerson('alice')).toMatchObject({ capacity: 7, absences: away });
        await store.people.updateAvailability('alice', { capacity: 4 });
        expect(await store.people.getPerson('alice')).toMatchObject({ capacity: 4, absences: away });
      });

      it('records conflicts once and keeps them across imports', async () => {
        await store.people.addConflict('alice', 'stu-felix');
        await store.people.addConflict('alice', 'stu-felix');
        await store.people.addConflict('dmitri', 'stu-gina');
        expect((await store.people.getPerson('alice'))?.conflicts).toEqual(['stu-felix']);
        expect((await store.people.getPerson('dmitri'))?.conflicts).toEqual(['stu-emma', 'stu-gina']);
        expect((await store.org.importOrganisation(buildOrganisation())).unchanged).toBe(ORG_ROWS);
        const assessors = await store.people.listPeople({ role: 'assessor' });
        expect(assessors.find((p) => p.id === 'dmitri')?.conflicts).toEqual(['stu-emma', 'stu-gina']);
        expect(assessors.find((p) => p.id === 'alice')?.conflicts).toEqual(['stu-felix']);
      });

      it('records unreachable recipients per platform', async () => {
        expect(await store.people.unreachablePlatforms('stu-gina')).toEqual([]);
        await store.people.markUnreachable('stu-gina', 'discord', '50007');
        await store.people.markUnreachable('stu-gina', 'discord', '50007');
        expect(await store.people.unreachablePlatforms('stu-gina')).toEqual(['discord']);
        await store.people.markUnreachable('stu-gina', 'slack', 'cannot_dm_bot');
        expect(await store.people.unreachablePlatforms('stu-gina')).toEqual(['discord', 'slack']);
        expect(await store.people.unreachablePlatforms('alice')).toEqual([]);
      });
    });

    describe('with the organisation imported', () => {
      beforeEach(async () => {
        await store.org.importOrganisation(org);
      });
      workflowContract(current);
      recordsContract(current);
      dossierContract(current);
    });
  });
}
