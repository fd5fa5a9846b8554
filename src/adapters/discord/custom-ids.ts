/**
 * The `custom_id`s the Discord adapter puts on buttons and modals, and their parsing. A button's id
 * is its view's `action:value` (`offer.accept:E-1042`); ids stay within Discord's 100 characters.
 */
import { OFFER_ACCEPT_ACTION, OFFER_DECLINE_ACTION } from '../../views/messages/offer-messages.ts';

/** Discord refuses a `custom_id` longer than this. */
export const CUSTOM_ID_MAX = 100;

/** The button that opens (or reopens) a step of the report wizard: `report.continue:<evaluation>[:<step>]`. */
export const REPORT_CONTINUE_ACTION = 'report.continue';
/** The modal of one report step: `report:<evaluation>:<step>`. */
export const REPORT_MODAL = 'report';
/** The modal asking why an offer is declined: `decline:<evaluation>`. */
export const DECLINE_MODAL = 'decline';

/** What a button or modal id stands for. */
export type CustomId =
  | { kind: 'offer.accept'; evaluation: string }
  | { kind: 'offer.decline'; evaluation: string }
  | { kind: 'report.continue'; evaluation: string; step: number | null }
  | { kind: 'report'; evaluation: string; step: number }
  | { kind: 'decline'; evaluation: string }
  | { kind: 'unknown'; id: string };

/** `action:value`, the custom id of a button rendered from a `ButtonView`. */
export function buttonId(action: string, value: string): string {
  return `${action}:${value}`.slice(0, CUSTOM_ID_MAX);
}

export function reportModalId(evaluation: string, step: number): string {
  return `${REPORT_MODAL}:${evaluation}:${step}`;
}

export function declineModalId(evaluation: string): string {
  return `${DECLINE_MODAL}:${evaluation}`;
}

/** The value of a "continue" button (`E-1042:2`, or `E-1042` for the step the draft reached). */
export function continueValue(evaluation: string, step?: number): string {
  return step === undefined ? evaluation : `${evaluation}:${step}`;
}

function stepOf(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,3}$/.test(text)) return null;
  return Number(text);
}

/** Reads a custom id back; anything not made by this adapter is `unknown`. */
export function parseCustomId(id: string): CustomId {
  const [kind = '', evaluation = '', step, ...rest] = id.split(':');
  const unknown: CustomId = { kind: 'unknown', id };
  if (!/^E-\d{1,9}$/i.test(evaluation) || rest.length > 0) return unknown;
  const upper = evaluation.toUpperCase();
  switch (kind) {
    case OFFER_ACCEPT_ACTION:
      return step === undefined ? { kind: 'offer.accept', evaluation: upper } : unknown;
    case OFFER_DECLINE_ACTION:
      return step === undefined ? { kind: 'offer.decline', evaluation: upper } : unknown;
    case DECLINE_MODAL:
      return step === undefined ? { kind: 'decline', evaluation: upper } : unknown;
    case REPORT_CONTINUE_ACTION: {
      const parsed = stepOf(step);
      if (step !== undefined && parsed === null) return unknown;
      return { kind: 'report.continue', evaluation: upper, step: parsed };
    }
    case REPORT_MODAL: {
      const parsed = stepOf(step);
      return parsed === null ? unknown : { kind: 'report', evaluation: upper, step: parsed };
    }
    default:
      return unknown;
  }
}
