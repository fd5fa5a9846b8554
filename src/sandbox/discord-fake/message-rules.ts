/**
 * Message bodies for the local Discord fake: turning a create or edit body (and its uploaded files)
 * into stored fields, and the docs' rules a schema cannot say (an empty message, the 6000
 * characters of all embeds, the description of chat-input commands, unique command names).
 */
import { DiscordHttpError, errors, type UploadedFile } from './http-io.ts';
import { snowflake } from './snowflake.ts';
import type { MessagePatch } from './state.ts';
import type { JsonObject, StoredAttachment } from './types.ts';
import { invalidFormBody, type PathError } from './validation.ts';

/** Discord's limit on the characters of all embeds of one message. */
const EMBED_TOTAL = 6000;

function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): number {
  return typeof value === 'string' ? [...value].length : 0;
}

function embedSize(embed: unknown): number {
  if (!isRecord(embed)) return 0;
  const fields = Array.isArray(embed.fields) ? embed.fields : [];
  const footer = isRecord(embed.footer) ? embed.footer.text : undefined;
  const author = isRecord(embed.author) ? embed.author.name : undefined;
  return (
    text(embed.title) +
    text(embed.description) +
    text(footer) +
    text(author) +
    fields.reduce<number>((sum, f) => sum + (isRecord(f) ? text(f.name) + text(f.value) : 0), 0)
  );
}

/** Throws 50035 when a body breaks a docs rule for messages (embeds over 6000 characters). */
export function checkMessageRules(body: unknown, prefix: string[] = []): void {
  if (!isRecord(body) || !Array.isArray(body.embeds)) return;
  const total = body.embeds.reduce<number>((sum, e) => sum + embedSize(e), 0);
  if (total > EMBED_TOTAL) {
    const error = {
      code: 'BASE_TYPE_MAX_LENGTH',
      message: `Embed size exceeds maximum size of ${EMBED_TOTAL}`,
    };
    throw new DiscordHttpError(400, invalidFormBody([{ path: [...prefix, 'embeds'], error }]));
  }
}

/** Field errors of one command body against the docs' rules for chat-input commands. */
function commandErrors(body: unknown, path: string[]): PathError[] {
  if (!isRecord(body)) return [];
  const type = body.type ?? 1;
  if (Number(type) !== 1) return [];
  const length = text(body.description);
  if (typeof body.description !== 'string') {
    return [
      {
        path: [...path, 'description'],
        error: { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' },
      },
    ];
  }
  if (length < 1 || length > 100) {
    const error = { code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' };
    return [{ path: [...path, 'description'], error }];
  }
  return [];
}

/** Throws 50035 for commands that break the docs' rules (one body, or a bulk list). */
export function checkCommandRules(body: unknown): void {
  const list = Array.isArray(body) ? body : [body];
  const found = list.flatMap((c, i) => commandErrors(c, Array.isArray(body) ? [String(i)] : []));
  if (Array.isArray(body)) {
    const seen = new Set<string>();
    for (const c of body) {
      if (!isRecord(c)) continue;
      const key = `${String(c.type ?? 1)}:${String(c.name)}`;
      if (seen.has(key)) {
        const error = {
          code: 'APPLICATION_COMMANDS_DUPLICATE_NAME',
          message: `Application command names must be unique`,
        };
        found.push({ path: [], error });
      }
      seen.add(key);
    }
  }
  if (found.length > 0) throw new DiscordHttpError(400, invalidFormBody(found));
}

/** Stores uploaded files as attachments downloadable from the fake. */
function storeFiles(
  files: UploadedFile[],
  described: unknown[],
  channelId: string,
  baseUrl: string,
): Map<number, StoredAttachment> {
  const out = new Map<number, StoredAttachment>();
  for (const file of files) {
    const meta = described.find((a) => isRecord(a) && String(a.id) === String(file.index));
    const filename = isRecord(meta) && typeof meta.filename === 'string' ? meta.filename : file.filename;
    const id = snowflake();
    out.set(file.index, {
      id,
      filename,
      contentType: file.contentType,
      size: file.data.length,
      url: `${baseUrl}/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`,
      description: isRecord(meta) && typeof meta.description === 'string' ? meta.description : null,
      data: file.data,
    });
  }
  return out;
}

/**
 * The stored fields of a create (no `existing`) or edit body. On edit, `attachments` lists the
 * existing attachments to keep by id and new files by their upload index.
 */
export function messageFields(
  body: unknown,
  files: UploadedFile[],
  channelId: string,
  baseUrl: string,
  existing?: StoredAttachment[],
): MessagePatch {
  const b = isRecord(body) ? body : {};
  const described = Array.isArray(b.attachments) ? b.attachments : [];
  const uploaded = storeFiles(files, described, channelId, baseUrl);
  const patch: MessagePatch = {};
  if (typeof b.content === 'string') patch.content = b.content;
  else if (b.content === null) patch.content = '';
  if (Array.isArray(b.embeds)) patch.embeds = b.embeds;
  else if (b.embeds === null) patch.embeds = [];
  if (Array.isArray(b.components)) patch.components = b.components;
  else if (b.components === null) patch.components = [];
  if (typeof b.flags === 'number') patch.flags = b.flags;
  if (existing === undefined || Array.isArray(b.attachments) || files.length > 0) {
    const kept: StoredAttachment[] = [];
    if (existing && Array.isArray(b.attachments)) {
      for (const a of b.attachments) {
        const found = isRecord(a) ? existing.find((e) => e.id === String(a.id)) : undefined;
        if (found) kept.push(found);
      }
    } else if (existing) {
      kept.push(...existing);
    }
    patch.attachments = [...kept, ...uploaded.values()];
  }
  return patch;
}

/** Throws 50006 when a new message would show nothing. */
export function checkNotEmpty(fields: MessagePatch, body: unknown): void {
  const b = isRecord(body) ? body : {};
  const hasStickers = Array.isArray(b.sticker_ids) && b.sticker_ids.length > 0;
  if (
    !fields.content &&
    (fields.embeds ?? []).length === 0 &&
    (fields.components ?? []).length === 0 &&
    (fields.attachments ?? []).length === 0 &&
    !hasStickers &&
    !isRecord(b.poll)
  ) {
    throw errors.emptyMessage();
  }
}
