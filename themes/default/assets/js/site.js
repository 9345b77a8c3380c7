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

  SecureHealth.features = [languageSwitcher, cardFilters, searchBox];
  for (var i = 0; i < SecureHealth.features.length; i++) {
    SecureHealth.features[i]();
  }
})(window, document);
