// claimcheck report: filters, jumps between claims and their spans, and the
// evidence item for a selection. The page reads and prints without it.
// Everything is delegated from the document: no listener per claim or span,
// so a report of thousands of claims costs nothing more to start.
(() => {
  'use strict';

  // Chars of context before and after a quote, as annotation tools store.
  const CONTEXT = 32;

  const byId = (id) => document.getElementById(id);
  const live = byId('live');
  const pop = byId('pop');
  const author = byId('author');
  const authorJson = byId('author-json');
  const authorWhere = byId('author-where');
  const authorNote = byId('author-note');
  const authorCopy = byId('author-copy');
  const behavior = matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth';

  const say = (text) => {
    live.textContent = text;
  };

  // The claims panel sits below the sticky bar, whatever its height.
  const bar = document.querySelector('.bar');
  if (bar) {
    const setBar = () => document.documentElement.style.setProperty('--bar-h', bar.offsetHeight + 'px');
    setBar();
    new ResizeObserver(setBar).observe(bar);
  }

  // ---- Filters: one class on <body> per hidden status.
  function toggleFilter(button) {
    const status = button.dataset.filter;
    const show = button.getAttribute('aria-pressed') !== 'true';
    button.setAttribute('aria-pressed', String(show));
    document.body.classList.toggle('hide-' + status, !show);
    say((show ? 'Showing ' : 'Hiding ') + status + ' claims');
  }

  // ---- Claims and their spans.
  let current = [];
  function setCurrent(elements) {
    for (const element of current) element.classList.remove('current');
    current = elements;
    for (const element of current) element.classList.add('current');
  }

  function flash(elements) {
    for (const element of elements) {
      element.animate(
        [{ backgroundColor: '#ffe066', boxShadow: '0 0 0 4px #ffe066' }, {}],
        { duration: 1600, easing: 'ease-out' },
      );
    }
  }

  // Scrolls to a claim's spans (or to one evidence item's) and marks them.
  function showClaim(card, evidenceKey) {
    const selector = evidenceKey ? `mark[data-e~="${evidenceKey}"]` : `mark[data-c~="${card.id}"]`;
    const marks = [...document.querySelectorAll(selector)];
    setCurrent([...marks, card]);
    if (marks.length === 0) {
      flash([card]);
      say('This claim has no passage in the article.');
      return;
    }
    marks[0].scrollIntoView({ block: 'center', behavior });
    flash(marks);
    const where = marks[0].closest('.para');
    say('Showing the claim\u2019s passage' + (where ? ' in ' + where.dataset.p : ''));
  }

  // Brings a claim's card into view, from a span's pop-up.
  function revealCard(key) {
    const card = byId(key);
    if (!card) return;
    const status = card.dataset.status;
    if (document.body.classList.contains('hide-' + status)) {
      const filter = document.querySelector(`.filter[data-filter="${status}"]`);
      if (filter) toggleFilter(filter);
    }
    closePop(false);
    card.scrollIntoView({ block: 'nearest', behavior });
    setCurrent([...document.querySelectorAll(`mark[data-c~="${key}"]`), card]);
    flash([card]);
    card.querySelector('.claim-head').focus({ preventScroll: true });
  }

  // ---- The pop-up of a span's claims.
  let popFor = null;
  function openPop(mark) {
    const list = document.createElement('ul');
    for (const key of (mark.dataset.c || '').split(' ')) {
      const card = key && byId(key);
      if (!card) continue;
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.goto = key;
      const text = document.createElement('span');
      text.className = 't';
      text.textContent =
        card.querySelector('.cid').textContent + ' \u2014 ' + card.querySelector('.claim-text').textContent;
      button.append(card.querySelector('.badge').cloneNode(true), text);
      const item = document.createElement('li');
      item.append(button);
      list.append(item);
    }
    pop.replaceChildren(list);
    pop.hidden = false;
    const box = mark.getBoundingClientRect();
    const width = document.documentElement.clientWidth;
    const left = Math.max(4, Math.min(box.left, width - pop.offsetWidth - 8));
    const below = box.bottom + 6 + pop.offsetHeight < innerHeight;
    const top = below ? box.bottom + 6 : box.top - 6 - pop.offsetHeight;
    pop.style.left = left + scrollX + 'px';
    pop.style.top = Math.max(4, top + scrollY) + 'px';
    popFor = mark;
    const first = pop.querySelector('button');
    if (first) first.focus({ preventScroll: true });
  }

  function closePop(restoreFocus) {
    if (pop.hidden) return;
    pop.hidden = true;
    if (restoreFocus && popFor) popFor.focus({ preventScroll: true });
    popFor = null;
  }

  pop.addEventListener('focusout', (event) => {
    if (!pop.contains(event.relatedTarget)) closePop(false);
  });

  const hasSelection = () => {
    const selection = getSelection();
    return !!selection && !selection.isCollapsed && selection.toString().trim() !== '';
  };

  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    if (!target.closest('#pop')) closePop(false);
    const filter = target.closest('.filter');
    if (filter) return toggleFilter(filter);
    const goto = target.closest('[data-goto]');
    if (goto) return revealCard(goto.dataset.goto);
    const loc = target.closest('.loc[data-e]');
    if (loc) return showClaim(loc.closest('.claim'), loc.dataset.e);
    const card = target.closest('.claim');
    // A click that ends a text selection in the card is not a jump.
    if (card) return target.closest('.claim-head') || !hasSelection() ? showClaim(card, null) : undefined;
    const mark = target.closest('mark.span');
    if (mark && !hasSelection()) openPop(mark);
  });

  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      if (!pop.hidden) {
        closePop(true);
        event.preventDefault();
      } else if (!author.hidden) {
        closeAuthor();
        event.preventDefault();
      }
      return;
    }
    const target = event.target;
    if ((event.key === 'Enter' || event.key === ' ') && target instanceof Element && target.matches('mark.span')) {
      event.preventDefault();
      openPop(target);
    }
  });

  // ---- Authoring: the evidence item for a selection in the article.
  // Offsets count Unicode code points of the paragraph's text (its DOM
  // text is exactly that text): `Array.from` splits by code point, where
  // DOM offsets count UTF-16 units.

  function textBefore(paragraph, node, offset) {
    const range = document.createRange();
    range.setStart(paragraph, 0);
    range.setEnd(node, offset);
    return range.toString();
  }

  // The part of each paragraph the range covers, blanks at its ends left out.
  function paragraphsIn(range) {
    const node = range.commonAncestorContainer;
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    if (!element) return [];
    const inside = element.closest('.para');
    const candidates = inside
      ? [inside]
      : [...element.querySelectorAll('.para')].filter((p) => range.intersectsNode(p));
    const pieces = [];
    for (const p of candidates) {
      const chars = Array.from(p.textContent);
      let start = p.contains(range.startContainer)
        ? Array.from(textBefore(p, range.startContainer, range.startOffset)).length
        : 0;
      let end = p.contains(range.endContainer)
        ? Array.from(textBefore(p, range.endContainer, range.endOffset)).length
        : chars.length;
      while (start < end && /\s/u.test(chars[start])) start++;
      while (end > start && /\s/u.test(chars[end - 1])) end--;
      if (start < end) pieces.push({ p, chars, start, end });
    }
    return pieces;
  }

  // Code point offsets where a grapheme cluster starts (and the end).
  function graphemeStarts(chars) {
    const starts = new Set([0, chars.length]);
    if (typeof Intl !== 'object' || !Intl.Segmenter) {
      chars.forEach((c, i) => {
        if (!/[\p{M}\u200d\ufe0e\ufe0f]/u.test(c) && chars[i - 1] !== '\u200d') starts.add(i);
      });
      return starts;
    }
    let point = 0;
    let unit = 0;
    for (const { index } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(chars.join(''))) {
      while (unit < index) unit += chars[point++].length;
      starts.add(point);
    }
    return starts;
  }

  // A quote never starts or ends inside a word or a grapheme cluster
  // (CONTRACT §2): a selection that does is widened to take it whole.
  const wordChar = /[\p{L}\p{N}\p{M}]/u;
  function snap({ chars, start, end }) {
    const [start0, end0] = [start, end];
    const starts = graphemeStarts(chars);
    while (start > 0 && !starts.has(start)) start--;
    while (end < chars.length && !starts.has(end)) end++;
    while (start > 0 && wordChar.test(chars[start - 1]) && wordChar.test(chars[start])) start--;
    while (end < chars.length && wordChar.test(chars[end]) && wordChar.test(chars[end - 1])) end++;
    return { start, end, widened: start !== start0 || end !== end0 };
  }

  function showItem(piece) {
    const { chars, p } = piece;
    const { start, end, widened } = snap(piece);
    const item = {
      quote: chars.slice(start, end).join(''),
      paragraph: p.dataset.p,
      start,
      end,
      prefix: chars.slice(Math.max(0, start - CONTEXT), start).join(''),
      suffix: chars.slice(end, end + CONTEXT).join(''),
    };
    authorJson.textContent = JSON.stringify(item, null, 2);
    authorWhere.textContent = `${item.paragraph}, chars ${start}\u2013${end}`;
    authorNote.textContent = widened ? 'Widened to whole words: a quote never starts or ends inside a word.' : '';
    authorCopy.hidden = false;
    author.dataset.state = 'item';
    author.hidden = false;
  }

  function showCrossing(pieces) {
    authorJson.textContent = '';
    authorWhere.textContent = `${pieces[0].p.dataset.p}\u2013${pieces[pieces.length - 1].p.dataset.p}`;
    authorNote.textContent =
      `The selection crosses ${pieces.length} paragraphs, and an evidence quote lies within one: ` +
      'select inside one paragraph (a claim may have one evidence item per paragraph).';
    authorCopy.hidden = true;
    author.dataset.state = 'crossing';
    author.hidden = false;
  }

  function closeAuthor() {
    author.hidden = true;
    author.dataset.state = '';
  }

  function onSelection() {
    const selection = getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    const pieces = paragraphsIn(selection.getRangeAt(0));
    // A selection elsewhere (the claims, this panel) leaves the item as it is.
    if (pieces.length === 1) showItem(pieces[0]);
    else if (pieces.length > 1) showCrossing(pieces);
  }

  let selectionTimer = 0;
  document.addEventListener('selectionchange', () => {
    clearTimeout(selectionTimer);
    selectionTimer = setTimeout(onSelection, 120);
  });

  authorCopy.addEventListener('click', async () => {
    const json = authorJson.textContent;
    try {
      await navigator.clipboard.writeText(json);
      authorNote.textContent = 'Copied: paste it into the claim\u2019s "evidence" list.';
    } catch {
      // No clipboard permission: copy through a selection of the JSON.
      const range = document.createRange();
      range.selectNodeContents(authorJson);
      const selection = getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      const copied = document.execCommand('copy');
      authorNote.textContent = copied ? 'Copied: paste it into the claim\u2019s "evidence" list.' : 'Press Ctrl+C (\u2318C) to copy the selected JSON.';
    }
    say(authorNote.textContent);
  });

  byId('author-close').addEventListener('click', closeAuthor);
})();
