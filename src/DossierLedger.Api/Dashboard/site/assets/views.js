// The dashboard's views, each drawn into the page's main element from the API's report and queue endpoints.
/* global Chart */
import { apiUrl, count, date, el, getJson, percent, table } from './api.js';
import { figureCell, showFigure } from './dossiers.js';

const charts = [];

/** Charts of the view being left are destroyed, or they keep listening to the window. */
export function clearCharts() {
  charts.splice(0).forEach((chart) => chart.destroy());
}

function chart(canvas, configuration) {
  charts.push(new Chart(canvas, { ...configuration, options: { animation: false, maintainAspectRatio: false, ...configuration.options } }));
}

const isoDate = (d) => d.toISOString().slice(0, 10);

/** The months of [from, to], each clipped to the range; at most 36 (the most recent). */
function months(from, to) {
  const result = [];
  const end = new Date(`${to}T00:00:00Z`);
  for (let first = new Date(`${from.slice(0, 7)}-01T00:00:00Z`); first <= end; first.setUTCMonth(first.getUTCMonth() + 1)) {
    const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
    const start = isoDate(first) < from ? from : isoDate(first);
    result.push({ label: `${isoDate(first).slice(5, 7)}/${first.getUTCFullYear()}`, from: start, to: isoDate(last) > to ? to : isoDate(last) });
  }
  return result.slice(-36);
}

/** On-time and online rates month by month (a period report per month), with the counts behind them. */
async function rates(container, query) {
  const periods = months(query.from, query.to);
  const reports = await Promise.all(periods.map((m) => getJson('/api/reports/period', { from: m.from, to: m.to, unit: query.unit })));
  const monthQuery = (i) => ({ from: periods[i].from, to: periods[i].to, unit: query.unit });
  const rateCanvas = el('canvas', { id: 'rates-chart', 'aria-label': 'Biểu đồ tỷ lệ theo tháng' });
  const receiptCanvas = el('canvas', { id: 'receipts-chart', 'aria-label': 'Biểu đồ hồ sơ tiếp nhận theo tháng' });
  container.replaceChildren(
    el('h2', {}, 'Tỷ lệ giải quyết đúng hạn và tiếp nhận trực tuyến theo tháng'),
    el('p', { class: 'hint' }, 'Bấm vào một điểm của biểu đồ hay một số liệu trong bảng để xem các hồ sơ tạo nên số liệu đó.'),
    el('div', { class: 'charts' }, el('div', { class: 'chart' }, rateCanvas), el('div', { class: 'chart' }, receiptCanvas)),
    table(
      [['Tháng', 'Mới tiếp nhận', 'Trực tuyến', 'Đã giải quyết', 'Đúng hạn (kể cả trước hạn)', 'Tỷ lệ đúng hạn', 'Tỷ lệ trực tuyến']],
      reports.map((r, i) => [
        periods[i].label,
        figureCell(r.received.new, 'received.new', `Hồ sơ mới tiếp nhận, tháng ${periods[i].label}`, monthQuery(i)),
        figureCell(r.received.online, 'received.online', `Hồ sơ tiếp nhận trực tuyến, tháng ${periods[i].label}`, monthQuery(i)),
        figureCell(r.resolved.total, 'resolved.total', `Hồ sơ đã giải quyết, tháng ${periods[i].label}`, monthQuery(i)),
        figureCell(r.ratios.onTime.numerator, 'ratios.onTime.numerator', `Hồ sơ giải quyết đúng hạn, tháng ${periods[i].label}`, monthQuery(i)),
        percent(r.rates.onTime),
        percent(r.rates.online),
      ]),
      { id: 'rates-table' }));

  // A click on a point opens the dossiers counted in that month's rate (its numerator).
  const drill = [
    { figure: 'ratios.onTime.numerator', label: 'Hồ sơ giải quyết đúng hạn' },
    { figure: 'received.online', label: 'Hồ sơ tiếp nhận trực tuyến' },
  ];
  const toPercent = (value) => (value === null ? null : Math.round(value * 10000) / 100);
  chart(rateCanvas, {
    type: 'line',
    data: {
      labels: periods.map((m) => m.label),
      datasets: [
        { label: 'Tỷ lệ giải quyết đúng hạn (%)', data: reports.map((r) => toPercent(r.rates.onTime)), borderColor: '#1b6ec2', backgroundColor: '#1b6ec2' },
        { label: 'Tỷ lệ tiếp nhận trực tuyến (%)', data: reports.map((r) => toPercent(r.rates.online)), borderColor: '#d9822b', backgroundColor: '#d9822b' },
      ],
    },
    options: {
      scales: { y: { min: 0, max: 100, ticks: { callback: (v) => `${v} %` } } },
      onClick: (_, elements) => {
        const [point] = elements;
        if (point) {
          const { figure, label } = drill[point.datasetIndex];
          showFigure(figure, `${label}, tháng ${periods[point.index].label}`, monthQuery(point.index));
        }
      },
    },
  });
  chart(receiptCanvas, {
    type: 'bar',
    data: {
      labels: periods.map((m) => m.label),
      datasets: [
        { label: 'Trực tuyến', data: reports.map((r) => r.received.online), backgroundColor: '#d9822b' },
        { label: 'Trực tiếp, dịch vụ bưu chính', data: reports.map((r) => r.received.directOrPostal), backgroundColor: '#7a9cc6' },
      ],
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } }, plugins: { title: { display: true, text: 'Hồ sơ mới tiếp nhận' } } },
  });
}

