/**
 * The local workspace page: pick who you are, then use Assessor Desk in a Slack-like and a
 * Discord-like pane side by side. Both panes follow the fakes' live changes.
 */
import { follow, get } from './api.js';
import { createDiscordPane } from './discord-pane.js';
import { h } from './dom.js';
import { createSlackPane } from './slack-pane.js';

const STORAGE_KEY = 'assessor-desk.workspace.person';
const ROLE_ORDER = ['assessor', 'mentor', 'curriculum', 'jury', 'coordinator', 'admin', 'student'];

let people = [];
let catalog = [];
let person = null;

const picker = document.getElementById('person');
const roles = document.getElementById('roles');
const connection = document.getElementById('connection');

const app = {
  person: () => person,
  /** The commands this person may run. */
  catalog: () => catalog.filter((entry) => person?.roles.some((role) => entry.roles.includes(role))),
  suggest: (kind, q) => get('/suggest', { person: person.id, kind, q }),
};

const slack = createSlackPane(document.getElementById('slack'), app);
const discord = createDiscordPane(document.getElementById('discord'), app);

function describe(p) {
  const platforms = [p.slack ? 'Slack' : null, p.discord ? 'Discord' : null].filter(Boolean).join(' + ');
  return `${p.name} — ${p.roles.join(', ')} (${platforms})`;
}

function fillPicker() {
  const staff = people.filter((p) => !p.roles.includes('student'));
  const students = people.filter((p) => p.roles.includes('student'));
  const rank = (p) => Math.min(...p.roles.map((r) => ROLE_ORDER.indexOf(r)));
  staff.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  picker.replaceChildren(
    h(
      'optgroup',
      { label: 'School staff' },
      staff.map((p) => h('option', { value: p.id }, describe(p))),
    ),
    h(
      'optgroup',
      { label: 'Students' },
      students.map((p) => h('option', { value: p.id }, describe(p))),
    ),
  );
}

function choose(id) {
  person = people.find((p) => p.id === id) ?? people[0] ?? null;
  if (!person) return;
  picker.value = person.id;
  localStorage.setItem(STORAGE_KEY, person.id);
  roles.replaceChildren(
    ...person.roles.map((r) => h('span', { class: `role role-${r}` }, r)),
    h('span', { class: 'locale' }, person.locale === 'fr' ? 'français' : 'English'),
  );
  document.title = `${person.name} — Assessor Desk local workspace`;
  slack.reset();
  discord.reset();
}

const pending = { slack: null, discord: null };

/** Loads a pane again shortly after a change, once for a burst of changes. */
function refreshSoon(platform) {
  if (pending[platform]) return;
  pending[platform] = setTimeout(() => {
    pending[platform] = null;
    (platform === 'slack' ? slack : discord).load();
  }, 60);
}

async function start() {
  [people, catalog] = await Promise.all([get('/people'), get('/commands')]);
  fillPicker();
  picker.addEventListener('change', () => choose(picker.value));
  const stored = localStorage.getItem(STORAGE_KEY);
  const firstAssessor = people.find((p) => p.roles.includes('assessor') && p.slack && p.discord);
  choose(stored && people.some((p) => p.id === stored) ? stored : (firstAssessor?.id ?? people[0]?.id));
  follow(
    (change) => refreshSoon(change.platform),
    (state) => {
      connection.textContent =
        state === 'live' ? 'Live' : state === 'closed' ? 'Disconnected' : 'Reconnecting…';
      connection.dataset.state = state;
      // Changes missed while disconnected: load both panes again.
      if (state === 'live') {
        slack.load();
        discord.load();
      }
    },
  );
}

start().catch((error) => {
  connection.textContent = `Could not load the workspace: ${error.message}`;
  connection.dataset.state = 'closed';
});
