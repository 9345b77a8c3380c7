/* SecureHealth service worker, for a site on web hosting (the --offline build has none: service
 * workers do not run from file://). The build writes it to the output root as sw.js, after two
 * generated lines that set SH_VERSION (a hash of the whole build, so that every new build is a
 * new service worker, which browsers install) and SH_SITE (the site_id).
 *
 * - Pages and other files the site may change: network first, so a learner always sees the
 *   current version when online; a copy is kept, and shown when the network fails.
 * - Content-hashed files (assets/name.0123456789.css, search index parts in hashed folders):
 *   cache first; their content never changes under the same name.
 * - "Save for offline use": a page posts {type: 'save', list, course}; the worker fetches the
 *   language's offline-files.json and caches what it lists, reporting progress to that page.
 *
 * Only GET requests for URLs inside the worker's scope (the site) are handled: nothing of
 * another origin or another site on the same host is cached or touched. Caches are named
 * "<site_id>:<scope>:<version>"; a new version deletes its own site's older ones on activation,
 * after saving again, in the background, the courses the learner had saved with them. */
(function (self) {
  'use strict';

  var SCOPE = self.registration.scope; // the output root, ending in "/"
  var PREFIX = SH_SITE + ':' + SCOPE + ':';
  var CACHE = PREFIX + SH_VERSION;
  // Markers of saved courses live in the cache beside the files, under a URL the site never
  // has, so they go when the cache goes.
  var SAVED = SCOPE + '__offline-saved__/';
  var PARALLEL = 4;

  // rel is a URL relative to the scope, without query or fragment.
  function rel(url) {
    return key(url).slice(SCOPE.length);
  }

  // key is the cache key of a URL: no query (the search page's ?q=), no fragment, and a page
  // by its directory, as the site links to it.
  function key(url) {
    var u = String(url).split('#')[0].split('?')[0];
    if (/\/index\.html$/.test(u)) {
      u = u.slice(0, -'index.html'.length);
    }
    return u;
  }

  // hashed reports whether a file is named by its content: such a file never changes.
  function hashed(r) {
    return /^assets\/[^\/]+\.[0-9a-f]{10}\.[a-z0-9]+$/.test(r) ||
      (/^[^\/]+\/search\/[^\/]*[0-9a-f]{8}/.test(r) && !/\/index\.js$/.test(r));
  }

  // cacheable: a whole, plain same-origin answer (not an error, a redirect or a range).
  function cacheable(resp) {
    return !!resp && resp.status === 200 && resp.type === 'basic' && !resp.redirected;
  }

  function store(event, url, resp) {
    var copy = resp.clone();
    event.waitUntil(caches.open(CACHE).then(function (c) { return c.put(key(url), copy); }));
  }

  // lookup searches every cache of the origin: while an old version's files are being saved
  // again, its cache still answers. Keys are whole URLs, so only this site's entries match.
  function lookup(url) {
    return caches.match(key(url));
  }

  function networkFirst(event) {
    var req = event.request;
    return fetch(req).then(function (resp) {
      if (cacheable(resp)) {
        store(event, req.url, resp);
      }
      return resp;
    }, function (err) {
      return lookup(req.url).then(function (hit) {
        if (hit) {
          return hit;
        }
        throw err;
      });
    });
  }

  function cacheFirst(event) {
    var req = event.request;
    return lookup(req.url).then(function (hit) {
      return hit || fetch(req).then(function (resp) {
        if (cacheable(resp)) {
          store(event, req.url, resp);
        }
        return resp;
      });
    });
  }

  self.addEventListener('fetch', function (event) {
    var req = event.request;
    if (req.method !== 'GET' || req.url.indexOf(SCOPE) !== 0) {
      return;
    }
    var r = rel(req.url);
    // Left to the browser: the worker itself, the dev server's live-reload stream and
    // scripts (securehealth serve, under /__securehealth/), any other event stream.
    if (r === 'sw.js' || r.indexOf('__') === 0 ||
        (req.headers.get('Accept') || '').indexOf('text/event-stream') >= 0) {
      return;
    }
    event.respondWith(hashed(r) ? cacheFirst(event) : networkFirst(event));
  });

  function marker(list, course) {
    return SAVED + encodeURIComponent(list.slice(SCOPE.length) + '#' + course);
  }

  function reply(client, list, course, type, extra) {
    if (!client) {
      return;
    }
    var m = { type: type, list: list, course: course };
    for (var k in extra || {}) {
      if (Object.prototype.hasOwnProperty.call(extra, k)) {
        m[k] = extra[k];
      }
    }
    client.postMessage(m);
  }

  // save caches the files of a course ("" for the whole language) that list (an
  // offline-files.json) names, and marks it saved; it tells client how it goes.
  function save(list, course, client) {
    return fetch(list, { cache: 'no-cache' }).then(function (resp) {
      if (!resp.ok) {
        throw new Error(list + ': HTTP ' + resp.status);
      }
      return resp.json();
    }).then(function (files) {
      var courses = files.courses || {};
      if (course && !Object.prototype.hasOwnProperty.call(courses, course)) {
        throw new Error('no course ' + course);
      }
      var names = (files.common || []).concat(course ? courses[course] : (files.all || []));
      var urls = [];
      for (var i = 0; i < names.length; i++) {
        var u = new URL(names[i], SCOPE).href;
        if (u.indexOf(SCOPE) === 0) { // the list names nothing outside the site, but check
          urls.push(u);
        }
      }
      return caches.open(CACHE).then(function (cache) {
        var next = 0, done = 0, failed = 0;
        function one() {
          if (next >= urls.length) {
            return Promise.resolve();
          }
          var u = urls[next++];
          return cache.match(u).then(function (hit) {
            if (hit && hashed(rel(u))) {
              return null;
            }
            return fetch(u, { cache: 'no-cache' }).then(function (resp) {
              if (!cacheable(resp)) {
                throw new Error(u + ': HTTP ' + resp.status);
              }
              return cache.put(u, resp);
            });
          }).then(function () {
            done++;
            if (done % 20 === 0) {
              reply(client, list, course, 'progress', { done: done, total: urls.length });
            }
          }, function () {
            failed++;
          }).then(one);
        }
        var workers = [];
        for (var w = 0; w < PARALLEL; w++) {
          workers.push(one());
        }
        return Promise.all(workers).then(function () {
          if (failed > 0) {
            throw new Error(failed + ' files failed');
          }
          var body = JSON.stringify({ list: list, course: course });
          return cache.put(marker(list, course), new Response(body, { headers: { 'Content-Type': 'application/json' } }));
        }).then(function () {
          reply(client, list, course, 'saved', { done: done, total: urls.length });
        });
      });
    }).catch(function () {
      reply(client, list, course, 'failed', {});
      throw new Error('saving ' + list + ' failed');
    });
  }

  self.addEventListener('message', function (event) {
    var m = event.data || {};
    var course = typeof m.course === 'string' ? m.course : '';
    if (typeof m.list !== 'string' || m.list.indexOf(SCOPE) !== 0) {
      return;
    }
    if (m.type === 'save') {
      event.waitUntil(save(m.list, course, event.source).catch(function () {}));
    } else if (m.type === 'status') {
      event.waitUntil(caches.open(CACHE).then(function (c) {
        return c.match(marker(m.list, course));
      }).then(function (hit) {
        reply(event.source, m.list, course, 'status', { saved: !!hit });
      }));
    }
  });

  self.addEventListener('install', function (event) {
    // Pages are fetched network first, so an open page loses nothing when the new version
    // takes over at once.
    event.waitUntil(self.skipWaiting());
  });

  // savedIn lists the courses saved with an old cache.
  function savedIn(name) {
    return caches.open(name).then(function (c) {
      return c.keys().then(function (reqs) {
        var out = [];
        for (var i = 0; i < reqs.length; i++) {
          if (reqs[i].url.indexOf(SAVED) === 0) {
            out.push(c.match(reqs[i]).then(function (r) { return r.json(); }));
          }
        }
        return Promise.all(out);
      });
    });
  }

  self.addEventListener('activate', function (event) {
    var again = [];
    event.waitUntil(caches.keys().then(function (names) {
      var old = names.filter(function (n) { return n.indexOf(PREFIX) === 0 && n !== CACHE; });
      return Promise.all(old.map(function (n) {
        return savedIn(n).then(function (saved) {
          if (saved.length === 0) {
            return caches.delete(n);
          }
          again.push({ name: n, saved: saved });
          return null;
        });
      }));
    }).then(function () {
      return self.clients.claim();
    }).then(function () {
      // In the background, not holding up activation: the learner's saved courses are
      // fetched again for this version, then the old cache goes. Until then it still
      // answers when the network fails.
      again.forEach(function (o) {
        Promise.all(o.saved.map(function (s) {
          return save(s.list, s.course || '', null);
        })).then(function () {
          return caches.delete(o.name);
        }, function () {});
      });
    }));
  });
})(self);
