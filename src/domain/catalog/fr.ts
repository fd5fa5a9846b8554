import type { en } from './en.ts';

/** Messages en français. Mêmes clés que `en.ts`. */
export const fr: Record<keyof typeof en, string> = {
  'error.not_registered': "Vous n'êtes pas inscrit dans Assessor Desk. Demandez à un coordinateur de vous ajouter au fichier de l'organisation.",
  'error.forbidden': 'La commande {command} est réservée au(x) rôle(s) {roles} ; vous avez {yours}.',
  'error.student_not_found': "Il n'y a pas d'étudiant « {id} ». Vérifiez l'identifiant (celui du fichier de l'organisation).",
  'error.project_not_found': "Il n'y a pas de projet « {id} ». Vérifiez l'identifiant (celui du fichier de l'organisation).",
  'error.person_not_found': "Il n'y a personne avec l'identifiant « {id} ».",
  'error.evaluation_not_found': "L'évaluation {id} n'existe pas.",
  'error.offer_not_found': "La proposition {id} n'existe pas.",
  'error.offer_not_pending': 'Cette proposition a déjà reçu une réponse ({status}).',
  'error.not_your_evaluation': "L'évaluation {id} ne vous est pas attribuée.",
  'error.illegal_transition': "L'évaluation {id} est à l'état {from} ; l'action {event} est impossible maintenant.",
  'error.no_eligible_assessor': "Aucun évaluateur n'est disponible pour {id} ; la demande attend dans la file.",
  'error.not_eligible': 'Vous ne pouvez pas prendre {id} : {rule}.',
  'error.report_invalid': 'Le rapport comporte {count} problème(s) ; voyez les champs signalés.',
  'error.dossier_locked': 'Le dossier de {student} est verrouillé ; le rapport ne peut plus être modifié.',
  'error.concurrent_update': "L'évaluation {id} a changé pendant que vous travailliez. Réessayez.",
  'error.invalid_input': '{field} : {problem}',
  'error.project_not_in_path': "Le projet {project} ne fait pas partie du parcours de {student}.",
  'error.already_open': '{student} a déjà une évaluation ouverte de {project} ({id}).',
};
