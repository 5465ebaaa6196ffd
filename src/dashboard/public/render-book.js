import { escapeHtml, setData, setHtml, setText } from './dom-writes.js';
import { fmtAge, fmtNum, fmtPrice } from './formatters.js';

const NO_BOOK = 'no book records (market.book-snapshots.v1 / market.book-stats.v1)';

/**
 * The chosen coin's order book: one book's levels and figures (the server takes them from one record),
 * under the venue and age of that book; marked when it is old or from another venue than the prices.
 */
export function renderBook(detail) {
  const panel = document.querySelector('#book-panel');
  const book = detail.book;
  const exchange = book?.exchange ?? '';
  setData(panel, 'exchange', exchange);
  setData(panel, 'source', book?.source ?? '');
  panel.classList.toggle('not-current', book?.old === true || book?.pricesFrom !== undefined);
  for (const el of panel.querySelectorAll('[data-exchange]')) setData(el, 'exchange', exchange);
  if (book === undefined) {
    setHtml(panel.querySelector('#book-source'), '');
    setText(panel.querySelector('#book-figures'), NO_BOOK);
    setHtml(panel.querySelector('#book tbody'), '');
    return;
  }
  const badges = `${book.isFallback ? '<span class="badge fallback" title="from a fallback venue">FALLBACK</span>' : ''}${book.env === 'testnet' ? '<span class="badge testnet" title="env=testnet: not a real market price">TESTNET</span>' : ''}`;
  const notes = [
    `as of ${fmtAge(book.ageMs)} ago${book.old ? ' <span class="badge old" title="no newer record of this book">OLD</span>' : ''}`,
    ...(book.pricesFrom === undefined ? [] : [`<span class="warn">prices now from ${escapeHtml(book.pricesFrom)}</span>`]),
    ...(book.source === 'stats' ? ['figures only (book stats), no levels yet'] : []),
  ];
  setHtml(panel.querySelector('#book-source'), `<span class="book-venue">${escapeHtml(exchange)}</span>${badges} · ${notes.join(' · ')}`);
  const figure = (name, text) => `<span data-figure="${name}">${text}</span>`;
  setHtml(
    panel.querySelector('#book-figures'),
    `spread ${figure('spread', fmtPrice(book.spread))} (${figure('spread-bps', fmtNum(book.spreadBps, 2))} bps) · imbalance ${figure('imbalance', fmtNum(book.imbalance, 3))} · mid ${figure('mid', fmtPrice(book.mid))}`,
  );
  const rows = [];
  for (let i = 0; i < Math.max(book.bids.length, book.asks.length); i++) {
    const bid = book.bids[i];
    const ask = book.asks[i];
    rows.push(
      `<tr><td class="num">${fmtNum(bid?.size, 4)}</td><td class="num up">${fmtPrice(bid?.price)}</td><td class="num down">${fmtPrice(ask?.price)}</td><td class="num">${fmtNum(ask?.size, 4)}</td></tr>`,
    );
  }
  setHtml(panel.querySelector('#book tbody'), rows.join(''));
}
