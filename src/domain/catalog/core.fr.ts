import type { coreEn } from './core.en.ts';

/** Messages en français. Mêmes clés que `en.ts`. */
export const coreFr: Record<keyof typeof coreEn, string> = {
  'error.not_registered':
    "Vous n'êtes pas inscrit dans Assessor Desk. Demandez à un coordinateur de vous ajouter au fichier de l'organisation.",
  'error.forbidden': 'La commande {command} est réservée au(x) rôle(s) {roles} ; vous avez {yours}.',
  'error.student_not_found':
    "Il n'y a pas d'étudiant « {id} ». Vérifiez l'identifiant (celui du fichier de l'organisation).",
  'error.project_not_found':
    "Il n'y a pas de projet « {id} ». Vérifiez l'identifiant (celui du fichier de l'organisation).",
  'error.person_not_found': "Il n'y a personne avec l'identifiant « {id} ».",
  'error.evaluation_not_found': "L'évaluation {id} n'existe pas.",
  'error.offer_not_found': "La proposition {id} n'existe pas.",
  'error.offer_not_pending': 'Cette proposition a déjà reçu une réponse ({status}).',
  'error.not_your_evaluation': "L'évaluation {id} ne vous est pas attribuée.",
  'error.not_your_student': "L'étudiant {id} ne fait pas partie de vos étudiants.",
  'error.illegal_transition':
    "L'évaluation {id} est à l'état {from} ; l'action {event} est impossible maintenant.",
  'error.no_eligible_assessor':
    "Aucun évaluateur n'est disponible pour {id} ; la demande attend dans la file.",
  'error.not_eligible': 'Vous ne pouvez pas prendre {id} : {rule}.',
  'error.report_invalid': 'Le rapport comporte {count} problème(s) ; voyez les champs signalés.',
  'error.dossier_locked': 'Le dossier de {student} est verrouillé ; le rapport ne peut plus être modifié.',
  'error.concurrent_update': "L'évaluation {id} a changé pendant que vous travailliez. Réessayez.",
  'error.invalid_input': '{field} : {problem}',
  'error.project_not_in_path': 'Le projet {project} ne fait pas partie du parcours de {student}.',
  'error.already_open': '{student} a déjà une évaluation ouverte de {project} ({id}).',
  'report.field.criterionVerdict': 'Critère : {criterion}',
  'report.field.criterionComment': 'Commentaire : {criterion}',
  'report.field.outcome': 'Résultat',
  'report.field.strengths': 'Points forts (pour l’étudiant)',
  'report.field.improvements': 'À améliorer (pour l’étudiant)',
  'report.field.mentorNote': 'Note pour le mentor',
  'report.field.juryJustification': 'Justification pour le jury',
  'report.field.readinessDoubt': 'Doute sur la suite du parcours',
  'report.field.doubtNote': 'Note sur le doute (mentor et jury)',
  'report.field.commonMistakes': 'Erreurs fréquentes (équipe pédagogique)',
  'report.field.materialSuggestions': 'Supports de cours (équipe pédagogique)',
  'report.hint.criterionComment':
    'Obligatoire si non acquis : ce qui manque et comment y remédier. L’étudiant le lit.',
  'report.hint.outcome':
    'Validé : tous les critères acquis ; sous réserve ou à retravailler : au moins un non acquis.',
  'report.hint.strengths': 'Ce que l’étudiant a bien réussi, concrètement. L’étudiant le lit.',
  'report.hint.improvements': 'Ce qu’il faut améliorer, et comment. L’étudiant le lit.',
  'report.hint.mentorNote': 'La progression et ce sur quoi le mentorat doit porter. Seul le mentor le lit.',
  'report.hint.juryJustification':
    'Pourquoi ce résultat, pour le jury du diplôme : au moins {min} mots différents.',
  'report.hint.readinessDoubt': 'Cochez si vous doutez que l’étudiant soit prêt à poursuivre.',
  'report.hint.doubtNote': 'Ce qui vous inquiète et pourquoi. Le mentor et le jury le lisent.',
  'report.hint.commonMistakes': 'Les erreurs que le cours devrait traiter. Anonyme : aucun nom.',
  'report.hint.materialSuggestions':
    'Ce qu’il faudrait ajouter ou changer dans les supports. Anonyme : aucun nom.',
  'report.error.required': 'Ce champ est obligatoire.',
  'report.error.too_short': 'Trop court : au moins {min} caractères (actuellement {length}).',
  'report.error.too_long': 'Trop long : au plus {max} caractères (actuellement {length}).',
  'report.error.invalid_value': 'Cette valeur n’est pas valide.',
  'report.error.criterion_missing': 'Indiquez si « {criterion} » est acquis ou non acquis.',
  'report.error.unknown_criterion':
    'Le critère « {criterion} » ne fait pas partie de la grille de ce projet.',
  'report.error.comment_required_when_not_met':
    'Expliquez pourquoi « {criterion} » n’est pas acquis (au moins {min} caractères).',
  'report.error.approved_needs_all_met':
    '« Validé » exige que tous les critères soient acquis ; {count} non acquis : {criteria}.',
  'report.error.to_rework_needs_one_not_met': '« À retravailler » exige au moins un critère non acquis.',
  'report.error.conditional_needs_one_not_met':
    '« Validé sous réserve » exige au moins un critère non acquis, pour que l’étudiant sache quoi corriger.',
  'report.error.justification_not_substantial':
    'Expliquez davantage la décision au jury : au moins {min} mots différents (actuellement {words}).',
  'report.error.doubt_note_required': 'Expliquez votre doute : le mentor et le jury lisent cette note.',
  'report.error.doubt_note_without_doubt':
    'Vous avez écrit une note sur un doute : cochez le doute, ou videz la note.',
  'report.error.audience_leak':
    'Ce texte reprend « {source} », qui n’est pas destiné aux lecteurs de ce champ. Rédigez-le pour eux, avec vos mots.',
  'report.error.curriculum_not_anonymous':
    'Les retours pour l’équipe pédagogique sont anonymes : retirez {names}.',
  'report.error.outcome_locked':
    'Le résultat ({outcome}) ne peut pas changer ainsi : un résultat définitif ne peut passer que de « Validé » à « À retravailler » ou l’inverse ; une évaluation sous réserve se tranche avec /assess decide.',
  'role.assessor': 'Évaluateur',
  'role.mentor': 'Mentor',
  'role.curriculum': 'Équipe pédagogique',
  'role.jury': 'Jury',
  'role.coordinator': 'Coordinateur',
  'role.admin': 'Administrateur',
  'outcome.approved': 'Validé',
  'outcome.conditional': 'Validé sous réserve',
  'outcome.to_rework': 'À retravailler',
  'verdict.met': 'Acquis',
  'verdict.not_met': 'Non acquis',
  'decline.reason.unavailable': 'Pas disponible',
  'decline.reason.conflict_of_interest': 'Conflit d’intérêts',
  'decline.reason.not_competent': 'Pas compétent sur ce projet',
  'decline.reason.other': 'Autre raison',
  'rule.certified': 'certifié pour le projet',
  'rule.not_mentor': 'n’est pas le mentor de l’étudiant',
  'rule.no_conflict': 'aucun conflit d’intérêts déclaré avec l’étudiant',
  'rule.not_away': 'pas absent',
  'rule.under_capacity': 'sous sa capacité hebdomadaire',
  'rule.speaks_language': 'parle la langue de l’étudiant',
  'rule.not_declined': 'n’a pas refusé cette évaluation',
  'rule.certified.failed': 'vous n’êtes pas certifié pour ce projet',
  'rule.not_mentor.failed': 'vous êtes le mentor de l’étudiant',
  'rule.no_conflict.failed': 'vous avez déclaré un conflit d’intérêts avec cet étudiant',
  'rule.not_away.failed': 'vous êtes absent',
  'rule.under_capacity.failed': 'votre capacité hebdomadaire est atteinte',
  'rule.speaks_language.failed': 'la soutenance doit se tenir dans une langue que vous ne parlez pas',
  'rule.not_declined.failed': 'vous avez déjà refusé cette évaluation',
  'status.requested': 'Demandée',
  'status.offered': 'Proposée',
  'status.accepted': 'Acceptée',
  'status.submitted': 'Rapport rendu',
  'status.approved': 'Validée',
  'status.conditional': 'Validée sous réserve',
  'status.to_rework': 'À retravailler',
  'status.awaiting_resubmission': 'En attente du nouveau dépôt',
  'status.declined': 'Refusée',
  'status.expired': 'Expirée',
  'status.cancelled': 'Annulée',
};