/** Biểu số 06/VPCP/KSTT of the unit and range, each cell opening its dossiers; the official files to download. */
async function bieu06(container, query) {
  const answer = await getJson('/api/reports/bieu06', query);
  const form = answer.official;
  const cellQuery = { ...query, folding: form.folding };
  const groups = [];
  for (const column of form.columns) {
    const heading = groups.at(-1);
    if (heading && heading.name === column.group) {
      heading.span += 1;
    } else {
      groups.push({ name: column.group, span: 1 });
    }
  }

  const row = (label, cells, narrowing, clickable, className) => el('tr', { class: className },
    el('th', { scope: 'row' }, label),
    cells.map((value, i) => (clickable
      ? figureCell(value, `official.${form.columns[i].number}`, `${label} — (${form.columns[i].number}) ${columnName(form.columns[i])}`, { ...cellQuery, ...narrowing })
      : el('td', {}, count(value)))));
  // A level's row is the sum over units of that level; the drill-down narrows by field or procedure, not by level, so
  // a level's cells, and its fields' and procedures', open their dossiers only when it is the table's only level.
  const oneLevel = form.levels.length === 1;
  const rows = form.levels.flatMap((level) => [
    row(level.name, level.cells, {}, oneLevel, 'level'),
    ...level.fields.flatMap((field, f) => [
      row(`${f + 1}. ${field.fieldName}`, field.cells, { field: field.fieldCode }, oneLevel, 'field'),
      ...field.procedures.map((p, i) => row(`${f + 1}.${i + 1}. ${p.procedureName}`, p.cells, { procedure: p.procedureCode }, oneLevel, 'procedure')),
    ]),
  ]);
  rows.push(row('Tổng cộng', form.total.cells, {}, true, 'total'));

  container.replaceChildren(
    el('p', { class: 'form-name' }, form.form),
    el('h2', {}, form.title),
    el('p', {}, `Đơn vị: ${form.unitName ? `${form.unitName} (${form.unitCode})` : 'Tất cả đơn vị'} · Kỳ báo cáo: từ ${date(answer.from)} đến ${date(answer.to)} · Đơn vị tính: ${form.unitOfMeasure}`),
    el('p', { class: 'downloads' }, 'Tải biểu: ',
      el('a', { href: apiUrl('/api/reports/bieu06', { ...query, format: 'xlsx' }).toString() }, 'Excel (XLSX)'), ' · ',
      el('a', { href: apiUrl('/api/reports/bieu06', { ...query, format: 'csv' }).toString() }, 'CSV')),
    table([
      [el('th', { rowspan: 3 }, form.rowHeader), ...groups.map((g) => el('th', { colspan: g.span }, g.name))],
      form.columns.map((c) => el('th', {}, columnName(c))),
      form.columns.map((c) => el('th', {}, `(${c.number})`)),
    ], rows, { id: 'bieu06-table', class: 'bieu06' }));
}

const columnName = (column) => (column.subGroup ? `${column.subGroup}: ${column.label}` : column.label);

/** The figure names of each QĐ 766 indicator's numerator and denominator (where the ledger lists their dossiers). */
const indicatorFigures = {
  2.1: ['quality.progress.numerator', 'quality.progress.denominator'],
  2.2: [null, 'quality.processingTime.dossiers'],
  3.3: ['quality.onlineReception.numerator', 'quality.onlineReception.denominator'],
  3.6: ['quality.onlinePayment.numerator', 'quality.onlinePayment.denominator'],
  4.1: ['quality.electronicResults.numerator', 'quality.electronicResults.denominator'],
  4.2: ['quality.digitization.numerator', 'quality.digitization.denominator'],
  4.3: ['quality.dataReuse.numerator', 'quality.dataReuse.denominator'],
  5.4: [null, 'quality.satisfaction.overdueRate.denominator'],
};

