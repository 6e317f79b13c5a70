// Reads the API's GET endpoints with the session cookie, and formats what they answer the way Vietnamese forms do.

/** An answer other than 2xx, with the problem the API gave (RFC 9457), if any. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** The URL of an API path with its query parameters; empty and null values are left out. */
export function apiUrl(path, parameters = {}) {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== null && value !== undefined && value !== '') {
      url.searchParams.set(name, value);
    }
  }
  return url;
}

export async function getJson(path, parameters) {
  const response = await fetch(apiUrl(path, parameters), { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!response.ok) {
    const problem = await response.json().catch(() => null);
    throw new ApiError(response.status, problem);
  }
  return response.json();
}

/** What a failed request means for the person reading the page. */
export function describeError(error) {
  if (!(error instanceof ApiError)) {
    return 'Không kết nối được với máy chủ. Hãy thử lại.';
  }
  switch (error.status) {
    case 400:
      return `Tham số không hợp lệ: ${Object.keys(error.problem?.errors ?? {}).join(', ') || error.message}.`;
    case 401:
      return 'Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại.';
    case 403:
      return error.problem?.rule === 'other-unit'
        ? 'Bạn không có quyền xem số liệu của đơn vị này.'
        : 'Vai trò của bạn không được xem mục này.';
    case 429:
      return 'Có quá nhiều yêu cầu; hãy thử lại sau giây lát.';
    case 503:
      return error.problem?.rule === 'rebuild-required'
        ? 'Số liệu báo cáo đang chờ tính lại; hãy báo quản trị viên.'
        : 'Máy chủ tạm thời không sẵn sàng; hãy thử lại sau.';
    default:
      return `Lỗi ${error.status}: ${error.message}`;
  }
}

const integer = new Intl.NumberFormat('vi-VN');
const percentage = new Intl.NumberFormat('vi-VN', { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const count = (value) => (value === null || value === undefined ? '—' : integer.format(value));
export const percent = (value) => (value === null || value === undefined ? '—' : percentage.format(value));

/** 2024-03-05 as 05/03/2024. */
export const date = (iso) => (iso ? iso.split('-').reverse().join('/') : '—');

/** An element with attributes and children (text is always set as text, never parsed as markup). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'onclick') {
      element.addEventListener('click', value);
    } else if (value !== null && value !== undefined && value !== false) {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
  element.append(...children.flat().filter((c) => c !== null && c !== undefined).map((c) => (c instanceof Node ? c : String(c))));
  return element;
}

/** A table from a header row and body rows of cells (a cell is text or an element). */
export function table(headers, rows, attributes = {}) {
  return el('table', attributes,
    el('thead', {}, headers.map((row) => el('tr', {}, row.map((h) => (h instanceof Node ? h : el('th', {}, h)))))),
    el('tbody', {}, rows.map((row) => (row instanceof Node ? row : el('tr', {}, row.map((c) => (c instanceof Node ? c : el('td', {}, c))))))));
}
