import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkArguments, METHOD_SPECS, methodSpec } from '../../src/sandbox/slack-fake/arguments.ts';
import { buildMethodSpecs, METHODS } from '../../src/sandbox/slack-fake/generate-method-specs.ts';
import { SERVED_METHODS } from '../../src/sandbox/slack-fake/web-api.ts';

const SPEC = fileURLToPath(new URL('../../../shared/specs/slack_web_openapi_v2.json', import.meta.url));

describe('Slack method specs table', () => {
  it.skipIf(!existsSync(SPEC))('is what the generator makes from the official OpenAPI file', () => {
    const regenerated = buildMethodSpecs(JSON.parse(readFileSync(SPEC, 'utf8')));
    expect(METHOD_SPECS).toEqual(regenerated);
  });

  it('covers every method the fake serves, and only those', () => {
    expect(Object.keys(METHOD_SPECS).sort()).toEqual([...METHODS].sort());
    expect([...SERVED_METHODS].sort()).toEqual([...METHODS].sort());
  });

  it('marks the methods newer than the 2020 spec as written from the docs', () => {
    for (const method of ['files.getUploadURLExternal', 'files.completeUploadExternal']) {
      expect(METHOD_SPECS[method]).toMatchObject({
        source: 'docs',
        docs: expect.stringContaining('docs.slack.dev'),
      });
    }
    expect(METHOD_SPECS['files.getUploadURLExternal']).toMatchObject({
      required: ['filename', 'length'],
      types: { length: 'integer' },
    });
    expect(METHOD_SPECS['files.completeUploadExternal']?.known).toEqual(
      expect.arrayContaining(['files', 'channel_id', 'initial_comment']),
    );
  });

  it('lists the required arguments from the spec, without the token', () => {
    expect(METHOD_SPECS['chat.postMessage']?.required).toEqual(['channel']);
    expect(METHOD_SPECS['chat.update']?.required).toEqual(['channel', 'ts']);
    expect(METHOD_SPECS['chat.postEphemeral']?.required).toEqual(['channel', 'user']);
    expect(METHOD_SPECS['views.publish']?.required).toEqual(['user_id', 'view']);
    expect(METHOD_SPECS['views.open']).toMatchObject({
      source: 'openapi+docs',
      required: ['view'],
      oneOf: [['trigger_id', 'interactivity_pointer']],
    });
    for (const spec of Object.values(METHOD_SPECS)) expect(spec.known).not.toContain('token');
  });

  it('checks required arguments and known types, and lets unknown ones through', () => {
    const postMessage = methodSpec('chat.postMessage');
    if (postMessage === undefined) throw new Error('chat.postMessage missing');
    expect(checkArguments(postMessage, { channel: 'C1', whatever: 'x' })).toBeUndefined();
    expect(checkArguments(postMessage, { text: 'x' })).toEqual({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] missing required field: channel'] },
    });
    expect(
      checkArguments(postMessage, { channel: 'C1', unfurl_links: 'maybe' })?.response_metadata?.messages,
    ).toEqual(['[ERROR] must be a boolean [json-pointer:/unfurl_links]']);
    const open = methodSpec('views.open');
    if (open === undefined) throw new Error('views.open missing');
    expect(checkArguments(open, { view: '{}', interactivity_pointer: '1.2.a' })).toBeUndefined();
    expect(checkArguments(open, { view: '{}' })?.response_metadata?.messages).toEqual([
      '[ERROR] missing required field: one of trigger_id, interactivity_pointer',
    ]);
    expect(methodSpec('toString')).toBeUndefined();
  });
});
