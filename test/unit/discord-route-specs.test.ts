import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRouteSpecs } from '../../src/sandbox/discord-fake/generate-route-specs.ts';
import { SERVED_ROUTES } from '../../src/sandbox/discord-fake/served-routes.ts';
import { loadRouteSpecs } from '../../src/sandbox/discord-fake/spec-schema.ts';
import { BodyValidator, invalidFormBody } from '../../src/sandbox/discord-fake/validation.ts';

const SPEC = resolve(import.meta.dirname, '../../../shared/specs/discord_openapi.json');
const FIXTURES = resolve(import.meta.dirname, '../../../shared/fixtures');
const specs = loadRouteSpecs();
const validator = new BodyValidator(specs);

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(resolve(FIXTURES, name), 'utf8'));
}

/** The skeleton of an error body: field names become `*`, values become their types. */
function shape(value: unknown, top = true): unknown {
  if (Array.isArray(value)) return value.map((v) => shape(v, false));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const key = top || k === '_errors' || !Number.isNaN(Number(k)) ? k : '*';
      const child = shape(v, top && k !== 'errors' ? top : false);
      out[key] = key === '*' && out[key] ? out[key] : child;
    }
    return out;
  }
  return typeof value;
}

function errorsOf(route: string, body: unknown) {
  return invalidFormBody(validator.validateRoute(route, body));
}

const CALLBACK = 'POST /interactions/{interaction_id}/{interaction_token}/callback';
const MESSAGE = 'POST /channels/{channel_id}/messages';
const COMMANDS = 'PUT /applications/{application_id}/commands';

function textInputModal(count: number, overrides: Record<string, unknown> = {}) {
  return {
    type: 9,
    data: {
      custom_id: 'report',
      title: 'Report',
      components: Array.from({ length: count }, (_, i) => ({
        type: 18,
        label: `Field ${i}`,
        component: { type: 4, custom_id: `f${i}`, style: 1, ...overrides },
      })),
    },
  };
}

describe('route-specs.json', () => {
  it.skipIf(!existsSync(SPEC))('is what the generator builds from the official OpenAPI document', () => {
    const fresh = buildRouteSpecs(readFileSync(SPEC, 'utf8'), 'discord_openapi.json');
    expect(specs).toEqual(JSON.parse(JSON.stringify(fresh)));
  });

  it('lists exactly the routes the fake serves', () => {
    expect(Object.keys(specs.routes).sort()).toEqual([...SERVED_ROUTES].sort());
    expect(specs.routes[MESSAGE]?.multipart).toBe(true);
    expect(specs.routes['GET /gateway/bot']?.body).toBeNull();
  });

  it('follows the docs where they differ from the spec, and says so', () => {
    expect(specs.overrides.map((o) => [o.schema, o.specValue, o.docsValue])).toEqual([
      ['MessageCreateRequest', 4000, 2000],
      ['MessageEditRequestPartial', 4000, 2000],
      ['ModalInteractionCallbackRequestData', 40, 5],
    ]);
    expect(specs.schemas.MessageCreateRequest?.properties?.content?.maxLength).toBe(2000);
    expect(specs.schemas.ModalInteractionCallbackRequestData?.properties?.components?.maxItems).toBe(5);
  });
});

