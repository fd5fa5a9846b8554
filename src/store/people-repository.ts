/** People (staff) and students, with their row mappings. */
import type { Selectable } from 'kysely';
import type { Absence, Person, Platform, PlatformIdentities, Role, Student } from '../domain/model.ts';
import type { PeopleRepository } from '../ports/store.ts';
import { canonicalJson, parseJson, sortedUnique } from './codec.ts';
import type { DbContext, PeopleTable, StudentsTable } from './database.ts';

/** The columns an organisation file sets on a person (everything an import compares). */
export type PersonFileRow = Omit<Selectable<PeopleTable>, 'capacity_override' | 'absences_override'>;

/** Absences in a stable order, so that the same list always gives the same text. */
export function absencesJson(absences: readonly Absence[]): string {
  const sorted = [...absences].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return canonicalJson(sorted.map((a) => ({ from: a.from, to: a.to })));
}

/** A person as the organisation file describes them, normalised. */
export function personToRow(person: Person): PersonFileRow {
  return {
    id: person.id,
    name: person.name,
    roles: canonicalJson(sortedUnique(person.roles)),
    locale: person.locale,
    languages: canonicalJson(sortedUnique(person.languages)),
    slack_id: person.platforms.slack ?? null,
    discord_id: person.platforms.discord ?? null,
    certifications: canonicalJson(sortedUnique(person.certifications)),
    capacity: person.capacity,
    absences: absencesJson(person.absences),
    conflicts: canonicalJson(sortedUnique(person.conflicts)),
    active: 1,
  };
}

/** A stored person: runtime overrides win over the file, declared conflicts join the file's. */
export function rowToPerson(row: Selectable<PeopleTable>, declaredConflicts: readonly string[]): Person {
  return {
    id: row.id,
    name: row.name,
    roles: parseJson<Role[]>(row.roles),
    locale: row.locale,
    languages: parseJson<string[]>(row.languages),
    platforms: platformsOf(row),
    certifications: parseJson<string[]>(row.certifications),
    capacity: row.capacity_override ?? row.capacity,
    absences: parseJson<Absence[]>(row.absences_override ?? row.absences),
    conflicts: sortedUnique([...parseJson<string[]>(row.conflicts), ...declaredConflicts]),
  };
}

/** A student as the organisation file describes them, normalised. */
export function studentToRow(student: Student): Selectable<StudentsTable> {
  return {
    id: student.id,
    name: student.name,
    path: student.path,
    mentor: student.mentor,
    locale: student.locale,
    language: student.language ?? null,
    slack_id: student.platforms.slack ?? null,
    discord_id: student.platforms.discord ?? null,
    active: 1,
  };
}

/** A row as a student. */
export function rowToStudent(row: Selectable<StudentsTable>): Student {
  return {
    id: row.id,
    name: row.name,
    path: row.path,
    mentor: row.mentor,
    locale: row.locale,
    ...(row.language === null ? {} : { language: row.language }),
    platforms: platformsOf(row),
  };
}

function platformsOf(row: { slack_id: string | null; discord_id: string | null }): PlatformIdentities {
  return {
    ...(row.slack_id === null ? {} : { slack: row.slack_id }),
    ...(row.discord_id === null ? {} : { discord: row.discord_id }),
  };
}

function platformColumn(platform: Platform): 'slack_id' | 'discord_id' {
  return platform === 'slack' ? 'slack_id' : 'discord_id';
}

/** `PeopleRepository` on Kysely. */
export class KyselyPeopleRepository implements PeopleRepository {
  private readonly ctx: DbContext;

  constructor(ctx: DbContext) {
    this.ctx = ctx;
  }

  async getPerson(id: string): Promise<Person | null> {
    const row = await this.ctx.db
      .selectFrom('people')
      .selectAll()
      .where('id', '=', id)
      .where('active', '=', 1)
      .executeTakeFirst();
    return row ? rowToPerson(row, await this.declaredConflicts(row.id)) : null;
  }

  async findPersonByPlatform(platform: Platform, platformUserId: string): Promise<Person | null> {
    const row = await this.ctx.db
      .selectFrom('people')
      .selectAll()
      .where(platformColumn(platform), '=', platformUserId)
      .where('active', '=', 1)
      .orderBy('id')
      .executeTakeFirst();
    return row ? rowToPerson(row, await this.declaredConflicts(row.id)) : null;
  }

