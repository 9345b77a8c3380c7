/* SecureHealth "my progress" page: lists what the site keeps in this browser (every key under
 * the site's "<site_id>:v1:" prefix, read through SecureHealth.storage), exports it as a
 * JSON file and erases it after a second, explicit confirmation. Keys of other sites, which
 * share localStorage on file:// and on a shared host, are never read, exported or removed.
 *
 * A classic ES5 script loaded with defer after site.js: the export is a Blob behind an
 * a[download] link, which works from file:// too. Nothing leaves the browser. */
(function (window, document) {
  'use strict';

  var SecureHealth = window.SecureHealth = window.SecureHealth || {};
  var storage = SecureHealth.storage;
  var root = document.querySelector('[data-progress]');
  var dataBlock = document.querySelector('script[data-progress-data]');
  if (!root || !dataBlock || !storage) {
    return;
  }
  var data;
  try {
    data = JSON.parse(dataBlock.textContent);
  } catch (e) {
    return;
  }
  var s = data.strings || {};

  function $(sel) { return root.querySelector(sel); }

  function el(name, text, attrs) {
    var e = document.createElement(name);
    if (text !== undefined && text !== null) {
      e.textContent = String(text);
    }
    for (var k in attrs || {}) {
      if (Object.prototype.hasOwnProperty.call(attrs, k)) {
        e.setAttribute(k, attrs[k]);
      }
    }
    return e;
  }

  function fill(t, values) {
    return String(t).replace(/\{(\w+)\}/g, function (m, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : m;
    });
  }

  // available reports whether localStorage can be used at all (it throws when the learner
  // has disabled site data).
  function available() {
    try {
      return !!window.localStorage && typeof window.localStorage.length === 'number';
    } catch (e) {
      return false;
    }
  }

  function parse(raw) {
    try {
      return JSON.parse(raw);
    } catch (e) {
      return raw;
    }
  }

  var status = $('[data-progress-status]');
  function say(text) {
    // Emptied first, so that the same message twice is announced twice.
    status.textContent = '';
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function show() {
    var names = storage.keys();
    var rows = $('[data-progress-rows]');
    var other = $('[data-progress-other]');
    rows.textContent = '';
    other.textContent = '';
    var quizzes = 0, others = 0;
    for (var i = 0; i < names.length; i++) {
      var name = names[i];
      var raw = storage.get(name);
      if (raw === null) {
        continue;
      }
      if (name.indexOf('quiz:') === 0) {
        var id = name.slice(5);
        var r = parse(raw) || {};
        var info = (data.quizzes || {})[id];
        var tr = el('tr');
        var th = el('th', null, { scope: 'row' });
        if (info && info.url) {
          th.appendChild(el('a', info.title, info.lang ? { href: info.url, lang: info.lang } : { href: info.url }));
        } else if (info) {
          th.appendChild(el('span', info.title, info.lang ? { lang: info.lang } : {}));
        } else {
          th.appendChild(el('code', id));
          th.appendChild(document.createTextNode(' ' + (s.unknown_quiz || '')));
        }
        tr.appendChild(th);
        tr.appendChild(el('td', typeof r.attempts === 'number' ? r.attempts : '–'));
        tr.appendChild(el('td', typeof r.best === 'number' ? r.best + '%' : '–'));
        tr.appendChild(el('td', typeof r.last === 'number' ? r.last + '%' : '–'));
        tr.appendChild(el('td', r.passed ? s.passed : s.not_passed));
        rows.appendChild(tr);
        quizzes++;
        continue;
      }
      var label = name, value = raw;
      if (name === 'language') {
        label = s.language;
        value = (data.languages || {})[raw] || raw;
      }
      other.appendChild(el('dt', label));
      var dd = el('dd', value.length > 200 ? value.slice(0, 200) + '…' : value);
      if (name === 'language' && data.languages && data.languages[raw]) {
        dd.setAttribute('lang', raw);
      }
      other.appendChild(dd);
      others++;
    }
    $('[data-progress-table]').hidden = quizzes === 0;
    $('[data-progress-no-quizzes]').hidden = quizzes !== 0;
    other.hidden = others === 0;
    $('[data-progress-no-other]').hidden = others !== 0;
    return names.length;
  }

  // exportProgress downloads every key of the site with its value (JSON values decoded).
  function exportProgress() {
    var names = storage.keys();
    var out = { site: document.body.getAttribute('data-site-id') || '', prefix: storage.prefix, exported: new Date().toISOString(), data: {} };
    for (var i = 0; i < names.length; i++) {
      var raw = storage.get(names[i]);
      if (raw !== null) {
        out.data[names[i]] = parse(raw);
      }
    }
    var blob = new Blob([JSON.stringify(out, null, 2) + '\n'], { type: 'application/json' });
    var url = URL.createObjectURL(blob);
    var a = el('a', '', { href: url, download: data.file || 'progress.json' });
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    // Revoked later: the download may start after click() returns.
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    say(fill(s.exported, { file: data.file }));
  }

  var eraseButton = $('[data-progress-erase]');
  var confirmBox = $('[data-progress-confirm]');

  function confirming(on) {
    confirmBox.hidden = !on;
    eraseButton.setAttribute('aria-expanded', on ? 'true' : 'false');
  }

  function erase() {
    var names = storage.keys();
    for (var i = 0; i < names.length; i++) {
      storage.remove(names[i]);
    }
    confirming(false);
    show();
    eraseButton.focus();
    say(s.erased);
  }

  if (!available()) {
    root.hidden = false;
    root.textContent = '';
    root.appendChild(el('p', s.no_storage, { 'class': 'notice' }));
    return;
  }

  $('[data-progress-export]').addEventListener('click', exportProgress, false);
  eraseButton.addEventListener('click', function () {
    if (storage.keys().length === 0) {
      confirming(false);
      say(s.nothing_to_erase);
      return;
    }
    confirming(true);
    // The question is read first; the two answers follow it in the tab order.
    document.getElementById('progress-confirm-text').focus();
  }, false);
  $('[data-progress-erase-yes]').addEventListener('click', erase, false);
  $('[data-progress-erase-no]').addEventListener('click', function () {
    confirming(false);
    eraseButton.focus();
  }, false);
  confirmBox.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') {
      confirming(false);
      eraseButton.focus();
    }
  }, false);
  // Another tab may take a quiz meanwhile.
  window.addEventListener('storage', show, false);

  show();
  root.hidden = false;
})(window, document);
