/** English messages of the notify area. Placeholders are `{name}`. */
export const notifyEn = {
  'notify.field': '{label}: {value}',
  'notify.bullet': '• {text}',
  'notify.shortened': 'Some long texts were shortened (…) to fit in one message.',
  'notify.label.student': 'Student',
  'notify.label.project': 'Project',
  'notify.label.attempt': 'Attempt',
  'notify.label.outcome': 'Outcome',
  'notify.label.assessor': 'Assessor',
  'notify.label.submitted': 'Submitted',
  'notify.label.expires': 'Offer expires',
  'notify.label.soutenance': 'Soutenance',
  'notify.label.due': 'Report due',
  'notify.platform.slack': 'Slack',
  'notify.platform.discord': 'Discord',
  'notify.channel.coordinators': 'coordinators',
  'notify.channel.curriculum': 'curriculum',
  'notify.channel.jury': 'jury',
  'notify.criterion.met': '✓ {title}',
  'notify.criterion.not_met': '✗ {title}',
  'notify.criterion.comment': '{line}: {comment}',
  'notify.offer.title': 'Evaluation offer {evaluation}',
  'notify.offer.intro': 'You are offered the soutenance of {student} on {project} (attempt {attempt}).',
  'notify.offer.scheduled': 'The soutenance is set for {date}; the report is due {hours} h after it.',
  'notify.offer.unscheduled':
    'No soutenance time is set yet: agree on one with the student and record it with /assess schedule {evaluation} <when>. The report is due {hours} h after the soutenance, or {hours} h after you accept when none is set.',
  'notify.offer.why': 'Why you',
  'notify.offer.passed': '✓ {rule}',
  'notify.offer.load':
    'Load: {open} open + {recent} finished in the last {days} days = {total}; {week} of your {capacity} weekly slots taken.',
  'notify.offer.fresh': 'You have never assessed {student}: an independent opinion for the jury.',
  'notify.offer.not_fresh':
    'You have assessed {student} before; no assessor new to them was available at a load as low as yours.',
  'notify.offer.manual': 'Chosen by hand by {by}.',
  'notify.offer.overridden': 'Rules knowingly overridden: {rules}.',
  'notify.offer.expiry': 'Answer before {date}; after that the offer goes to the next assessor.',
  'notify.offer.accept': 'Accept',
  'notify.offer.decline': 'Decline',
  'notify.offer.closed.title': 'Evaluation offer {evaluation}: {status}',
  'notify.offer.closed.pending': 'This offer is waiting for your answer.',
  'notify.offer.closed.accepted':
    'You accepted this evaluation on {date}. Write the report with /assess report {evaluation}.',
  'notify.offer.closed.declined': 'You declined this evaluation on {date} ({reason}).',
  'notify.offer.closed.expired': 'This offer expired on {date}; it went to the next assessor.',
  'notify.offer.closed.withdrawn':
    'This offer was withdrawn on {date}: a coordinator reassigned or cancelled the evaluation.',
  'notify.offer.status.pending': 'waiting',
  'notify.offer.status.accepted': 'accepted',
  'notify.offer.status.declined': 'declined',
  'notify.offer.status.expired': 'expired',
  'notify.offer.status.withdrawn': 'withdrawn',
  'notify.summary.title': 'Report on {student}: {project}',
  'notify.summary.title_amended': 'Amended report on {student}: {project}',
  'notify.summary.amended': 'Amended (version {version}): {reason}',
  'notify.summary.amended_no_reason': 'Amended (version {version}).',
  'notify.summary.doubt': '⚠️ Readiness doubt: {note}',
  'notify.summary.criteria_met': 'Criteria met ({count} of {total})',
  'notify.summary.criteria_not_met': 'Criteria not met ({count} of {total})',
  'notify.summary.feedback': 'Feedback given to the student',
  'notify.summary.strengths': 'Strengths: {text}',
  'notify.summary.improvements': 'To improve: {text}',
  'notify.summary.mentor_note': 'Note for you: {text}',
  'notify.summary.window.resubmission':
    'Conditional: the student re-uploads before {date}; the assessor then decides within {hours} h.',
  'notify.summary.window.decision':
    'Conditional: the student re-uploaded; the assessor decides before {date}.',
  'notify.summary.diff.title': 'Since attempt {attempt}',
  'notify.summary.diff.outcome': 'Outcome: {from} → {to}.',
  'notify.summary.diff.outcome_same': 'Outcome unchanged: {outcome}.',
  'notify.summary.diff.now_met': 'Now met: {criteria}.',
  'notify.summary.diff.now_not_met': 'No longer met: {criteria}.',
  'notify.summary.diff.still_not_met': 'Still not met: {criteria}.',
  'notify.summary.diff.none': 'No criterion changed.',
  'notify.summary.diff.missing': 'No report was found for attempt {attempt}.',
  'notify.outcome.none': 'not set',
  'notify.feedback.title': 'Your soutenance of {project}: {outcome}',
  'notify.feedback.updated': 'Your assessor updated this feedback.',
  'notify.feedback.criteria': 'Criteria',
  'notify.feedback.strengths': 'What you did well: {text}',
  'notify.feedback.improvements': 'What to improve: {text}',
  'notify.feedback.next.approved':
    'Next step: the project is validated; move on to the next project of your path.',
  'notify.feedback.next.conditional':
    'Next step: fix the criteria not met and re-upload your project before {date}. Your assessor then decides, without a new soutenance.',
  'notify.feedback.next.conditional_received':
    'Next step: your re-upload was received; your assessor decides before {date}, without a new soutenance.',
  'notify.feedback.next.conditional_open':
    'Next step: fix the criteria not met and re-upload your project; your assessor then decides, without a new soutenance.',
  'notify.feedback.next.to_rework':
    'Next step: rework the criteria not met with your mentor; a new soutenance will be held for a new attempt.',
  'notify.doubt.title': 'Readiness doubts on {student}',
  'notify.doubt.intro': 'Assessors have now raised {count} readiness doubts about {student}:',
  'notify.doubt.line': '{project}, attempt {attempt}: {date}',
  'notify.doubt.mentor_hint':
    'The doubt notes are in the report summaries you received; consider a session focused on them.',
  'notify.doubt.coordinator_hint': 'The mentor, {mentor}, has been told.',
  'notify.no_assessor.title': 'No assessor for {evaluation}',
  'notify.no_assessor.intro':
    'Nobody is eligible for {student}: {project} (attempt {attempt}). The request waits in the claim queue.',
  'notify.no_assessor.main_reason': 'Main reason: {count} of {total} assessors fail “{rule}”.',
  'notify.no_assessor.reasons': 'Assessors excluded, by the first rule they fail',
  'notify.no_assessor.reason_line': '{rule}: {count}',
  'notify.no_assessor.no_candidates': 'There is no assessor in the organisation.',
  'notify.no_assessor.fix':
    'To fix it: assign someone by hand with /evaluation reassign {evaluation} <assessor>, or let an eligible assessor take it with /assess claim.',
  'notify.no_assessor.hint.certified': 'Certify more assessors for this project in the organisation file.',
  'notify.no_assessor.hint.not_mentor':
    'The only certified assessors mentor this student: certify another one.',
  'notify.no_assessor.hint.no_conflict':
    'The certified assessors declared a conflict of interest with this student: certify another one.',
  'notify.no_assessor.hint.not_away':
    'The certified assessors are away: wait for their return or reassign by hand.',
  'notify.no_assessor.hint.under_capacity':
    'The certified assessors are at their weekly capacity: raise one with /assess availability, or reassign by hand.',
  'notify.no_assessor.hint.speaks_language':
    'The soutenance needs a language the certified assessors do not speak: certify a speaker of it.',
  'notify.no_assessor.hint.not_declined':
    'The certified assessors already declined this evaluation: reassign it by hand, or certify another one.',
  'notify.reminder.title': 'Report due soon: {evaluation}',
  'notify.reminder.body':
    'Your report on {student}: {project} (attempt {attempt}) is due {date}. Write it with /assess report {evaluation}; your draft is kept.',
  'notify.overdue.title': 'Report overdue: {evaluation}',
  'notify.overdue.body':
    '{assessor} has not submitted the report on {student}: {project} (attempt {attempt}); it was due {date}.',
  'notify.overdue.fix': 'Check with them, or reassign it with /evaluation reassign {evaluation} <assessor>.',
  'notify.decision.title': 'Decision needed: {evaluation}',
  'notify.decision.resubmitted':
    '{student} re-uploaded {project}. Decide before {date} with /assess decide {evaluation} approved or /assess decide {evaluation} to_rework.',
  'notify.decision.lapsed_no_upload':
    '{student} did not re-upload {project} before {date}. We suggest /assess decide {evaluation} to_rework (a new soutenance); the decision is yours.',
  'notify.decision.lapsed_decision':
    'The decision window for {student}: {project} ended on {date}. Please decide now with /assess decide {evaluation} approved or /assess decide {evaluation} to_rework.',
  'notify.withdrawn.title': 'Evaluation withdrawn: {evaluation}',
  'notify.withdrawn.cancelled':
    'A coordinator cancelled the evaluation of {student}: {project}. You have nothing more to do for it.',
  'notify.withdrawn.reassigned':
    'A coordinator gave the evaluation of {student}: {project} to another assessor. You have nothing more to do for it.',
  'notify.failed.title': 'Message not delivered',
  'notify.failed.person': '{recipient} cannot be reached on {platform}: {reason} ({code}).',
  'notify.failed.channel': 'The {channel} channel on {platform} cannot be used: {reason} ({code}).',
  'notify.failed.reason.50007': 'they have closed their direct messages',
  'notify.failed.reason.user_not_found': 'the account was not found',
  'notify.failed.reason.channel_not_found': 'the channel does not exist or the bot is not in it',
  'notify.failed.reason.other': 'the platform refused the message',
  'notify.failed.fix.person':
    'Messages to them on {platform} stop until this is fixed: ask them to allow direct messages from the server, or correct their id in the organisation file.',
  'notify.failed.fix.channel':
    'Invite the bot to the channel, or correct the channel id in the organisation file.',
} as const;
