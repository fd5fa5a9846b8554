/** Offers made to assessors. */
import type { Selectable } from 'kysely';
import type { AssignmentExplanation, DeclineReason, Offer } from '../domain/model.ts';
import type { OfferRepository } from '../ports/store.ts';
import { canonicalJson, fromMs, fromMsOrNull, parseJson, toMs, toMsOrNull } from './codec.ts';
import type { DbContext, OffersTable } from './database.ts';

/** An offer as a row. */
export function offerToRow(offer: Offer): Selectable<OffersTable> {
  return {
    id: offer.id,
    evaluation: offer.evaluation,
    assessor: offer.assessor,
    status: offer.status,
    explanation: canonicalJson(offer.explanation),
    created_at: toMs(offer.createdAt),
    expires_at: toMs(offer.expiresAt),
    responded_at: toMsOrNull(offer.respondedAt),
    decline_reason: offer.declineReason,
    decline_note: offer.declineNote,
  };
}

/** A row as an offer. */
export function rowToOffer(row: Selectable<OffersTable>): Offer {
  return {
    id: row.id,
    evaluation: row.evaluation,
    assessor: row.assessor,
    status: row.status,
    explanation: parseJson<AssignmentExplanation>(row.explanation),
    createdAt: fromMs(row.created_at),
    expiresAt: fromMs(row.expires_at),
    respondedAt: fromMsOrNull(row.responded_at),
    declineReason: row.decline_reason,
    declineNote: row.decline_note,
  };
}

/** `OfferRepository` on Kysely. */
export class KyselyOfferRepository implements OfferRepository {
  private readonly ctx: DbContext;

  constructor(ctx: DbContext) {
    this.ctx = ctx;
  }

  async insert(offer: Offer): Promise<void> {
    await this.ctx.db.insertInto('offers').values(offerToRow(offer)).execute();
  }

  async get(id: string): Promise<Offer | null> {
    const row = await this.ctx.db.selectFrom('offers').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? rowToOffer(row) : null;
  }

  async pendingFor(evaluation: string): Promise<Offer | null> {
    const row = await this.ctx.db
      .selectFrom('offers')
      .selectAll()
      .where('evaluation', '=', evaluation)
      .where('status', '=', 'pending')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return row ? rowToOffer(row) : null;
  }

  async pendingTo(assessor: string): Promise<Offer[]> {
    const rows = await this.ctx.db
      .selectFrom('offers')
      .selectAll()
      .where('assessor', '=', assessor)
      .where('status', '=', 'pending')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(rowToOffer);
  }

  async listFor(evaluation: string): Promise<Offer[]> {
    const rows = await this.ctx.db
      .selectFrom('offers')
      .selectAll()
      .where('evaluation', '=', evaluation)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(rowToOffer);
  }

  async respond(
    id: string,
    change: {
      status: 'accepted' | 'declined' | 'expired' | 'withdrawn';
      at: Date;
      reason?: DeclineReason;
      note?: string;
    },
  ): Promise<boolean> {
    // The status guard makes the answer single-use even when two clicks race.
    const result = await this.ctx.db
      .updateTable('offers')
      .set({
        status: change.status,
        responded_at: toMs(change.at),
        decline_reason: change.reason ?? null,
        decline_note: change.note ?? null,
      })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
