/* SecureHealth search: the browser side of the index under <lang>/search/ (DESIGN §5–§6,
 * index format v1). Index files are classic scripts that register with window.SHSearch
 * (index, shard, frag): from file:// nothing else can read our files. A query loads
 * index.js, then only its words' shards (and the big files of common terms), ranks with
 * the build's precomputed scores, and loads the fragments of the results it shows.
 *
 * Results page (#search-results): searches as the reader types, keeps ?q= and ?kind= in
 * the URL, "more results", and a search of the English pages a language shows as
 * fallbacks. Other pages load this file when the header box is first focused and show the
 * top results under it; Enter submits to the results page. For tests:
 * SHSearch.query(lang, q, {kind, pages, limit}) → Promise<[{page, score, docs}]>, after
 * SHSearch.load(indexURL) or the page has loaded its index.
 *
 * Modern JavaScript (ES2022) in a classic script: it needs DecompressionStream with
 * 'deflate-raw' (browsers of 2022–23) anyway, and a browser that cannot parse it keeps the
 * plain form. */
(() => {
  'use strict';
  const SH = window.SHSearch = window.SHSearch || {};
  if (SH.query) return;
  const supported = () => { try { return !!new DecompressionStream('deflate-raw'); } catch { return false; } };
  if (!window.DecompressionStream || !supported()) {
    // Too old a browser for the index: say so on the results page; the header box stays a
    // plain form that leads there.
    const status = document.getElementById('search-status'), results = document.getElementById('search-results');
    if (status && results && results.dataset.sOld) status.textContent = results.dataset.sOld;
    return;
  }
  const WORD = /[\p{L}\p{N}]+/gu, TOKEN = /[\p{L}\p{N}\p{M}]+/gu, MN = /\p{Mn}/gu;
  const QUOTE = /["“”„«»]/, PAGE = 10;
  const indexes = {}, waits = {}, scripts = {}, byURL = {}, fragText = {}, frags = {};
  const dict = () => Object.create(null);
  const own = (o, k) => o && Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
  // Postings and page counts are base-64 digits (docs/search-format.md): DV is each digit's value.
  const DV = new Int8Array(128).fill(-1);
  [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].forEach((c, i) => { DV[c.charCodeAt(0)] = i; });
  // varints: numbers of five bits a digit, low first; a digit of 32 or more says more follow.
  const varints = s => {
    const r = [];
    for (let k = 0; k < s.length;) {
      let v = 0, b = 0, c;
      while ((c = DV[s.charCodeAt(k++)]) >= 32) { v |= (c & 31) << b; b += 5; }
      r.push(v | c << b);
    }
    return r;
  };
  const fold = s => s.normalize('NFD').replace(MN, '').toLowerCase().replace(/ς/g, 'σ');
  const words = s => fold(s).match(WORD) || [];
  let last; // the index registered last

  // load runs a script once per URL and resolves with the index registered last: the
  // script's own when it is an index.
  const load = url => scripts[url] || (scripts[url] = new Promise((ok, fail) => {
    const s = document.createElement('script');
    s.src = url;
    s.onload = () => { s.remove(); ok(last); };
    s.onerror = () => { s.remove(); delete scripts[url]; fail(new Error(url)); };
    document.head.appendChild(s);
  }));

  SH.index = o => {
    const n = varints(o.pages);
    o.start = new Int32Array(n.length + 1); // first document of each page
    o.dp = new Int32Array(o.N); // page of each document
    let d = 0;
    n.forEach((c, p) => { o.start[p] = d; for (; c > 0; c--) o.dp[d++] = p; });
    o.start[n.length] = d;
    o.lv = Float64Array.from({ length: 64 }, (_, i) => o.q[0] * Math.pow(o.q[1], i)); // score levels
    o.sh = dict(); o.keys = dict(); o.stops = dict(); o.maxKey = 0;
    o.shards.forEach((k, i) => { o.keys[k] = o.dir + '/t' + i + '.js'; o.maxKey = Math.max(o.maxKey, k.length); });
    for (const w of o.stop) o.stops[w] = 1;
    o.sc = new Float64Array(o.N); // per query: each document's score and matched words
    o.mk = new Uint32Array(o.N);
    indexes[o.lang] = last = o;
  };
  SH.shard = (lang, key, o) => {
    const f = o.f || {}; // a number: the term is the form's first characters
    for (const k in f) if (typeof f[k] === 'number') f[k] = [...k].slice(0, f[k]).join('');
    o.forms = Object.keys(f).sort(); // sorted: the forms a prefix starts are one run
    indexes[lang].sh[key] = o;
  };
  SH.frag = (lang, page, text) => { fragText[lang + ' ' + page] = text; };

  const loadIndex = url => {
    url = new URL(url, document.baseURI).href;
    return byURL[url] || (byURL[url] = load(url).then(ix => {
      ix.base = url;
      ix.root = new URL('../', url).href; // fragment URLs are relative to the language root
      (waits[ix.lang] || []).forEach(f => f(ix));
      return ix;
    }));
  };
  const file = (ix, name) => load(new URL(name, ix.base).href);

  // keyOf is the shard of a folded form: the longest key that prefixes it.
  const keyOf = (ix, w) => {
    for (let l = Math.min(w.length, ix.maxKey); l >= 0; l--) if (w.slice(0, l) in ix.keys) return w.slice(0, l);
    return null;
  };
  // wordKeys: the shard of a word and, for prefix search, those of longer keys it starts.
  const wordKeys = (ix, w) => [keyOf(ix, w)].concat(w.length < 3 ? [] :
    Object.keys(ix.keys).filter(k => k.length > w.length && k.startsWith(w)));
  const need = (ix, keys) => Promise.all(keys.map(k => k === null || ix.sh[k] ? 0 : file(ix, ix.keys[k])));

  // wordTerms: the exact form's term (weight 1) and, from 3 letters, those of the first 32
  // other forms (in order) that the word starts (0.7).
  const wordTerms = (ix, w) => {
    const r = dict(), t = own(ix.sh[keyOf(ix, w)]?.f, w), more = [];
    if (t !== undefined) r[t] = 1;
    if ([...w].length >= 3) for (const k of wordKeys(ix, w)) {
      const s = ix.sh[k], a = s ? s.forms : [];
      let lo = 0, hi = a.length;
      while (lo < hi) { const m = (lo + hi) >> 1; if (a[m] < w) lo = m + 1; else hi = m; }
      for (; lo < a.length && a[lo].startsWith(w); lo++) if (a[lo] !== w) more.push([a[lo], s.f[a[lo]]]);
    }
    for (const [, t] of more.sort((a, b) => a[0] < b[0] ? -1 : 1).slice(0, 32)) r[t] = r[t] || 0.7;
    return r;
  };
  // typoTerms: forms of the word's shard within edit distance 1 (4+ letters) or 2 (8+), 0.5.
  const typoTerms = (ix, w) => {
    const r = dict(), n = [...w].length, k = n >= 8 ? 2 : n >= 4 ? 1 : 0, sh = k && ix.sh[keyOf(ix, w)];
    for (const f of sh ? sh.forms : []) if (dist(w, f, k) <= k) r[sh.f[f]] = 0.5;
    return r;
  };
  // dist: Levenshtein distance, or max+1 as soon as it must exceed max.
  const dist = (a, b, max) => {
    a = [...a]; b = [...b];
    if (Math.abs(a.length - b.length) > max) return max + 1;
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const cur = [i];
      for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] !== b[j - 1]));
      if (Math.min(...cur) > max) return max + 1;
      prev = cur;
    }
    return prev[b.length];
  };

  const entry = (ix, t) => own(ix.sh[keyOf(ix, t)]?.t, t);
  // bigFiles: the files of a term too common for a shard.
  const bigFiles = (ix, t) => {
    const [n, parts] = own(ix.big, t) || [0, 0];
    return Array.from({ length: parts }, (_, i) => ix.dir + '/b' + n + '-' + i + '.js');
  };
  // lists: a term's postings, one list or one per big file (delta coding restarts in each).
  const lists = (ix, t, e) => e[1] ? [e[1]] : bigFiles(ix, t).map((f, i) => ix.sh['~' + t + '~' + i]?.t[t][1] || '');
  const needTerms = (ix, sets) => {
    const terms = sets.flatMap(s => Object.keys(s));
    return need(ix, terms.map(t => keyOf(ix, t))).then(() =>
      Promise.all(terms.flatMap(t => entry(ix, t)?.[1] === 0 ? bigFiles(ix, t) : []).map(f => file(ix, f))));
  };

  // rank scores the documents: per word, per term in order, weight × idf × level's score (the
  // Go reference adds in this order). It keeps the documents that match every word or, if no
  // page has one, any word, and lists their pages by best document, ties in page order. The
  // list makes only the entries sliced: typed arrays and one native sort, no object per page,
  // so that a word on every one of 12,000 pages costs a few milliseconds.
  const rank = (ix, sets, opts) => {
    const { sc, mk, dp, start, lv } = ix, full = (1 << sets.length) - 1, allow = opts.pages && new Uint8Array(start.length);
    let n = 0; // documents touched
    for (const p of opts.pages || []) allow[p] = 1;
    sets.forEach((s, i) => {
      for (const t of Object.keys(s).sort()) {
        const e = entry(ix, t), w = s[t];
        if (!e) continue;
        const idf = Math.log(1 + (ix.N - e[0] + 0.5) / (e[0] + 0.5));
        for (const list of lists(ix, t, e)) {
          for (let k = 0, d = 0; k < list.length;) { // a document's delta (varint), its level
            let v = 0, b = 0, c;
            while ((c = DV[list.charCodeAt(k++)]) >= 32) { v |= (c & 31) << b; b += 5; }
            d += v | c << b;
            n += !mk[d];
            mk[d] |= 1 << i;
            sc[d] += w * idf * lv[DV[list.charCodeAt(k++)]];
          }
        }
      }
    });
    const group = and => {
      const pg = new Int32Array(n), best = new Float64Array(n), first = new Int32Array(n + 1), hd = new Int32Array(n), hs = new Float64Array(n);
      const { N, kinds } = ix, kind = opts.kind;
      let np = 0, nh = 0;
      for (let d = 0; d < N; d++) { // in order: a page's documents are together
        const m = mk[d], p = dp[d], s = sc[d];
        if (!m || and && m !== full || kind && kinds[p] !== kind || allow && !allow[p]) continue;
        if (!np || pg[np - 1] !== p) { pg[np] = p; first[np++] = nh; }
        if (s > best[np - 1]) best[np - 1] = s;
        hd[nh] = d;
        hs[nh++] = s;
      }
      first[np] = nh;
      // Order: sort the scores, then put each page (in page order) at the next free place
      // among the equal scores.
      const keys = new Float64Array(np), order = new Int32Array(np), used = new Int32Array(np);
      for (let i = 0; i < np; i++) keys[i] = -best[i];
      keys.sort();
      for (let i = 0; i < np; i++) {
        const x = -best[i];
        let lo = 0, hi = np;
        while (lo < hi) { const m = (lo + hi) >> 1; if (keys[m] < x) lo = m + 1; else hi = m; }
        order[lo + used[lo]++] = i;
      }
      const get = i => {
        const k = order[i], docs = [];
        for (let j = first[k]; j < first[k + 1]; j++) docs.push(j);
        docs.sort((a, b) => hs[b] - hs[a] || a - b);
        return { page: pg[k], score: best[k], docs: docs.map(j => hd[j]) };
      };
      return { length: np, slice: (a, b = np) => Array.from({ length: Math.max(0, Math.min(b, np) - a) }, (_, i) => get(a + i)) };
    };
    let pages = group(true);
    if (!pages.length) pages = group(false);
    sc.fill(0);
    mk.fill(0);
    return pages;
  };

  // unb7 decodes a fragment's string, seven bits a character (docs/search-format.md): ASCII
  // characters are 7-bit groups; U+0100 + k·128 + w stands for the unsafe group UNSAFE[k]
  // and w, U+0100 + 5·128 + k for UNSAFE[k] as the last group; the padding bits of the last
  // group make no whole byte.
  const UNSAFE = [0, 10, 13, 34, 92];
  const unb7 = s => {
    const out = new Uint8Array(Math.ceil(s.length * 14 / 8));
    let acc = 0, bits = 0, n = 0;
    const group = v => {
      acc = (acc << 7 | v) & 0x7fff;
      if ((bits += 7) >= 8) out[n++] = acc >> (bits -= 8);
    };
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 128) group(c);
      else if (c < 0x380) { group(UNSAFE[(c - 256) >> 7]); group((c - 256) & 127); }
      else group(UNSAFE[c - 0x380]);
    }
    return out.subarray(0, n);
  };

  // frag loads a page's fragment: deflated JSON, seven bits a character, in a script.
  const frag = (ix, p) => {
    const key = ix.lang + ' ' + p;
    return frags[key] || (frags[key] = file(ix, ix.frags + '/' + p + '.js').then(() => {
      const bytes = unb7(fragText[key]);
      delete fragText[key];
      return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).json();
    }));
  };

  // phrases keeps the documents whose folded text (the page title too, for the page top)
  // holds every quoted phrase, and the pages that keep one, as they were ranked. It reads
  // the fragments of the 200 best pages only, twenty at a time.
  const phrases = async (ix, pages, list) => {
    const out = [];
    for (let i = 0; i < Math.min(pages.length, 200); i += 20) { // (slice makes the entries)
      const part = pages.slice(i, i + 20), fs = await Promise.all(part.map(p => frag(ix, p.page)));
      part.forEach((p, j) => {
        const docs = p.docs.filter(d => {
          const x = fs[j].d[d - ix.start[p.page]], text = ' ' + words((d === ix.start[p.page] ? fs[j].t + ' ' : '') + x[1] + ' ' + x[2]).join(' ') + ' ';
          return list.every(ph => text.includes(' ' + ph + ' '));
        });
        if (docs.length) out.push(Object.assign(p, { docs }));
      });
    }
    return out;
  };

  // search: fold, drop stop words, load the shards; words that reach no term (a typo, an
  // inflection the corpus never uses) tolerate typos; rank (AND, else OR); then "quoted
  // phrases" filter.
  const search = async (ix, q, opts) => {
    const quoted = q.split(QUOTE).map(words).filter((w, i) => i % 2 && w.length > 1).map(w => w.join(' '));
    const ws = words(q).filter(w => !ix.stops[w]).slice(0, 30), r = { pages: [], words: ws, terms: dict() };
    if (!ws.length) return r;
    await need(ix, ws.flatMap(w => wordKeys(ix, w)));
    const sets = ws.map(w => wordTerms(ix, w));
    ws.forEach((w, i) => {
      if (!Object.keys(sets[i]).length) [sets[i], r.typo] = [typoTerms(ix, w), true];
    });
    await needTerms(ix, sets);
    r.pages = rank(ix, sets, opts);
    for (const s of sets) Object.assign(r.terms, s);
    if (quoted.length) r.pages = await phrases(ix, r.pages, quoted);
    return r;
  };

  SH.query = async (lang, q, opts) => {
    const ix = indexes[lang] || await new Promise(f => (waits[lang] = waits[lang] || []).push(f));
    return (await search(ix, q, opts || {})).pages.slice(0, (opts || {}).limit);
  };
  SH.load = loadIndex;

  /* Results on the page. */
  const lang = document.documentElement.lang || 'en';
  const el = (name, cls, text) => {
    const e = document.createElement(name);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  };
  // str is a UI string from the page: a data-s-NAME attribute (the forms and #search-results
  // carry them).
  const str = name => document.querySelector(`[data-s-${name}]`)?.getAttribute(`data-s-${name}`) || '';
  // counted: the count string's forms are given for 1, 2, 3 and 5, which cover the plural
  // categories of our languages; any other category reads the last.
  const counted = (n, q) => {
    const forms = str('count').split('|'), pr = new Intl.PluralRules(lang);
    const i = [1, 2, 3, 5].findIndex((x, i) => forms[i] && pr.select(x) === pr.select(n));
    return (n ? forms.at(i).replace('{count}', n.toLocaleString(lang)) : str('none')).replace('{query}', q);
  };
  // matcher: is a folded word of a result one that the query matched?
  const matcher = (ix, r) => w => {
    const t = own(ix.sh[keyOf(ix, w)]?.f, w);
    return t !== undefined && !!r.terms[t] || r.words.some(q => w === q || q.length >= 3 && w.startsWith(q));
  };
  // marked: text with the matched words in <mark>.
  const marked = (text, hit) => {
    const out = document.createDocumentFragment();
    let at = 0;
    for (const m of text.matchAll(TOKEN)) {
      if (!hit(fold(m[0]))) continue;
      out.append(text.slice(at, m.index), el('mark', '', m[0]));
      at = m.index + m[0].length;
    }
    out.append(text.slice(at));
    return out;
  };
  // excerpt: about 220 characters of text from shortly before its first match.
  const excerpt = (text, hit) => {
    const m = Array.from(text.matchAll(TOKEN)).find(m => hit(fold(m[0])));
    const from = m && m.index > 80 ? text.indexOf(' ', m.index - 60) + 1 : 0;
    let to = text.length;
    if (from + 220 < to) to = Math.max(text.lastIndexOf(' ', from + 220), from + 1);
    return (from ? '… ' : '') + text.slice(from, to) + (to < text.length ? ' …' : '');
  };

  // item: a result, its title a link, with its breadcrumb and, in full, an excerpt of its
  // best section and links to its matching sections.
  const item = (ix, p, f, root, hit, full) => {
    const li = el('li', 'search-hit'), a = li.appendChild(el('a', 'search-title'));
    const doc = d => f.d[d - ix.start[p.page]], subs = p.docs.slice(0, 3).map(doc).filter(x => x?.[0]);
    a.href = new URL(f.u, root).href;
    a.append(marked(f.t, hit));
    if (ix.lang !== lang) li.lang = ix.lang;
    if (f.b.length) li.append(el('p', 'search-crumbs', f.b.join(' › ')));
    if (!full) return li;
    const text = p.docs.map(doc).find(x => x?.[2]); // the best section with text
    if (text) li.appendChild(el('p', 'search-excerpt')).append(marked(excerpt(text[2], hit), hit));
    if (subs.length) li.appendChild(el('ul', 'search-subs')).append(...subs.map(x => {
      const s = el('li'), sa = s.appendChild(el('a'));
      sa.href = new URL(f.u + '#' + x[0], root).href;
      sa.append(marked(x[1], hit));
      return s;
    }));
    return li;
  };
  const button = (box, text, cls, click) => {
    const b = box.appendChild(el('p', 'search-more')).appendChild(el('button', 'search-button ' + cls, text));
    b.type = 'button';
    b.addEventListener('click', click);
    return b;
  };
  // list appends a list of r's results to box, PAGE at a time (5 in the pop-up) with their
  // fragments, and a "more results" button in full; it resolves with the first new link.
  const list = (ix, r, root, box, full) => {
    const ol = box.appendChild(el('ol', 'search-list')), hit = matcher(ix, r);
    let shown = 0, more;
    const next = async () => {
      const part = r.pages.slice(shown, shown += full ? PAGE : 5);
      if (more && shown >= r.pages.length) more.parentNode.remove();
      const fs = await Promise.all(part.map(p => frag(ix, p.page).catch(() => null)));
      const items = part.map((p, i) => fs[i] && item(ix, p, fs[i], root, hit, full)).filter(Boolean);
      ol.append(...items);
      return items[0]?.querySelector('a');
    };
    const done = next();
    if (full && shown < r.pages.length) more = button(box, str('more'), 'search-next', async () => (await next())?.focus());
    return done;
  };

  // arrows: ArrowDown from a box into the results, ArrowDown and ArrowUp through their
  // links and buttons, Escape back to the box last used.
  const arrows = (inputs, box, close) => {
    let input = inputs[0];
    for (const i of inputs) {
      i.addEventListener('keydown', e => {
        const a = box.querySelector('a[href], button');
        input = i;
        if (e.key === 'ArrowDown' && a && !box.hidden) { e.preventDefault(); a.focus(); }
      });
    }
    box.addEventListener('keydown', e => {
      const items = Array.from(box.querySelectorAll('a[href], button'));
      let i = items.indexOf(document.activeElement);
      if (e.key === 'Escape') {
        input.focus();
        close?.(); // after focus, which shows the pop-up again
      } else if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && i >= 0) {
        i += e.key === 'ArrowDown' ? 1 : -1;
        (i < 0 ? input : items[Math.min(i, items.length - 1)]).focus();
      } else return;
      e.preventDefault();
    });
  };

  // view searches as the reader types, from the forms' boxes into box: on the results page
  // (full; the header's and the page's boxes), or in the pop-up under a header box.
  const view = (forms, box, status, full) => {
    const form = forms[forms.length - 1], inputs = forms.map(f => f.elements.q), kinds = form.elements.kind;
    const params = new URLSearchParams(location.search), close = () => { box.hidden = true; };
    let seq = 0, timer, english = false;
    loadIndex(form.dataset.searchIndex).catch(() => {}); // now, so that the first query is quick
    const run = async () => {
      const q = inputs[0].value.trim(), k = kinds?.value || '', my = ++seq;
      if (full) {
        try {
          history.replaceState(null, '', location.href.split(/[?#]/)[0] + (q ? '?q=' + encodeURIComponent(q) + (k ? '&kind=' + k : '') : ''));
        } catch (e) { /* a browser may refuse on file:// */ }
      }
      if (!q) {
        box.textContent = status.textContent = '';
        return full || close();
      }
      try {
        const ix = await loadIndex(form.dataset.searchIndex), fb = ix.fallback, r = await search(ix, q, { kind: k });
        const fx = english && await loadIndex(new URL(fb.index, ix.base).href), fr = fx && await search(fx, q, { kind: k, pages: fb.pages });
        if (my !== seq) return;
        // Built aside and shown once the fragments are in, so that typing does not flicker.
        const out = el('div'), count = full ? {} : out.appendChild(el('p', 'search-count')), done = [list(ix, r, ix.root, out, full)];
        if (fr && fr.pages.length) {
          out.append(el('h2', 'search-fallback', str('fallback-title')));
          done.push(list(fx, fr, ix.root, out, full));
        } else if (full && !english && fb?.pages.length) {
          button(out, str('fallback'), 'search-english', () => { english = true; run(); });
        }
        if (!full) {
          count.setAttribute('aria-hidden', 'true'); // the status says it
          out.appendChild(el('p')).appendChild(el('a', 'search-all', str('all'))).href = form.action + '?q=' + encodeURIComponent(q);
        }
        await Promise.all(done);
        const n = r.pages.length + (fr ? fr.pages.length : 0);
        if (my !== seq) return;
        box.replaceChildren(...out.childNodes);
        count.textContent = status.textContent = (r.typo && n ? str('typo') + ' ' : '') + counted(n, q);
        box.hidden = false;
      } catch (e) {
        if (my === seq) status.textContent = str('error');
      }
    };
    for (const input of inputs) {
      if (full) input.value = params.get('q') || '';
      input.addEventListener('input', () => {
        for (const i of inputs) i.value = input.value;
        clearTimeout(timer);
        timer = setTimeout(run, 150);
      });
    }
    arrows(inputs, box, full ? null : close);
    form.addEventListener('change', e => { if (e.target.name === 'kind') run(); });
    if (full) {
      if (kinds) kinds.value = params.get('kind') || '';
      for (const f of forms) f.addEventListener('submit', e => { e.preventDefault(); clearTimeout(timer); run(); });
    } else {
      inputs[0].addEventListener('focus', () => { box.hidden = !inputs[0].value.trim() || !box.firstChild; });
      form.addEventListener('focusout', e => { if (!form.contains(e.relatedTarget)) close(); });
    }
    if (full || inputs[0].value) run();
  };

  const init = () => {
    const box = document.getElementById('search-results'), forms = Array.from(document.querySelectorAll('form[data-search-index]'));
    if (box && forms.length) return view(forms, box, document.getElementById('search-status'), true);
    for (const f of forms) {
      const status = f.appendChild(el('p', 'search-sr')), pop = f.appendChild(el('div', 'search-pop'));
      status.setAttribute('role', 'status');
      pop.hidden = true;
      view([f], pop, status, false);
    }
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
})();
