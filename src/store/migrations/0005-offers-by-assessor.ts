/** An index for an assessor's pending offers (`OfferRepository.pendingTo`, read by `/assess queue`). */
import type { Kysely, Migration } from 'kysely';

/** `offers (assessor, status)`: the queue no longer scans every offer ever made. */
export function offersByAssessorMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createIndex('offers_assessor_status')
        .on('offers')
        .columns(['assessor', 'status'])
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('offers_assessor_status').execute();
    },
  };
}
