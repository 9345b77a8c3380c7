/* SecureHealth language chooser (the root index.html).
 *
 * It never redirects: it offers the learner's language as a plain "Continue in …" link
 * above the list and moves that language first. The language is the one the learner
 * chose before (localStorage key "<site_id>:v1:language"), else the first of the
 * browser's languages that the site has. Clicking a language remembers it. A classic
 * script in ES5, so it runs from file:// and in old browsers; without localStorage it
 * still works, it only forgets. */
(function () {
  'use strict';

  var body = document.body;
  var list = document.querySelector('ul.chooser');
  var siteID = (body && body.getAttribute('data-site-id')) || 'securehealth';
  if (!list) {
    return;
  }
  var KEY = siteID + ':v1:language';

  // Storage may be disabled or full, and reading window.localStorage may itself throw.
  function load() {
    try {
      return window.localStorage.getItem(KEY);
    } catch (e) {
      return null;
    }
  }
  function save(lang) {
    try {
      window.localStorage.setItem(KEY, lang);
    } catch (e) { /* the choice is only not remembered */ }
  }

  function primary(tag) {
    return String(tag).toLowerCase().split('-')[0];
  }

  // The language links and their items, in the order the page lists them.
  var items = [];
  var links = list.querySelectorAll('li > a[hreflang]');
  for (var i = 0; i < links.length; i++) {
    items.push({ li: links[i].parentNode, a: links[i], lang: links[i].getAttribute('hreflang') });
  }

  function remember(event) {
    save(event.currentTarget.getAttribute('hreflang'));
  }

  // preferred returns the item of the stored language if the site lists it, else of the
  // first browser language the site has: the exact tag first, then its primary subtag.
  function preferred() {
    var stored = load();
    var i, j;
    for (i = 0; i < items.length; i++) {
      if (stored && items[i].lang === stored) {
        return items[i];
      }
    }
    var wanted = navigator.languages && navigator.languages.length ?
      navigator.languages : [navigator.language || ''];
    for (j = 0; j < wanted.length; j++) {
      if (!wanted[j]) {
        continue;
      }
      for (i = 0; i < items.length; i++) {
        if (items[i].lang.toLowerCase() === String(wanted[j]).toLowerCase()) {
          return items[i];
        }
      }
      for (i = 0; i < items.length; i++) {
        if (primary(items[i].lang) === primary(wanted[j])) {
          return items[i];
        }
      }
    }
    return null;
  }

  var offer = null; // the p.chooser-continue this script added

  // update shows the offer for the preferred language. It runs again when the page comes
  // back from the back/forward cache, where the choice may have changed meanwhile.
  function update() {
    if (offer) {
      offer.parentNode.removeChild(offer);
      offer = null;
    }
    var i;
    for (i = 0; i < items.length; i++) {
      list.appendChild(items[i].li); // the original order
    }
    var item = preferred();
    if (!item) {
      return;
    }
    list.insertBefore(item.li, list.firstChild);

    var a = document.createElement('a');
    a.href = item.a.getAttribute('href');
    a.setAttribute('hreflang', item.lang);
    a.setAttribute('lang', item.a.getAttribute('lang') || item.lang);
    if (item.a.getAttribute('dir')) {
      a.setAttribute('dir', item.a.getAttribute('dir'));
    }
    a.appendChild(document.createTextNode(item.a.getAttribute('data-continue') || item.a.textContent));
    a.addEventListener('click', remember, false);
    offer = document.createElement('p');
    offer.className = 'chooser-continue';
    offer.appendChild(a);
    list.parentNode.insertBefore(offer, list);
  }

  for (i = 0; i < items.length; i++) {
    items[i].a.addEventListener('click', remember, false);
  }
  update();
  window.addEventListener('pageshow', function (event) {
    if (event.persisted) {
      update();
    }
  }, false);
})();
