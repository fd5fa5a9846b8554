import type { Command } from 'commander';
import { importOrganisationFile } from '../../app/import-organisation.ts';
import { formatOrgFileError } from '../../app/organisation-file.ts';
import { readInputFile } from './read-input-file.ts';
import { type CliRuntime, CliUserError, withStore } from './runtime.ts';

/** `desk import <file>`: imports the organisation file, all or nothing (DESIGN §2.8). */
export function registerImportCommand(program: Command, runtime: CliRuntime): void {
  program
    .command('import')
    .description('import (or re-import) the organisation file: paths, projects, people, students, channels')
    .argument('<file>', 'the organisation YAML file, e.g. examples/org.demo.yaml')
    .action(async (file: string) => {
      const text = await readInputFile(file);
      const result = await withStore(runtime, (store) =>
        importOrganisationFile(store, text, file, { clock: runtime.clock }),
      );
      if (!result.ok) {
        const count = result.errors.length;
        throw new CliUserError(
          `${file} has ${count} error${count === 1 ? '' : 's'}; nothing was imported`,
          result.errors.map(formatOrgFileError),
        );
      }
      const { summary, organisation: org } = result;
      runtime.io.stdout(
        `Imported ${file}: ${org.paths.length} paths, ${org.projects.length} projects, ${org.people.length} people, ` +
          `${org.students.length} students.\n` +
          `${summary.inserted} inserted, ${summary.updated} updated, ${summary.unchanged} unchanged, ` +
          `${summary.deactivated} deactivated.\n`,
      );
    });
}
