/**
 * File uploads the way Slack runs them since 2024: files.getUploadURLExternal hands out an upload URL on
 * the fake, the app POSTs the bytes there (raw or multipart), files.completeUploadExternal shares the file
 * into a channel with a comment. The bytes are downloadable from the fake.
 */
import { randomBytes } from 'node:crypto';
import { extname } from 'node:path';
import type { SlackWorkspace } from './state.ts';
import type { JsonObject, SlackFakeFile } from './types.ts';
import { errorBody, type SlackErrorBody } from './views.ts';

const MIME_TYPES: Record<string, [mimetype: string, filetype: string, pretty: string]> = {
  '.pdf': ['application/pdf', 'pdf', 'PDF'],
  '.md': ['text/markdown', 'markdown', 'Markdown (raw)'],
  '.csv': ['text/csv', 'csv', 'CSV'],
  '.txt': ['text/plain', 'text', 'Plain Text'],
  '.json': ['application/json', 'json', 'JSON'],
  '.png': ['image/png', 'png', 'PNG'],
};

function typeOf(name: string): [mimetype: string, filetype: string, pretty: string] {
  return MIME_TYPES[extname(name).toLowerCase()] ?? ['application/octet-stream', 'binary', 'Binary'];
}

/** The files uploaded to the workspace. */
export class FileStore {
  #ws: SlackWorkspace;
  #files = new Map<string, SlackFakeFile>();
  #uploadKeys = new Map<string, string>();

  constructor(workspace: SlackWorkspace) {
    this.#ws = workspace;
  }

  get(id: string): SlackFakeFile | undefined {
    return this.#files.get(id);
  }

  /** Every file, oldest first. */
  all(): SlackFakeFile[] {
    return [...this.#files.values()];
  }

  /** The files shared into a conversation. */
  inChannel(channelId: string): SlackFakeFile[] {
    return this.all().filter((file) => file.channel === channelId);
  }

  /** Puts back a file of an earlier run (its download URL on today's server). */
  restore(file: Omit<SlackFakeFile, 'url'>): void {
    this.#files.set(file.id, { ...file, url: this.downloadUrl(file.id, file.name) });
  }

  /** Where a file's bytes are served. */
  downloadUrl(id: string, name: string): string {
    return `${this.#ws.requireBaseUrl()}/files/${id}/${encodeURIComponent(name)}`;
  }

  /** Starts an upload: a file without bytes and the URL its bytes go to. */
  start(name: string, length: number): { file: SlackFakeFile; uploadUrl: string } {
    const base = this.#ws.requireBaseUrl();
    const id = this.#ws.nextId('F');
    const file: SlackFakeFile = {
      id,
      name,
      title: name,
      length,
      bytes: undefined,
      mimetype: typeOf(name)[0],
      user: this.#ws.bot.userId,
      created: Math.floor(this.#ws.now() / 1000),
      channel: undefined,
      messageTs: undefined,
      comment: undefined,
      url: this.downloadUrl(id, name),
      completed: false,
    };
    this.#files.set(id, file);
    const key = randomBytes(12).toString('hex');
    this.#uploadKeys.set(key, id);
    return { file, uploadUrl: `${base}/upload/v1/${key}` };
  }

  /** Stores the bytes POSTed to an upload URL; false for an unknown URL. */
  receive(key: string, bytes: Buffer): boolean {
    const id = this.#uploadKeys.get(key);
    const file = id === undefined ? undefined : this.#files.get(id);
    if (file === undefined) return false;
    file.bytes = bytes;
    this.#ws.emit('file', { kind: 'uploaded', file });
    return true;
  }

  /** Completes uploads (files.completeUploadExternal): shares them with one message when a channel is given. */
  complete(
    entries: { id: string; title?: string }[],
    share: { channel?: string; comment?: string; threadTs?: string },
  ): SlackFakeFile[] | SlackErrorBody {
    const files: SlackFakeFile[] = [];
    for (const entry of entries) {
      const file = this.#files.get(entry.id);
      // Slack does not know a file whose bytes never arrived.
      if (file === undefined || file.bytes === undefined || file.completed)
        return errorBody('file_not_found');
      files.push(file);
    }
    const channel = share.channel === undefined ? undefined : this.#ws.channel(share.channel);
    if (share.channel !== undefined && channel === undefined) return errorBody('channel_not_found');
    files.forEach((file, i) => {
      const title = entries[i]?.title;
      if (title !== undefined && title !== '') file.title = title;
      file.completed = true;
    });
    if (channel !== undefined) {
      const content = {
        text: share.comment ?? '',
        blocks: [],
        attachments: [],
        files: files.map((f) => f.id),
      };
      const message = this.#ws.postMessage(
        channel.id,
        share.threadTs === undefined ? content : { ...content, threadTs: share.threadTs },
        'file_share',
      );
      for (const file of files) {
        file.channel = channel.id;
        file.messageTs = message.ts;
        file.comment = share.comment;
      }
    }
    for (const file of files) this.#ws.emit('file', { kind: 'shared', file });
    return files;
  }
}

/** The file object Slack answers files.completeUploadExternal with. */
export function filePayload(file: SlackFakeFile, workspace: SlackWorkspace): JsonObject {
  const [mimetype, filetype, prettyType] = typeOf(file.name);
  const channel = file.channel === undefined ? undefined : workspace.channel(file.channel);
  const share =
    channel === undefined || file.messageTs === undefined
      ? undefined
      : {
          [channel.id]: [
            {
              reply_users: [],
              reply_users_count: 0,
              reply_count: 0,
              ts: file.messageTs,
              channel_name: channel.name,
              team_id: workspace.team.id,
              share_user_id: file.user,
              source: 'UNKNOWN',
              is_silent_share: false,
            },
          ],
        };
  const visibility = channel?.kind === 'channel' && !channel.isPrivate ? 'public' : 'private';
  return {
    id: file.id,
    created: file.created,
    timestamp: file.created,
    name: file.name,
    title: file.title,
    mimetype,
    filetype,
    pretty_type: prettyType,
    user: file.user,
    user_team: workspace.team.id,
    editable: false,
    size: file.bytes?.length ?? file.length,
    mode: 'hosted',
    is_external: false,
    external_type: '',
    is_public: visibility === 'public',
    public_url_shared: false,
    display_as_bot: false,
    username: '',
    url_private: file.url,
    url_private_download: `${file.url}?download=1`,
    permalink: file.url,
    shares: share === undefined ? {} : { [visibility]: share },
    channels: channel?.kind === 'channel' ? [channel.id] : [],
    groups: channel?.kind === 'mpim' ? [channel.id] : [],
    ims: channel?.kind === 'im' ? [channel.id] : [],
    has_more_shares: false,
    has_rich_preview: false,
    file_access: 'visible',
  };
}

/** Reads the bytes of an upload POST: the first file part of a multipart body, or the raw body. */
export async function uploadedBytes(contentType: string | undefined, body: Buffer): Promise<Buffer> {
  if (contentType === undefined || !contentType.toLowerCase().startsWith('multipart/form-data')) return body;
  const form = await new Request('http://upload.local/', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  }).formData();
  for (const value of form.values()) {
    if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  }
  const first = form.values().next();
  return Buffer.from(first.done === true ? '' : String(first.value));
}
