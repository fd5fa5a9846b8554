import type { notifyEn } from './notify.en.ts';

/** Messages en français du domaine notify. Mêmes clés que `notify.en.ts`. */
export const notifyFr: Record<keyof typeof notifyEn, string> = {
  'notify.field': '{label} : {value}',
  'notify.bullet': '• {text}',
  'notify.shortened': 'Certains textes longs ont été raccourcis (…) pour tenir dans un seul message.',
  'notify.label.student': 'Étudiant',
  'notify.label.project': 'Projet',
  'notify.label.attempt': 'Tentative',
  'notify.label.outcome': 'Résultat',
  'notify.label.assessor': 'Évaluateur',
  'notify.label.submitted': 'Envoyé le',
  'notify.label.expires': 'La proposition expire',
  'notify.label.soutenance': 'Soutenance',
  'notify.label.due': 'Rapport attendu',
  'notify.platform.slack': 'Slack',
  'notify.platform.discord': 'Discord',
  'notify.channel.coordinators': 'coordination',
  'notify.channel.curriculum': 'pédagogie',
  'notify.channel.jury': 'jury',
  'notify.criterion.met': '✓ {title}',
  'notify.criterion.not_met': '✗ {title}',
  'notify.criterion.comment': '{line} : {comment}',
  'notify.offer.title': 'Proposition d’évaluation {evaluation}',
  'notify.offer.intro': 'On vous propose la soutenance de {student} sur {project} (tentative {attempt}).',
  'notify.offer.scheduled': 'La soutenance est prévue le {date} ; le rapport est attendu {hours} h après.',
  'notify.offer.unscheduled':
    'Aucune date de soutenance n’est fixée : convenez-en avec l’étudiant et enregistrez-la avec /assess schedule {evaluation} <quand>. Le rapport est attendu {hours} h après la soutenance, ou {hours} h après votre acceptation si aucune date n’est fixée.',
  'notify.offer.why': 'Pourquoi vous',
  'notify.offer.passed': '✓ {rule}',
  'notify.offer.load':
    'Charge : {open} en cours + {recent} terminées ces {days} derniers jours = {total} ; {week} de vos {capacity} créneaux de la semaine pris.',
  'notify.offer.fresh': 'Vous n’avez jamais évalué {student} : un regard indépendant pour le jury.',
  'notify.offer.not_fresh':
    'Vous avez déjà évalué {student} ; aucun évaluateur nouveau pour cet étudiant n’était disponible avec une charge aussi faible que la vôtre.',
  'notify.offer.manual': 'Choisi à la main par {by}.',
  'notify.offer.overridden': 'Règles levées en connaissance de cause : {rules}.',
  'notify.offer.expiry':
    'Répondez avant le {date} ; passé ce délai, la proposition va à l’évaluateur suivant.',
  'notify.offer.accept': 'Accepter',
  'notify.offer.decline': 'Refuser',
  'notify.offer.closed.title': 'Proposition d’évaluation {evaluation} : {status}',
  'notify.offer.closed.pending': 'Cette proposition attend votre réponse.',
  'notify.offer.closed.accepted':
    'Vous avez accepté cette évaluation le {date}. Rédigez le rapport avec /assess report {evaluation}.',
  'notify.offer.closed.declined': 'Vous avez refusé cette évaluation le {date} ({reason}).',
  'notify.offer.closed.expired':
    'Cette proposition a expiré le {date} ; elle est passée à l’évaluateur suivant.',
  'notify.offer.closed.withdrawn':
    'Cette proposition a été retirée le {date} : un coordinateur a réattribué ou annulé l’évaluation.',
  'notify.offer.status.pending': 'en attente',
  'notify.offer.status.accepted': 'acceptée',
  'notify.offer.status.declined': 'refusée',
  'notify.offer.status.expired': 'expirée',
  'notify.offer.status.withdrawn': 'retirée',
  'notify.summary.title': 'Rapport sur {student} : {project}',
  'notify.summary.title_amended': 'Rapport modifié sur {student} : {project}',
  'notify.summary.amended': 'Modifié (version {version}) : {reason}',
  'notify.summary.amended_no_reason': 'Modifié (version {version}).',
  'notify.summary.doubt': '⚠️ Doute sur la maturité : {note}',
  'notify.summary.criteria_met': 'Critères acquis ({count} sur {total})',
  'notify.summary.criteria_not_met': 'Critères non acquis ({count} sur {total})',
  'notify.summary.feedback': 'Retour donné à l’étudiant',
  'notify.summary.strengths': 'Points forts : {text}',
  'notify.summary.improvements': 'À améliorer : {text}',
  'notify.summary.mentor_note': 'Note pour vous : {text}',
  'notify.summary.window.resubmission':
    'Sous réserve : l’étudiant redépose avant le {date} ; l’évaluateur décide ensuite sous {hours} h.',
  'notify.summary.window.decision':
    'Sous réserve : l’étudiant a redéposé ; l’évaluateur décide avant le {date}.',
  'notify.summary.diff.title': 'Depuis la tentative {attempt}',
  'notify.summary.diff.outcome': 'Résultat : {from} → {to}.',
  'notify.summary.diff.outcome_same': 'Résultat inchangé : {outcome}.',
  'notify.summary.diff.now_met': 'Désormais acquis : {criteria}.',
  'notify.summary.diff.now_not_met': 'Plus acquis : {criteria}.',
  'notify.summary.diff.still_not_met': 'Toujours non acquis : {criteria}.',
  'notify.summary.diff.none': 'Aucun critère n’a changé.',
  'notify.summary.diff.missing': 'Aucun rapport trouvé pour la tentative {attempt}.',
  'notify.outcome.none': 'non renseigné',
  'notify.feedback.title': 'Votre soutenance de {project} : {outcome}',
  'notify.feedback.updated': 'Votre évaluateur a mis à jour ce retour.',
  'notify.feedback.criteria': 'Critères',
  'notify.feedback.strengths': 'Ce que vous avez bien fait : {text}',
  'notify.feedback.improvements': 'Ce qu’il faut améliorer : {text}',
  'notify.feedback.next.approved':
    'Prochaine étape : le projet est validé ; passez au projet suivant de votre parcours.',
  'notify.feedback.next.conditional':
    'Prochaine étape : corrigez les critères non acquis et redéposez votre projet avant le {date}. Votre évaluateur décidera ensuite, sans nouvelle soutenance.',
  'notify.feedback.next.conditional_received':
    'Prochaine étape : votre nouveau dépôt a bien été reçu ; votre évaluateur décide avant le {date}, sans nouvelle soutenance.',
  'notify.feedback.next.conditional_open':
    'Prochaine étape : corrigez les critères non acquis et redéposez votre projet ; votre évaluateur décidera ensuite, sans nouvelle soutenance.',
  'notify.feedback.next.to_rework':
    'Prochaine étape : retravaillez les critères non acquis avec votre mentor ; une nouvelle soutenance aura lieu pour une nouvelle tentative.',
  'notify.doubt.title': 'Doutes sur la maturité de {student}',
  'notify.doubt.intro': 'Les évaluateurs ont désormais émis {count} doutes sur la maturité de {student} :',
  'notify.doubt.line': '{project}, tentative {attempt} : {date}',
  'notify.doubt.mentor_hint':
    'Les notes sur ces doutes figurent dans les résumés de rapport que vous avez reçus ; prévoyez une séance centrée sur ces points.',
  'notify.doubt.coordinator_hint': 'Le mentor, {mentor}, a été prévenu.',
  'notify.no_assessor.title': 'Aucun évaluateur pour {evaluation}',
  'notify.no_assessor.intro':
    'Personne ne peut évaluer {student} : {project} (tentative {attempt}). La demande attend dans la file des évaluations à prendre.',
  'notify.no_assessor.main_reason':
    'Raison principale : la condition « {rule} » écarte {count} évaluateur(s) sur {total}.',
  'notify.no_assessor.reasons': 'Évaluateurs écartés, selon la première condition non remplie',
  'notify.no_assessor.reason_line': '{rule} : {count}',
  'notify.no_assessor.no_candidates': 'L’organisation ne compte aucun évaluateur.',
  'notify.no_assessor.fix':
    'Pour débloquer : attribuez-la à la main avec /evaluation reassign {evaluation} <évaluateur>, ou laissez un évaluateur éligible la prendre avec /assess claim.',
  'notify.no_assessor.hint.certified':
    'Certifiez davantage d’évaluateurs pour ce projet dans le fichier de l’organisation.',
  'notify.no_assessor.hint.not_mentor':
    'Les seuls évaluateurs certifiés sont mentors de cet étudiant : certifiez-en un autre.',
  'notify.no_assessor.hint.no_conflict':
    'Les évaluateurs certifiés ont déclaré un conflit d’intérêts avec cet étudiant : certifiez-en un autre.',
  'notify.no_assessor.hint.not_away':
    'Les évaluateurs certifiés sont absents : attendez leur retour ou réattribuez à la main.',
  'notify.no_assessor.hint.under_capacity':
    'Les évaluateurs certifiés ont atteint leur capacité hebdomadaire : relevez-en une avec /assess availability, ou réattribuez à la main.',
  'notify.no_assessor.hint.speaks_language':
    'La soutenance exige une langue que les évaluateurs certifiés ne parlent pas : certifiez quelqu’un qui la parle.',
  'notify.no_assessor.hint.not_declined':
    'Les évaluateurs certifiés ont déjà refusé cette évaluation : réattribuez-la à la main, ou certifiez-en un autre.',
  'notify.reminder.title': 'Rapport bientôt attendu : {evaluation}',
  'notify.reminder.body':
    'Votre rapport sur {student} : {project} (tentative {attempt}) est attendu le {date}. Rédigez-le avec /assess report {evaluation} ; votre brouillon est conservé.',
  'notify.overdue.title': 'Rapport en retard : {evaluation}',
  'notify.overdue.body':
    '{assessor} n’a pas envoyé le rapport sur {student} : {project} (tentative {attempt}) ; il était attendu le {date}.',
  'notify.overdue.fix':
    'Voyez avec cette personne, ou réattribuez l’évaluation avec /evaluation reassign {evaluation} <évaluateur>.',
  'notify.decision.title': 'Décision attendue : {evaluation}',
  'notify.decision.resubmitted':
    '{student} a redéposé {project}. Décidez avant le {date} avec /assess decide {evaluation} approved ou /assess decide {evaluation} to_rework.',
  'notify.decision.lapsed_no_upload':
    '{student} n’a pas redéposé {project} avant le {date}. Nous suggérons /assess decide {evaluation} to_rework (une nouvelle soutenance) ; la décision vous appartient.',
  'notify.decision.lapsed_decision':
    'Le délai de décision pour {student} : {project} a pris fin le {date}. Décidez dès maintenant avec /assess decide {evaluation} approved ou /assess decide {evaluation} to_rework.',
  'notify.withdrawn.title': 'Évaluation retirée : {evaluation}',
  'notify.withdrawn.cancelled':
    'Un coordinateur a annulé l’évaluation de {student} : {project}. Vous n’avez plus rien à faire pour elle.',
  'notify.withdrawn.reassigned':
    'Un coordinateur a confié l’évaluation de {student} : {project} à un autre évaluateur. Vous n’avez plus rien à faire pour elle.',
  'notify.failed.title': 'Message non distribué',
  'notify.failed.person': '{recipient} est injoignable sur {platform} : {reason} ({code}).',
  'notify.failed.channel': 'Le canal {channel} sur {platform} est inutilisable : {reason} ({code}).',
  'notify.failed.reason.50007': 'cette personne a fermé ses messages privés',
  'notify.failed.reason.user_not_found': 'le compte est introuvable',
  'notify.failed.reason.channel_not_found': 'le canal n’existe pas ou le bot n’y est pas',
  'notify.failed.reason.other': 'la plateforme a refusé le message',
  'notify.failed.fix.person':
    'Plus aucun message ne lui parvient sur {platform} tant que ce n’est pas corrigé : demandez-lui d’autoriser les messages privés du serveur, ou corrigez son identifiant dans le fichier de l’organisation.',
  'notify.failed.fix.channel':
    'Invitez le bot dans le canal, ou corrigez l’identifiant du canal dans le fichier de l’organisation.',
};
