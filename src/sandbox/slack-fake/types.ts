/** The data the local Slack fake keeps, in shapes close to Slack's own and observable by tests and pages. */

/** A JSON object as Slack sends and receives them (blocks, views, payloads). */
export type JsonObject = { [key: string]: unknown };

/** A person (or bot) of the workspace as given to {@link createSlackWorkspace}. */
export type SlackFakeUserInit = {
  id: string;
  /** The handle (`name` in users.info). */
  name: string;
  /** The display name; the name when absent. */
  display?: string;
  /** The full name; the display name when absent. */
  realName?: string;
  /** Slack's locale string, e.g. `en-US` or `fr-FR` (answered by users.info with `include_locale`). */
  locale?: string;
  email?: string;
  /** IANA time zone, `Europe/Paris` when absent. */
  tz?: string;
  isBot?: boolean;
};

/** A user as the fake holds it. */
export type SlackFakeUser = {
  id: string;
  name: string;
  display: string;
  realName: string;
  locale: string;
  email: string | undefined;
  tz: string;
  isBot: boolean;
  /** A deactivated account: conversations with it cannot be opened (`user_disabled`). */
  deactivated: boolean;
};

/** A channel as given to {@link createSlackWorkspace}. */
export type SlackFakeChannelInit = {
  id: string;
  name: string;
  /** Member user ids; every user of the workspace when absent. */
  members?: string[];
  isPrivate?: boolean;
};

/** A conversation: a channel, a DM between the app and a user (`D…`), or a group DM. */
export type SlackFakeChannel = {
  id: string;
  name: string;
  kind: 'channel' | 'im' | 'mpim';
  isPrivate: boolean;
  members: string[];
  /** For a DM, the user the app talks to. */
  user: string | undefined;
};

/** One earlier version of an edited message. */
export type SlackFakeEdit = { ts: string; text: string; blocks: JsonObject[] };

/** A message in a conversation. */
export type SlackFakeMessage = {
  channel: string;
  ts: string;
  /** The author: the app's bot user for messages the app posts. */
  user: string;
  /** Set for messages the app posts. */
  botId: string | undefined;
  text: string;
  blocks: JsonObject[];
  attachments: JsonObject[];
  threadTs: string | undefined;
  /** Ids of the files shared with this message. */
  files: string[];
  /** Earlier versions, oldest first; empty for a message never edited. */
  edits: SlackFakeEdit[];
  /** The time of the last edit. */
  editedTs: string | undefined;
  deleted: boolean;
  /** How it arrived: the Web API, a `response_url`, or a command's acknowledgement. */
  via: 'api' | 'response_url' | 'command_ack' | 'file_share';
};

/** A message only one user sees. */
export type SlackFakeEphemeral = {
  channel: string;
  /** The user who sees it. */
  user: string;
  ts: string;
  text: string;
  blocks: JsonObject[];
  attachments: JsonObject[];
  via: 'api' | 'response_url' | 'command_ack';
  /** Earlier versions when a `response_url` replaced it. */
  edits: SlackFakeEdit[];
  deleted: boolean;
};

/** An uploaded file. */
export type SlackFakeFile = {
  id: string;
  name: string;
  title: string;
  /** The size announced to files.getUploadURLExternal. */
  length: number;
  /** The bytes POSTed to the upload URL; undefined until then. */
  bytes: Buffer | undefined;
  mimetype: string;
  /** The uploader (the app's bot user). */
  user: string;
  created: number;
  /** Where it was shared by files.completeUploadExternal: first channel and its message. */
  channel: string | undefined;
  messageTs: string | undefined;
  comment: string | undefined;
  /** Where the bytes can be downloaded from the fake. */
  url: string;
  completed: boolean;
};

/** The values of a view's input blocks: block_id → action_id → value object, as in Slack payloads. */
export type ViewStateValues = Record<string, Record<string, JsonObject>>;

/** A modal or an App Home as the app last sent it, with what Slack adds. */
export type SlackFakeView = {
  id: string;
  type: 'modal' | 'home';
  /** The user it is shown to. */
  userId: string;
  rootViewId: string;
  previousViewId: string | null;
  hash: string;
  callbackId: string;
  externalId: string;
  privateMetadata: string;
  notifyOnClose: boolean;
  clearOnClose: boolean;
  title: JsonObject | null;
  submit: JsonObject | null;
  close: JsonObject | null;
  blocks: JsonObject[];
  state: { values: ViewStateValues };
  /** Field errors from the app's last `response_action: 'errors'`, by block_id; null when none. */
  errors: Record<string, string> | null;
};

/** One Web API call the fake answered. */
export type SlackFakeApiCall = {
  method: string;
  /** The arguments, without the token. */
  args: Record<string, unknown>;
  status: number;
  ok: boolean;
  error: string | undefined;
  /** Arguments the method does not list: Slack ignores them, a typo shows here. */
  unknownArgs: string[];
  at: number;
};

/** What the fake emits as its state changes; payloads are the live records. */
export type SlackFakeEvents = {
  message: { kind: 'posted' | 'updated' | 'deleted'; message: SlackFakeMessage };
  ephemeral: { kind: 'posted' | 'updated' | 'deleted'; message: SlackFakeEphemeral };
  view: { kind: 'opened' | 'pushed' | 'updated' | 'errors' | 'closed'; view: SlackFakeView };
  home: { view: SlackFakeView };
  file: { kind: 'uploaded' | 'shared'; file: SlackFakeFile };
  channel: { channel: SlackFakeChannel };
  api: SlackFakeApiCall;
};

/** A trigger_id the fake gave the app, with where it came from. */
export type Trigger = {
  id: string;
  userId: string;
  createdAt: number;
  used: boolean;
  viewId: string | undefined;
};

/** Where a response_url's messages go. */
export type ResponseUrlTarget = {
  kind: 'commands' | 'actions';
  userId: string;
  channel: string;
  /** The message an action came from, for `replace_original` and `delete_original`. */
  messageTs: string | undefined;
  ephemeral: boolean;
  createdAt: number;
  uses: number;
};

/** What `SlackWorkspace.restore` puts back. */
export type SlackRestoredRecords = {
  conversations: { channel: SlackFakeChannel; messages: SlackFakeMessage[] }[];
  ephemerals: SlackFakeEphemeral[];
  counter: number;
  lastMicros: number;
};
