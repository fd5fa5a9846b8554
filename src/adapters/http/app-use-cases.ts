/**
 * The real use cases behind the HTTP API, and the app built on them: what the composition roots
 * use. Tests of the HTTP layer alone pass their own `useCases` to `createHttpApp` instead.
 */
import { recordResubmission } from '../../app/conditional.ts';
import { getEvaluation } from '../../app/get-evaluation.ts';
import { requestEvaluation } from '../../app/request-evaluation.ts';
import type { HttpUseCases } from './api-router.ts';
import { createHttpApp, type HttpApp, type HttpAppDeps } from './create-http-app.ts';

/** The application's use cases, as the API calls them. */
export const appUseCases: HttpUseCases = { requestEvaluation, getEvaluation, recordResubmission };

/** `createHttpApp` wired to the application's use cases. */
export function createAppHttpApp(deps: Omit<HttpAppDeps, 'useCases'>): HttpApp {
  return createHttpApp({ ...deps, useCases: appUseCases });
}