describe('body validation against the route specs', () => {
  it('refuses 2001 characters of content with the nested 50035 error of the docs', () => {
    expect(errorsOf(MESSAGE, { content: 'x'.repeat(2000) }).errors).toEqual({});
    const body = errorsOf(MESSAGE, { content: 'x'.repeat(2001) });
    expect(body).toEqual({
      code: 50035,
      errors: {
        content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] },
      },
      message: 'Invalid Form Body',
    });
  });

  it.skipIf(!existsSync(FIXTURES))('shapes errors like the official 50035 examples', () => {
    const object = errorsOf('POST /users/@me/channels', { recipient_id: 'not-a-snowflake' });
    expect(shape(object)).toEqual(shape(fixture('discord-error-50035-object.json')));
    // Same nesting as the docs' array example: list field, index, fields, _errors.
    const nested = errorsOf(MESSAGE, { embeds: [{ title: 't'.repeat(257), color: -1 }] });
    expect(shape(nested)).toEqual(shape(fixture('discord-error-50035-array.json')));
  });

  it('holds modals to a 45-character title and 1 to 5 labelled components', () => {
    expect(errorsOf(CALLBACK, textInputModal(5)).errors).toEqual({});
    expect(errorsOf(CALLBACK, textInputModal(6)).errors).toEqual({
      data: {
        components: {
          _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 5 in length.' }],
        },
      },
    });
    const long = textInputModal(1);
    long.data.title = 't'.repeat(46);
    expect(errorsOf(CALLBACK, long).errors).toHaveProperty(
      ['data', 'title', '_errors', 0, 'code'],
      'BASE_TYPE_BAD_LENGTH',
    );
  });

  it('checks custom ids, text input lengths and select options inside a Label', () => {
    const tooLong = errorsOf(CALLBACK, textInputModal(1, { custom_id: 'c'.repeat(101), max_length: 4001 }));
    expect(tooLong.errors).toEqual({
      data: {
        components: {
          '0': {
            component: {
              custom_id: {
                _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }],
              },
              max_length: {
                _errors: [
                  { code: 'NUMBER_TYPE_MAX', message: 'int value should be less than or equal to 4000.' },
                ],
              },
            },
          },
        },
      },
    });
    const options = Array.from({ length: 26 }, (_, i) => ({ label: `o${i}`, value: `o${i}` }));
    const select = textInputModal(1);
    select.data.components[0] = {
      type: 18,
      label: 'Pick',
      component: { type: 3, custom_id: 'pick', options } as never,
    };
    expect(errorsOf(CALLBACK, select).errors).toHaveProperty(
      ['data', 'components', '0', 'component', 'options', '_errors', 0, 'message'],
      'Must be between 1 and 25 in length.',
    );
  });

  it('tells component types apart and names the allowed ones', () => {
    const body = { content: 'hi', components: [{ type: 99, components: [] }] };
    expect(errorsOf(MESSAGE, body).errors).toEqual({
      components: {
        '0': {
          _errors: [
            {
              code: 'UNION_TYPE_CHOICES',
              message: 'Value of field "type" must be one of (1, 9, 10, 12, 13, 14, 17).',
            },
          ],
        },
      },
    });
    const row = {
      content: 'hi',
      components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'x'.repeat(101) }] }],
    };
    expect(errorsOf(MESSAGE, row).errors).toHaveProperty(['components', '0', 'components', '0', 'custom_id']);
    expect(errorsOf(MESSAGE, { embeds: Array.from({ length: 11 }, () => ({ title: 'e' })) }).errors).toEqual({
      embeds: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 10 or fewer in length.' }] },
    });
  });

  it('checks command names, descriptions, options and choices', () => {
    const choices = Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `c${i}` }));
    const options = Array.from({ length: 26 }, (_, i) => ({ type: 3, name: `o${i}`, description: 'd' }));
    const body = [
      { name: 'n'.repeat(33), description: 'd'.repeat(101), options },
      { name: 'ok', description: 'fine', options: [{ type: 3, name: 'pick', description: 'd', choices }] },
    ];
    const { errors } = errorsOf(COMMANDS, body);
    expect(errors).toHaveProperty(
      ['0', 'name', '_errors', 0, 'message'],
      'Must be between 1 and 32 in length.',
    );
    expect(errors).toHaveProperty(
      ['0', 'description', '_errors', 0, 'message'],
      'Must be 100 or fewer in length.',
    );
    expect(errors).toHaveProperty(
      ['0', 'options', '_errors', 0, 'message'],
      'Must be 25 or fewer in length.',
    );
    expect(errors).toHaveProperty(
      ['1', 'options', '0', 'choices', '_errors', 0, 'message'],
      'Must be 25 or fewer in length.',
    );
  });

  it('reports a missing field and a wrong type as Discord does', () => {
    expect(errorsOf(CALLBACK, { data: {} }).errors).toEqual({
      type: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] },
    });
    expect(errorsOf(CALLBACK, { type: 4, data: { content: 42 } }).errors).toEqual({
      data: {
        content: { _errors: [{ code: 'BASE_TYPE_STRING', message: 'Could not interpret "42" as string.' }] },
      },
    });
  });
});
