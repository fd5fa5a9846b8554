/**
 * Platform-neutral view models. Use cases and jobs build these; the Slack adapter renders them
 * to Block Kit and the Discord adapter to components and embeds. Every string in them is already
 * translated (see `src/domain/catalog`).
 */

/** Which reader a piece of text is written for; the audience scan in the tests relies on it. */
export type Audience =
  | 'student'
  | 'mentor'
  | 'jury'
  | 'curriculum'
  | 'coordinator'
  | 'assessor'
  | 'requester';

export type ButtonView = {
  /** Stable action id, e.g. `offer.accept`; the adapters route clicks by it. */
  action: string;
  label: string;
  /** Opaque value returned on click (an evaluation or offer id). */
  value: string;
  style?: 'primary' | 'danger';
};

export type BlockView =
  | { type: 'header'; text: string }
  | { type: 'text'; text: string }
  | { type: 'fields'; fields: { label: string; value: string }[] }
  | { type: 'context'; text: string }
  | { type: 'divider' }
  | { type: 'actions'; buttons: ButtonView[] };

export type MessageView = {
  /** Plain-text fallback: notifications, screen readers, platforms without rich layout. */
  text: string;
  blocks: BlockView[];
  /** Who this message is written for, so a scan can prove no field reaches the wrong reader. */
  audience: Audience;
};

export type FormOption = { value: string; label: string; description?: string };

export type FormField =
  | {
      kind: 'text' | 'textarea';
      id: string;
      label: string;
      required: boolean;
      initial?: string;
      placeholder?: string;
      hint?: string;
      maxLength?: number;
    }
  | {
      kind: 'select' | 'radio';
      id: string;
      label: string;
      required: boolean;
      options: FormOption[];
      initial?: string;
      hint?: string;
    }
  | {
      kind: 'checkbox';
      id: string;
      label: string;
      required: boolean;
      options: FormOption[];
      initial?: string[];
      hint?: string;
    };

export type FormView = {
  /** Routes the submission back to its handler, e.g. `report` or `decline`. */
  callback: string;
  title: string;
  submitLabel: string;
  fields: FormField[];
  /** Intro text shown above the fields. */
  intro?: string;
  /** Opaque state carried through the form (evaluation id, step); adapters keep it small. */
  metadata: Record<string, string | number>;
};

/** What a form submission gives back: field id → value(s). */
export type FormValues = Record<string, string | string[] | undefined>;
