/**
 * Every job the worker runs (DESIGN §4: one file per job in `jobs/`). Each job file exports its
 * definition(s); list them here and the worker runtime picks them up, with their retry defaults.
 */
import type { JobDefinition } from '../src/app/job-definition.ts';
import { assembleDossierJob } from './assemble-dossier.ts';
import { compileDossierJob } from './compile-dossier.ts';
import { curriculumDigestJob } from './curriculum-digest.ts';
import { notifyJobs } from './notify.ts';
import { reminderJobs } from './reminders.ts';
import { renderDossierSectionJob } from './render-dossier-section.ts';

/** The definitions the worker runs and whose retry defaults the producers apply. */
export const jobDefinitions: JobDefinition[] = [
  ...notifyJobs,
  ...reminderJobs,
  compileDossierJob,
  renderDossierSectionJob,
  assembleDossierJob,
  curriculumDigestJob,
];