/** The QĐ 766/QĐ-TTg indicators: rate, target and score, each count opening its dossiers. */
async function qd766(container, query) {
  const answer = await getJson('/api/reports/qd766', query);
  const value = (i) => (i.unit === '%' ? percent(i.value) : i.value === null ? '—' : `${i.value.toLocaleString('vi-VN', { maximumFractionDigits: 2 })} ${i.unit}`);
  container.replaceChildren(
    el('h2', {}, 'Chỉ số đánh giá chất lượng phục vụ theo Quyết định 766/QĐ-TTg'),
    el('p', {}, `Đơn vị: ${answer.unitName ?? answer.unit ?? 'Tất cả đơn vị'} · Kỳ: từ ${date(answer.from)} đến ${date(answer.to)}`),
    el('p', { class: 'downloads' }, 'Tải bảng: ',
      el('a', { href: apiUrl('/api/reports/qd766', { ...query, format: 'xlsx' }).toString() }, 'Excel (XLSX)'), ' · ',
      el('a', { href: apiUrl('/api/reports/qd766', { ...query, format: 'csv' }).toString() }, 'CSV')),
    table(
      [['Mã', 'Chỉ số', 'Tử số', 'Mẫu số', 'Giá trị', 'Chỉ tiêu', 'Mức đạt', 'Ghi chú']],
      answer.indicators.map((i) => {
        const [numerator, denominator] = indicatorFigures[i.code] ?? [null, null];
        const cell = (amount, figure, part) => (figure ? figureCell(amount, figure, `${i.code} ${i.name} — ${part}`, query) : count(amount));
        return [
          i.code, i.name,
          i.unit === '%' ? cell(i.numerator, numerator, 'tử số') : '—',
          cell(i.denominator, denominator, 'mẫu số'),
          value(i), percent(i.target), percent(i.achievement),
          [i.factor !== null ? `hệ số ${i.factor.toLocaleString('vi-VN')}` : null, i.note].filter(Boolean).join('; '),
        ];
      }),
      { id: 'qd766-table' }));
}

const statusNames = {
  received: 'Mới tiếp nhận', inProcess: 'Đang xử lý', awaitingSupplement: 'Chờ bổ sung', awaitingPayment: 'Chờ thực hiện nghĩa vụ tài chính',
};
const instant = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'short' });
const queuePageSize = 20;
const dueSoonDays = 3;

/** Items [start, start + count) of a queue, from the pages of the API (whose page size is its own). */
async function slice(parameters, start) {
  const first = Math.floor(start / queuePageSize) + 1;
  const pages = await Promise.all([first, first + 1].map((page) => getJson('/api/dossiers', { ...parameters, page, pageSize: queuePageSize })));
  const offset = start - (first - 1) * queuePageSize;
  return pages.flatMap((p) => p.items).slice(offset, offset + queuePageSize);
}

/**
 * The open dossiers past their due (the API's queue, due before now) and those due within the next days (due before
 * then, after the overdue ones in the queue's order by due).
 */
async function queues(container, query) {
  if (!query.unit) {
    container.replaceChildren(el('p', { class: 'hint' }, 'Chọn một đơn vị để xem hàng đợi hồ sơ.'));
    return;
  }
  const now = new Date();
  const stamp = (d) => `${d.toISOString().slice(0, 19)}Z`;
  const overdue = { unit: query.unit, status: 'open', dueBefore: stamp(now) };
  const soon = { ...overdue, dueBefore: stamp(new Date(now.getTime() + dueSoonDays * 86400000)) };
  const [overdueTotal, soonTotal] = await Promise.all(
    [overdue, soon].map((p) => getJson('/api/dossiers', { ...p, pageSize: 1 }).then((a) => a.total)));

  const list = (id, title, total, load) => {
    const section = el('section', { id });
    const draw = async (page) => {
      const items = await load((page - 1) * queuePageSize);
      const last = Math.max(1, Math.ceil(total / queuePageSize));
      section.replaceChildren(
        el('h2', {}, `${title}: `, el('span', { class: 'queue-total' }, count(total))),
        table([['Số biên nhận', 'Thủ tục', 'Ngày nhận', 'Hạn giải quyết', 'Trạng thái', 'Người xử lý']],
          items.map((d) => [el('td', { class: 'code' }, d.receiptNo), d.procedureCode, instant.format(new Date(d.receivedAt)), instant.format(new Date(d.dueAt)),
            statusNames[d.status] ?? d.status, d.assignee ?? '—'])),
        el('nav', {},
          el('button', { type: 'button', disabled: page <= 1, onclick: () => draw(page - 1) }, '‹ Trang trước'),
          el('span', {}, ` Trang ${count(page)} / ${count(last)} `),
          el('button', { type: 'button', disabled: page >= last, onclick: () => draw(page + 1) }, 'Trang sau ›')));
    };
    return { section, draw };
  };
  const overdueList = list('overdue', 'Hồ sơ quá hạn đang giải quyết', overdueTotal, (start) => slice(overdue, start));
  const soonList = list('due-soon', `Hồ sơ sắp đến hạn (trong ${dueSoonDays} ngày tới)`, soonTotal - overdueTotal,
    (start) => slice(soon, overdueTotal + start));
  await Promise.all([overdueList.draw(1), soonList.draw(1)]);
  container.replaceChildren(overdueList.section, soonList.section);
}

export const views = { rates, bieu06, qd766, queues };
