// The dashboard page: who is signed in, the unit and range chosen (kept in the address's #fragment, so a view can be
// bookmarked), and the view drawn for them.
import { ApiError, describeError, el, getJson } from './api.js';
import { clearCharts, views } from './views.js';

const view = document.getElementById('view');
const message = document.getElementById('message');
const unitPicker = document.getElementById('unit');
const fromInput = document.getElementById('from');
const toInput = document.getElementById('to');

const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());

function readState() {
  const hash = new URLSearchParams(location.hash.slice(1));
  return {
    view: Object.hasOwn(views, hash.get('view') ?? '') ? hash.get('view') : 'rates',
    unit: hash.get('unit'),
    from: hash.get('from') ?? `${today.slice(0, 4)}-01-01`,
    to: hash.get('to') ?? today,
  };
}

function writeState(state) {
  const hash = new URLSearchParams({ view: state.view, from: state.from, to: state.to });
  if (state.unit) {
    hash.set('unit', state.unit);
  }
  if (location.hash.slice(1) === hash.toString()) {
    render();
  } else {
    location.hash = hash.toString();
  }
}

function showMessage(text) {
  message.textContent = text ?? '';
  message.hidden = !text;
}

/** The units the session may read: all of them, or those its units stand for (with their names where the registry has them). */
async function fillUnitPicker(session) {
  const { units } = await getJson('/api/units');
  const named = new Map(units.map((u) => [u.code, u.name]));
  const codes = session.scope ?? units.map((u) => u.code);
  unitPicker.replaceChildren(
    ...(session.scope ? [] : [el('option', { value: '' }, 'Tất cả đơn vị')]),
    ...codes.map((code) => el('option', { value: code }, named.has(code) ? `${named.get(code)} (${code})` : code)));
  showChosenUnit(readState());
}

function showChosenUnit(state) {
  if (state.unit !== null && [...unitPicker.options].some((o) => o.value === state.unit)) {
    unitPicker.value = state.unit;
  }
}

/** Before anything is chosen: the first unit of a session limited to units, else every unit. */
let firstUnit = null;

async function render() {
  const state = readState();
  showChosenUnit(state);
  fromInput.value = state.from;
  toInput.value = state.to;
  for (const tab of document.querySelectorAll('#tabs button')) {
    tab.setAttribute('aria-current', tab.dataset.view === state.view ? 'page' : 'false');
  }

  showMessage(null);
  clearCharts();
  view.dataset.state = 'loading';
  view.replaceChildren(el('p', { class: 'hint' }, 'Đang tải…'));
  try {
    // A unit named in the address is asked for even when the picker does not offer it: the API's refusal is then shown.
    await views[state.view](view, { from: state.from, to: state.to, unit: state.unit || unitPicker.value || firstUnit });
    view.dataset.state = 'ready';
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      location.assign('/dashboard/sign-in');
      return;
    }
    view.replaceChildren();
    showMessage(describeError(error));
    view.dataset.state = 'error';
  }
}

async function start() {
  let session;
  try {
    session = await getJson('/dashboard/session');
  } catch {
    location.assign('/dashboard/sign-in');
    return;
  }
  document.getElementById('who').textContent =
    `${session.user} · ${session.roles.join(', ')}${session.units ? ` · đơn vị ${session.units.join(', ')}` : ''}`;
  document.getElementById('sign-out').append(el('input', { type: 'hidden', name: session.antiforgeryField, value: session.antiforgeryToken }));
  firstUnit = session.scope?.[0] ?? null;

  document.getElementById('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    writeState({ ...readState(), unit: unitPicker.value, from: fromInput.value, to: toInput.value });
  });
  for (const tab of document.querySelectorAll('#tabs button')) {
    tab.addEventListener('click', () => writeState({ ...readState(), unit: unitPicker.value, view: tab.dataset.view }));
  }
  window.addEventListener('hashchange', render);
  // The first view's figures need only the session: the picker's names are read meanwhile.
  await Promise.all([fillUnitPicker(session).catch((error) => showMessage(describeError(error))), render()]);
}

start();