  async listPeople(filter: { role?: Role } = {}): Promise<Person[]> {
    let query = this.ctx.db.selectFrom('people').selectAll().where('active', '=', 1);
    // Roles are a sorted JSON array of known words, so a quoted match is exact.
    if (filter.role) query = query.where('roles', 'like', `%"${filter.role}"%`);
    const rows = await query.orderBy('id').execute();
    if (rows.length === 0) return [];
    const declared = await this.ctx.db
      .selectFrom('declared_conflicts')
      .select(['person_id', 'student_id'])
      .execute();
    const byPerson = new Map<string, string[]>();
    for (const d of declared) byPerson.set(d.person_id, [...(byPerson.get(d.person_id) ?? []), d.student_id]);
    return rows.map((row) => rowToPerson(row, byPerson.get(row.id) ?? []));
  }

  async getStudent(id: string): Promise<Student | null> {
    const row = await this.ctx.db
      .selectFrom('students')
      .selectAll()
      .where('id', '=', id)
      .where('active', '=', 1)
      .executeTakeFirst();
    return row ? rowToStudent(row) : null;
  }

  async getStudents(ids: readonly string[]): Promise<Student[]> {
    if (ids.length === 0) return [];
    const rows = await this.ctx.db
      .selectFrom('students')
      .selectAll()
      .where('id', 'in', [...ids])
      .where('active', '=', 1)
      .execute();
    return rows.map(rowToStudent);
  }

  async findStudentByPlatform(platform: Platform, platformUserId: string): Promise<Student | null> {
    const row = await this.ctx.db
      .selectFrom('students')
      .selectAll()
      .where(platformColumn(platform), '=', platformUserId)
      .where('active', '=', 1)
      .orderBy('id')
      .executeTakeFirst();
    return row ? rowToStudent(row) : null;
  }

  async listStudents(filter: { mentor?: string; path?: string } = {}): Promise<Student[]> {
    let query = this.ctx.db.selectFrom('students').selectAll().where('active', '=', 1);
    if (filter.mentor !== undefined) query = query.where('mentor', '=', filter.mentor);
    if (filter.path !== undefined) query = query.where('path', '=', filter.path);
    const rows = await query.orderBy('id').execute();
    return rows.map(rowToStudent);
  }

  async everyName(): Promise<string[]> {
    const rows = await this.ctx.db
      .selectFrom('people')
      .select('name')
      .union(this.ctx.db.selectFrom('students').select('name'))
      .execute();
    // Sorted here: PostgreSQL's collation would order them differently from SQLite's.
    return rows.map((row) => row.name).sort();
  }

  async updateAvailability(
    personId: string,
    change: { capacity?: number; absences?: Absence[] },
  ): Promise<void> {
    const set: { capacity_override?: number; absences_override?: string } = {};
    if (change.capacity !== undefined) set.capacity_override = change.capacity;
    if (change.absences !== undefined) set.absences_override = absencesJson(change.absences);
    if (Object.keys(set).length === 0) return;
    await this.ctx.db.updateTable('people').set(set).where('id', '=', personId).execute();
  }

  async addConflict(personId: string, studentId: string): Promise<void> {
    await this.ctx.db
      .insertInto('declared_conflicts')
      .values({ person_id: personId, student_id: studentId, declared_at: Date.now() })
      .onConflict((oc) => oc.columns(['person_id', 'student_id']).doNothing())
      .execute();
  }

  async markUnreachable(recipientId: string, platform: Platform, code: string): Promise<void> {
    const markedAt = Date.now();
    await this.ctx.db
      .insertInto('unreachable_recipients')
      .values({ recipient_id: recipientId, platform, code, marked_at: markedAt })
      .onConflict((oc) => oc.columns(['recipient_id', 'platform']).doUpdateSet({ code, marked_at: markedAt }))
      .execute();
  }

  async unreachablePlatforms(recipientId: string): Promise<Platform[]> {
    const rows = await this.ctx.db
      .selectFrom('unreachable_recipients')
      .select('platform')
      .where('recipient_id', '=', recipientId)
      .orderBy('platform')
      .execute();
    return rows.map((r) => r.platform);
  }

  private async declaredConflicts(personId: string): Promise<string[]> {
    const rows = await this.ctx.db
      .selectFrom('declared_conflicts')
      .select('student_id')
      .where('person_id', '=', personId)
      .execute();
    return rows.map((r) => r.student_id);
  }
}
