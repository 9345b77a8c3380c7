/* SecureHealth SCORM launch page: owns the SCORM 1.2 session of one module (a SCO) and shows
 * the module's pages in its frame, so moving between pages never starts a new session.
 *
 * It finds the LMS's API object (window.API, walking up window.parent, then window.opener),
 * calls LMSInitialize once, and reports what the pages in the frame tell it (bridge.js, by
 * postMessage): the page shown (cmi.core.lesson_location, and suspend_data to resume), the
 * quiz score (cmi.core.score.raw, min 0, max 100), the status (passed or failed against the
 * mastery score; completed once every page is seen in a module without a quiz) and one
 * cmi.interactions entry per question. On "Save and close", or when the page goes away, it
 * sets cmi.core.session_time and cmi.core.exit (suspend while unfinished), commits and calls
 * LMSFinish once. Without an LMS it only shows the module, like any offline page. */
(function () {
  'use strict';
  var TAG = 'securehealth-scorm';
  var body = document.body;
  var frame = document.querySelector('[data-scorm-frame]');
  var statusEl = document.querySelector('[data-scorm-status]');
  var exitButton = document.querySelector('[data-scorm-exit]');
  if (!frame) {
    return;
  }
  var pages = (body.getAttribute('data-scorm-pages') || '').split(' ');
  // norm makes a page's URL comparable: a server may answer …/index.html with …/.
  function norm(u) {
    return String(u).split('#')[0].split('?')[0].replace(/\/index\.html$/, '/');
  }
  var pageURLs = [];
  for (var i = 0; i < pages.length; i++) {
    pageURLs.push(norm(new URL(pages[i], location.href).href));
  }
  var mastery = parseInt(body.getAttribute('data-scorm-mastery'), 10);
  var hasQuiz = body.getAttribute('data-scorm-quiz') === 'true';
  var started = new Date().getTime();
  var api = null, finished = false;
  // state is what suspend_data keeps: the pages seen (indexes), the last page, the best score.
  var state = { v: [], l: 0, s: null };
  var status = 'not attempted';

  // findAPI walks up the frames (as the SCORM 1.2 run-time environment describes), then
  // through the window that opened this one. A frame of another origin throws: stop there.
  function scan(w) {
    for (var n = 0; w && n < 10; n++) {
      try {
        if (w.API) {
          return w.API;
        }
      } catch (e) {
        return null;
      }
      if (!w.parent || w.parent === w) {
        return null;
      }
      w = w.parent;
    }
    return null;
  }

  function findAPI() {
    var a = scan(window);
    if (!a && window.opener) {
      a = scan(window.opener);
    }
    if (!a && window.top && window.top.opener) {
      a = scan(window.top.opener);
    }
    return a;
  }

  function get(key) {
    return api ? String(api.LMSGetValue(key)) : '';
  }

  function set(key, value) {
    if (api) {
      api.LMSSetValue(key, String(value));
    }
  }

  function commit() {
    if (api) {
      api.LMSCommit('');
    }
  }

  function say(key) {
    if (statusEl) {
      statusEl.textContent = body.getAttribute('data-s-' + key) || '';
    }
  }

  // sessionTime formats milliseconds as SCORM 1.2's CMITimespan, HHHH:MM:SS.SS.
  function sessionTime(ms) {
    var cs = Math.floor(ms / 10);
    var h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, s = Math.floor(cs / 100) % 60, c = cs % 100;
    function pad(n, w) {
      var t = String(n);
      while (t.length < w) {
        t = '0' + t;
      }
      return t;
    }
    return pad(Math.min(h, 9999), 4) + ':' + pad(m, 2) + ':' + pad(s, 2) + '.' + pad(c, 2);
  }

  // saveState writes suspend_data, which SCORM 1.2 limits to 4,096 characters.
  function saveState() {
    var data = JSON.stringify(state);
    if (data.length > 4096) {
      data = JSON.stringify({ v: [], l: state.l, s: state.s });
    }
    set('cmi.suspend_data', data);
  }

  function setStatus(s) {
    status = s;
    set('cmi.core.lesson_status', s);
  }

  function onPage(href) {
    var idx = pageURLs.indexOf(norm(href));
    if (idx < 0) {
      return;
    }
    state.l = idx;
    if (state.v.indexOf(idx) < 0) {
      state.v.push(idx);
    }
    set('cmi.core.lesson_location', pages[idx]);
    if (!hasQuiz && state.v.length >= pages.length && status !== 'completed' && status !== 'passed') {
      setStatus('completed');
    }
    saveState();
    commit();
  }

  function onQuiz(msg) {
    var percent = Math.max(0, Math.min(100, Math.round(msg.percent)));
    var passed = isNaN(mastery) ? !!msg.passed : percent >= mastery;
    // The best attempt counts, as it does for the status: a weaker retry lowers neither.
    state.s = state.s === null ? percent : Math.max(state.s, percent);
    set('cmi.core.score.min', 0);
    set('cmi.core.score.max', 100);
    set('cmi.core.score.raw', state.s);
    if (status !== 'passed' || passed) {
      setStatus(passed ? 'passed' : 'failed');
    }
    if (api) {
      var n = parseInt(get('cmi.interactions._count'), 10) || 0;
      var list = msg.interactions || [];
      for (var i = 0; i < list.length; i++) {
        var it = list[i], k = 'cmi.interactions.' + (n + i) + '.';
        set(k + 'id', it.id);
        set(k + 'type', it.type);
        if (it.correct) {
          set(k + 'correct_responses.0.pattern', it.correct);
        }
        set(k + 'weighting', it.weighting);
        set(k + 'student_response', it.response);
        set(k + 'result', it.result);
      }
    }
    saveState();
    commit();
    say(passed ? 'passed' : 'failed');
  }

  function finish() {
    if (finished || !api) {
      return;
    }
    finished = true;
    set('cmi.core.session_time', sessionTime(new Date().getTime() - started));
    set('cmi.core.exit', status === 'passed' || status === 'completed' ? '' : 'suspend');
    saveState();
    commit();
    api.LMSFinish('');
    say('closed');
    if (exitButton) {
      exitButton.disabled = true;
    }
  }

  api = findAPI();
  if (api && String(api.LMSInitialize('')) !== 'true') {
    api = null;
  }
  if (api) {
    status = get('cmi.core.lesson_status') || 'not attempted';
    if (status === 'not attempted') {
      setStatus('incomplete');
    }
    try {
      var saved = JSON.parse(get('cmi.suspend_data') || 'null');
      if (saved && saved.v) {
        state = saved;
      }
    } catch (e) { /* start afresh */ }
    var loc = pages.indexOf(get('cmi.core.lesson_location'));
    if (loc > 0) {
      frame.src = pages[loc];
    }
    say('connected');
    window.addEventListener('pagehide', finish, false);
    window.addEventListener('beforeunload', finish, false);
  } else {
    say('offline');
    if (exitButton) {
      exitButton.hidden = true;
    }
  }
  if (exitButton) {
    exitButton.addEventListener('click', finish, false);
  }

  window.addEventListener('message', function (e) {
    var msg = e.data;
    if (e.source !== frame.contentWindow || !msg || msg.source !== TAG) {
      return;
    }
    if (msg.type === 'page') {
      onPage(String(msg.href));
    } else if (msg.type === 'quiz') {
      onQuiz(msg);
    }
  }, false);
}());
