/**
 * The compact request-body schemas of `route-specs.json`: a small subset of JSON Schema kept from
 * Discord's OpenAPI document for the routes the local fake serves, so the fake validates bodies
 * without reading the full specification at run time.
 */
import { readFileSync } from 'node:fs';

/** One node of a compact schema; absent keywords mean "no constraint". */
export type SchemaNode = {
  /** Name of a schema in {@link RouteSpecFile.schemas}. */
  $ref?: string;
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  /** `null` is accepted too. */
  nullable?: true;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  enum?: Array<string | number>;
  /** Only `snowflake`: an integer id written as a string (or a number). */
  format?: 'snowflake';
  items?: SchemaNode;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: SchemaNode;
  maxProperties?: number;
  /** Exactly one branch must match; object branches are told apart by their `type` field. */
  oneOf?: SchemaNode[];
};

/** A served route: its body schema (or none) and whether it also takes multipart/form-data. */
export type RouteSpec = {
  operationId: string;
  body: SchemaNode | null;
  multipart: boolean;
};

/** A value the docs state differently from the spec; the docs win. */
export type SpecOverride = {
  schema: string;
  path: string[];
  specValue: number | string | null;
  docsValue: number;
  why: string;
};

/** The whole committed file. */
export type RouteSpecFile = {
  source: { file: string; openapi: string; apiVersion: string; sha256: string };
  notes: string[];
  overrides: SpecOverride[];
  /** Keyed by `METHOD /path/{template}` exactly as in the OpenAPI document. */
  routes: Record<string, RouteSpec>;
  schemas: Record<string, SchemaNode>;
};

/** Reads the committed `route-specs.json` next to this module. */
export function loadRouteSpecs(): RouteSpecFile {
  const text = readFileSync(new URL('./route-specs.json', import.meta.url), 'utf8');
  const parsed: unknown = JSON.parse(text);
  if (!isRouteSpecFile(parsed)) throw new Error('route-specs.json is not a route spec file');
  return parsed;
}

function isRouteSpecFile(value: unknown): value is RouteSpecFile {
  if (typeof value !== 'object' || value === null) return false;
  return 'routes' in value && 'schemas' in value && typeof value.routes === 'object';
}
