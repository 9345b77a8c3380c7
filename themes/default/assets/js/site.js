/* SecureHealth: the script of every page except the language chooser.
 *
 * A classic script in ES5 (it must run from file://), loaded with defer, so the DOM is
 * parsed when it runs. Its one global is the namespace SecureHealth: the shared storage
 * helper lives there, and each feature is a function in `features`, run once in order.
 * Later features (search, quizzes, templates, erase and export) add themselves the same
 * way. */
(function (window, document) {
  'use strict';

  var SecureHealth = window.SecureHealth = window.SecureHealth || {};
  var body = document.body;
  var siteID = (body && body.getAttribute('data-site-id')) || 'securehealth';

  // storage keeps the learner's data in localStorage, every key under
  // "<site_id>:v1:" (DESIGN §6), so that "erase" can remove exactly the site's keys.
  // Storage may be disabled, full or throw on access: every call is guarded, and the
  // site works without it.
  SecureHealth.storage = {
    prefix: siteID + ':v1:',
    get: function (name) {
      try {
        return window.localStorage.getItem(this.prefix + name);
      } catch (e) {
        return null;
      }
    },
    // set reports whether the value was stored.
    set: function (name, value) {
      try {
        window.localStorage.setItem(this.prefix + name, String(value));
        return true;
      } catch (e) {
        return false;
      }
    },
    remove: function (name) {
      try {
        window.localStorage.removeItem(this.prefix + name);
      } catch (e) { /* nothing stored, nothing to remove */ }
    },
    // keys lists the site's names (without the prefix), sorted.
    keys: function () {
      var names = [];
      try {
        for (var i = 0; i < window.localStorage.length; i++) {
          var k = window.localStorage.key(i);
          if (k && k.indexOf(this.prefix) === 0) {
            names.push(k.slice(this.prefix.length));
          }
        }
      } catch (e) { /* none readable */ }
      return names.sort();
    }
  };

  // languageSwitcher remembers the language a learner switches to, so that the chooser
  // offers it next time.
  function languageSwitcher() {
    var links = document.querySelectorAll('nav.lang-switcher a[hreflang]');
    function remember(event) {
      SecureHealth.storage.set('language', event.currentTarget.getAttribute('hreflang'));
    }
    for (var i = 0; i < links.length; i++) {
      links[i].addEventListener('click', remember, false);
    }
  }

  // cardFilters shows the filters of a card list (the toolbox index) and hides the cards that
  // match none of the ticked audiences or topics. Without JavaScript the filters stay hidden
  // and every card is listed.
  function cardFilters() {
    var forms = document.querySelectorAll('form[data-card-filters]');
    for (var f = 0; f < forms.length; f++) {
      (function (form) {
        var list = form.parentNode.querySelector('ul');
        function ticked(name) {
          var boxes = form.querySelectorAll('input[name="' + name + '"]:checked');
          var values = [];
          for (var i = 0; i < boxes.length; i++) { values.push(boxes[i].value); }
          return values;
        }
        function matches(card, attr, wanted) {
          if (wanted.length === 0) { return true; }
          var have = (card.getAttribute(attr) || '').split(' ');
          for (var i = 0; i < wanted.length; i++) {
            if (have.indexOf(wanted[i]) >= 0) { return true; }
          }
          return false;
        }
        function apply() {
          var audience = ticked('audience'), topics = ticked('topic');
          var cards = list ? list.querySelectorAll('li') : [];
          for (var i = 0; i < cards.length; i++) {
            cards[i].hidden = !(matches(cards[i], 'data-audience', audience) && matches(cards[i], 'data-topics', topics));
          }
        }
        form.addEventListener('change', apply, false);
        form.addEventListener('reset', function () { window.setTimeout(apply, 0); }, false);
        form.addEventListener('submit', function (e) { e.preventDefault(); }, false);
        form.hidden = false;
      })(forms[f]);
    }
  }

  // The header search box loads search.js when it is first focused, so that pages nobody
  // searches from load none of it; the results page loads search.js itself.
  function searchBox() {
    var input = document.querySelector('form[data-search-script] input[type="search"]');
    if (!input || document.getElementById('search-results')) {
      return;
    }
    function load() {
      input.removeEventListener('focus', load, false);
      if (window.SHSearch) {
        return;
      }
      var s = document.createElement('script');
      s.src = input.form.getAttribute('data-search-script');
      document.head.appendChild(s);
    }
    input.addEventListener('focus', load, false);
    if (document.activeElement === input) {
      load();
    }
  }

  // storageSeparate reports whether this browser keeps a separate localStorage for every page
  // opened from a file (Firefox does: each file:// page is its own origin), so that results
  // saved on one page are invisible on the others. Every local page notes its path in a probe
  // in sessionStorage (same origin rules as localStorage, gone with the tab, never exported);
  // a page that finds another page's path there shares storage with it. Without that evidence,
  // a Gecko browser on file:// is taken to keep pages apart.
  function storageSeparate() {
    if (window.location.protocol !== 'file:') {
      return false;
    }
    var key = SecureHealth.storage.prefix + 'storage-probe';
    var here = window.location.pathname;
    try {
      var seen = window.sessionStorage.getItem(key);
      window.sessionStorage.setItem(key, here);
      if (seen !== null && seen !== here) {
        window.sessionStorage.setItem(key + ':shared', '1');
      }
      if (window.sessionStorage.getItem(key + ':shared') === '1') {
        return false;
      }
    } catch (e) { /* no storage to probe: fall back on the engine */ }
    return /\bGecko\/\d/.test(navigator.userAgent) && !/like Gecko/.test(navigator.userAgent);
  }

  // storageNotices shows the notices (progress page, quizzes) that say results stay on the
  // page they were saved on, where that is so.
  function storageNotices() {
    SecureHealth.storageSeparate = storageSeparate();
    if (!SecureHealth.storageSeparate) {
      return;
    }
    var notes = document.querySelectorAll('[data-storage-separate]');
    for (var i = 0; i < notes.length; i++) {
      notes[i].hidden = false;
    }
  }

  // serviceWorker registers the site's service worker, on web hosting only: the --offline build
  // has no <link rel="manifest" data-service-worker>, and from file:// a browser has no service
  // workers. It also runs the "save for offline use" box.
  function serviceWorker() {
    var link = document.querySelector('link[rel="manifest"][data-service-worker]');
    var proto = window.location.protocol;
    if (!link || (proto !== 'http:' && proto !== 'https:') || !('serviceWorker' in navigator)) {
      return;
    }
    var url;
    try {
      url = new URL(link.getAttribute('data-service-worker'), document.baseURI).href;
    } catch (e) {
      return;
    }
    // The browser checks sw.js for a new version itself, past any HTTP cache.
    navigator.serviceWorker.register(url, { updateViaCache: 'none' }).then(offlineSave, function () {
      // Not allowed here (another origin in <base>, a browser setting): the site works without.
    });
  }

  function offlineSave() {
    var box = document.querySelector('[data-offline-save]');
    if (!box) {
      return;
    }
    var button = box.querySelector('[data-offline-button]');
    var bar = box.querySelector('[data-offline-progress]');
    var status = box.querySelector('[data-offline-status]');
    var list = new URL(box.getAttribute('data-list'), document.baseURI).href;
    var course = box.getAttribute('data-course') || '';
    function say(key) {
      status.textContent = box.getAttribute('data-' + key) || '';
    }
    function post(type) {
      navigator.serviceWorker.ready.then(function (reg) {
        if (reg.active) {
          reg.active.postMessage({ type: type, list: list, course: course });
        }
      });
    }
    navigator.serviceWorker.addEventListener('message', function (event) {
      var m = event.data || {};
      if (m.list !== list || m.course !== course) {
        return;
      }
      if (m.type === 'progress' && m.total) {
        bar.max = m.total;
        bar.value = m.done;
      } else if (m.type === 'saved' || (m.type === 'status' && m.saved)) {
        bar.hidden = true;
        button.disabled = false;
        box.setAttribute('data-saved-state', 'saved');
        say('saved');
      } else if (m.type === 'failed') {
        bar.hidden = true;
        button.disabled = false;
        box.setAttribute('data-saved-state', 'failed');
        say('failed');
      }
    }, false);
    button.addEventListener('click', function () {
      button.disabled = true;
      bar.hidden = false;
      bar.removeAttribute('value'); // indeterminate until the first count
      box.setAttribute('data-saved-state', 'saving');
      say('saving');
      post('save');
    }, false);
    box.hidden = false;
    post('status');
  }

  SecureHealth.features = [languageSwitcher, cardFilters, searchBox, storageNotices, serviceWorker];
  for (var i = 0; i < SecureHealth.features.length; i++) {
    SecureHealth.features[i]();
  }
})(window, document);
