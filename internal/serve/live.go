package serve

// liveJS runs in served pages only: it reloads the page after a good build and shows a
// build's errors over the last good page.
var liveJS = []byte(`(function () {
  'use strict';
  if (!window.EventSource) { return; }
  var source = new EventSource('` + Prefix + `events');
  // Tests and curious authors can see that the page listens.
  source.addEventListener('open', function () { document.documentElement.setAttribute('data-live', 'open'); });
  source.addEventListener('reload', function () { window.location.reload(); });
  source.addEventListener('errors', function (e) { show(JSON.parse(e.data)); });
  function show(errors) {
    var box = document.getElementById('securehealth-errors');
    if (!box) {
      box = document.createElement('section');
      box.id = 'securehealth-errors';
      box.setAttribute('role', 'alert');
      box.setAttribute('aria-labelledby', 'securehealth-errors-title');
      document.body.appendChild(box);
    }
    box.hidden = false;
    box.textContent = '';
    var h = document.createElement('h2');
    h.id = 'securehealth-errors-title';
    h.textContent = 'The build failed: this is the last good version of the page';
    var list = document.createElement('pre');
    list.textContent = errors.join('\n');
    var note = document.createElement('p');
    note.textContent = 'Fix the file and save it; this page reloads when the build passes.';
    var hide = document.createElement('button');
    hide.type = 'button';
    hide.textContent = 'Hide';
    hide.addEventListener('click', function () { box.hidden = true; });
    box.appendChild(h);
    box.appendChild(list);
    box.appendChild(note);
    box.appendChild(hide);
  }
})();
`)

// liveCSS styles the error overlay; it is a stylesheet so that pages keep a strict CSP.
var liveCSS = []byte(`#securehealth-errors {
  position: fixed; inset: auto 1rem 1rem 1rem; max-height: 60vh; overflow: auto; z-index: 1000;
  background: #fff5f5; color: #4a0d0d; border: 3px solid #b42318; border-radius: 0.5rem;
  padding: 1rem 1.25rem; box-shadow: 0 0.5rem 2rem rgba(0, 0, 0, 0.35); font-size: 1rem;
}
#securehealth-errors h2 { margin: 0 0 0.5rem; font-size: 1.15rem; }
#securehealth-errors pre { white-space: pre-wrap; font-size: 0.95rem; margin: 0 0 0.5rem; }
#securehealth-errors button { font: inherit; padding: 0.25rem 0.75rem; }
`)
