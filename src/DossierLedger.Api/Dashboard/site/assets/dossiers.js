// The dossiers behind a figure (GET /api/reports/figures/{figure}/dossiers), a page at a time, in the side panel.
import { apiUrl, count, date, describeError, el, getJson, table } from './api.js';

const pageSize = 20;
const panel = document.getElementById('dossiers');
const procedures = new Map();

document.getElementById('dossiers-close').addEventListener('click', () => { panel.hidden = true; });

// As the spreadsheet of the same list names them (FigureDossiersSheet).
const closureNames = { resolved: 'Đã giải quyết', withdrawn: 'Rút hồ sơ', stopped: 'Dừng giải quyết', handedOver: 'Chuyển cơ quan khác' };
const timelinessNames = { early: 'trước hạn', onTime: 'đúng hạn', overdue: 'quá hạn' };

/** The dossier's state as the figure counts it: closed and how, or still being processed. */
function status(item) {
  if (!item.closure) {
    return 'Đang giải quyết';
  }
  const timeliness = timelinessNames[item.closingTimeliness ?? item.timeliness];
  return `${closureNames[item.closure] ?? item.closure} ngày ${date(item.closedOn)}${timeliness ? `, ${timeliness}` : ''}`;
}

async function procedureNames() {
  if (procedures.size === 0) {
    for (const procedure of await getJson('/api/procedures')) {
      procedures.set(procedure.code, procedure.name);
    }
  }
  return procedures;
}

/**
 * Opens the panel on the dossiers behind `figure` (its name in the reports, e.g. received.online or official.8) for
 * `query` (from, to, unit, and field, procedure or folding where the figure is a row's).
 */
export async function showFigure(figure, label, query, page = 1) {
  panel.hidden = false;
  panel.dataset.figure = figure;
  document.getElementById('dossiers-title').textContent = label;
  const summary = document.getElementById('dossiers-summary');
  const list = document.getElementById('dossiers-list');
  const pages = document.getElementById('dossiers-pages');
  summary.textContent = 'Đang tải…';
  list.replaceChildren();
  pages.replaceChildren();
  const path = `/api/reports/figures/${encodeURIComponent(figure)}/dossiers`;
  let answer;
  let names = new Map();
  try {
    [answer, names] = await Promise.all([
      getJson(path, { ...query, page, pageSize }),
      procedureNames().catch(() => new Map()),
    ]);
  } catch (error) {
    summary.textContent = describeError(error);
    return;
  }

  const last = Math.max(1, Math.ceil(answer.total / pageSize));
  summary.replaceChildren(
    el('span', {}, 'Tổng số: ', el('strong', { id: 'dossiers-total' }, count(answer.total)), ' hồ sơ'),
    ' · ',
    el('a', { href: apiUrl(path, { ...query, format: 'csv' }).toString() }, 'Tải danh sách (CSV)'));
  list.replaceChildren(table(
    [['Số biên nhận', 'Thủ tục', 'Ngày nhận', 'Hạn giải quyết', 'Trạng thái']],
    answer.items.map((item) => [
      el('td', { class: 'code' }, item.receiptNo ?? '—'),
      el('td', { title: item.procedureCode }, names.get(item.procedureCode) ?? item.procedureCode),
      date(item.receivedOn),
      date(item.overdueOn),
      status(item),
    ]),
    { id: 'dossiers-table' }));
  pages.replaceChildren(
    el('button', { type: 'button', disabled: page <= 1, onclick: () => showFigure(figure, label, query, page - 1) }, '‹ Trang trước'),
    el('span', {}, ` Trang ${count(page)} / ${count(last)} `),
    el('button', { type: 'button', disabled: answer.next === null, onclick: () => showFigure(figure, label, query, answer.next) }, 'Trang sau ›'));
}

/** A table cell showing a figure; a click opens the dossiers behind it. */
export function figureCell(value, figure, label, query) {
  if (value === null || value === undefined) {
    return el('td', {}, '—');
  }
  return el('td', { class: 'figure' },
    el('button', { type: 'button', 'data-figure': figure, title: 'Xem các hồ sơ', onclick: () => showFigure(figure, label, query) }, count(value)));
}
