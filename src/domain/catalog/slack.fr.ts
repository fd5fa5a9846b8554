import type { slackEn } from './slack.en.ts';

/** Messages en français de l’adaptateur Slack. Mêmes clés que `slack.en.ts`. */
export const slackFr: Record<keyof typeof slackEn, string> = {
  'slack.form.close': 'Annuler',
  'slack.form.failed': 'Un problème est survenu de notre côté et rien n’a été enregistré. Veuillez renvoyer.',
  'slack.form.trigger_expired':
    'Le formulaire n’a pas pu s’ouvrir à temps. Relancez la commande ou cliquez à nouveau.',
  'slack.notice.title': 'Assessor Desk',
  'slack.notice.close': 'Fermer',
  'slack.offer.already_answered': 'Vous avez déjà répondu à cette proposition ({status}).',
  'slack.offer.accepted': 'Vous avez accepté {id}. Le rapport est attendu {date}.',
  'slack.button.open_report': 'Ouvrir le rapport',
  'slack.button.accept': 'Accepter',
  'slack.button.decline': 'Refuser',
  'slack.decline.title': 'Refuser {id}',
  'slack.decline.submit': 'Refuser',
  'slack.decline.intro':
    '{student} · {project} · tentative {attempt}. Pourquoi refusez-vous ? Un conflit d’intérêts est mémorisé pour que ce binôme ne revienne jamais.',
  'slack.decline.reason': 'Motif',
  'slack.decline.note': 'Note',
  'slack.decline.note_hint': 'Ce que la coordination devrait savoir (facultatif).',
  'slack.report.done_title': 'Rapport envoyé',
  'slack.home.title': 'Assessor Desk',
  'slack.home.availability': '*Capacité hebdomadaire :* {capacity} · *Absences :* {absences}',
  'slack.home.set_availability': 'Disponibilités',
  'slack.home.more': '… et {count} de plus : /assess queue les liste toutes.',
  'slack.home.decide': 'Tranchez avec /assess decide {id} approved ou /assess decide {id} to_rework.',
  'slack.home.other':
    'Vous êtes inscrit avec le rôle {roles}. Tapez /assess help pour voir les commandes à votre disposition ; le bot vous envoie ici ce qui vous concerne.',
  'slack.availability.title': 'Disponibilités',
  'slack.availability.submit': 'Enregistrer',
  'slack.availability.intro':
    'Indiquez combien d’évaluations vous prenez par semaine et ajoutez une absence : aucune proposition ne vous parvient pendant ce temps.',
  'slack.availability.capacity': 'Évaluations par semaine',
  'slack.availability.away_from': 'Absent à partir du',
  'slack.availability.away_to': 'Absent jusqu’au (inclus)',
  'slack.availability.capacity_invalid': 'Un nombre entier de 0 à 50 est attendu.',
  'slack.availability.saved': 'Enregistré. Capacité hebdomadaire : {capacity}. Absences : {absences}.',
  'slack.manifest.description':
    'Le suivi des évaluations de l’école : propositions, rapports, synthèses aux mentors, dossiers du jury.',
  'slack.command.assess': 'Évaluateurs : votre file, les propositions, les rapports et vos disponibilités',
  'slack.command.mentor': 'Mentors : vos étudiants et leurs évaluations',
  'slack.command.curriculum': 'Équipe pédagogique : la synthèse des retours sur les projets',
  'slack.command.jury': 'Jury : compiler le dossier d’un étudiant et le suivre',
  'slack.command.evaluation': 'Coordination : demander, réattribuer, annuler et lister les évaluations',
};
