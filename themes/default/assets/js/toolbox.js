/* SecureHealth toolbox templates (partials/template.html): rows added to and removed from
 * tables, and, once the person switches saving on, entries saved in this browser as they type,
 * in named copies (one per mentee, say); export to a JSON file and to a Markdown document,
 * import of such a JSON file, and erase.
 *
 * Privacy: saving is off until the data-template-save box is ticked, and nothing this script
 * does makes a network request: files are made in the page (a Blob behind an a[download]
 * link, which works from file:// too) and read with a FileReader. Keys live under the site's
 * prefix (SecureHealth.storage): "template:<id>" holds {save, copy}, and
 * "template:<id>:<copy>" holds {saved, fields: {<field id>: value}} for each copy.
 *
 * Table cells are named "<field id>.<row>.<column id>", rows counted from 0; rows are
 * renumbered after every change so that the names stay contiguous.
 *
 * A classic ES5 script loaded with defer after site.js. */
(function (window, document) {
  'use strict';

  var SecureHealth = window.SecureHealth = window.SecureHealth || {};
  var FORMAT = 'securehealth-template/1';

  function fill(t, values) {
    return String(t || '').replace(/\{(\w+)\}/g, function (m, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : m;
    });
  }

  function each(list, f) {
    for (var i = 0; i < list.length; i++) {
      f(list[i], i);
    }
  }

  function available() {
    try {
      var k = '__securehealth_probe__';
      window.localStorage.setItem(k, '1');
      window.localStorage.removeItem(k);
      return true;
    } catch (e) {
      return false;
    }
  }

  function parse(raw) {
    try {
      return JSON.parse(raw);
    } catch (e) {
      return null;
    }
  }

  // download offers text as a file; the object URL is revoked later, as the download may
  // start after click() returns.
  function download(text, type, name) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  // slug makes a copy name safe in a file name.
  function slug(s) {
    var out = String(s).toLowerCase().replace(/[\s\/\\:*?"<>|]+/g, '-').replace(/^-+|-+$/g, '');
    return out || 'copy';
  }

  function setup(form) {
    var id = form.getAttribute('data-template');
    var block = form.querySelector('script[data-template-data]');
    var data = (block && parse(block.textContent)) || {};
    var s = data.strings || {};
    var storage = SecureHealth.storage;
    var tools = document.querySelector('[data-template-tools="' + id + '"]');
    var metaKey = 'template:' + id;
    var copyPrefix = metaKey + ':';
    var on = false;    // saving is switched on
    var current = '';  // the name of the copy in the form
    var timer = null;  // the pending autosave

    form.addEventListener('submit', function (e) { e.preventDefault(); }, false);

    // ---- Tables ----

    function headerLabel(table, col) {
      var th = table.querySelector('thead th[data-col="' + col + '"]');
      return th ? th.textContent : col;
    }

    function renumber(table) {
      var fieldset = table.closest('[data-field]');
      var field = fieldset.getAttribute('data-field');
      var prefix = fieldset.id;
      var rows = table.querySelectorAll('tbody[data-rows] > tr');
      each(rows, function (tr, i) {
        tr.setAttribute('data-row', String(i));
        each(tr.querySelectorAll('td[data-col]'), function (td) {
          var col = td.getAttribute('data-col');
          var control = td.querySelector('input, textarea');
          var label = td.querySelector('label');
          control.name = field + '.' + i + '.' + col;
          control.id = prefix + '--' + i + '--' + col;
          label.htmlFor = control.id;
          label.textContent = fill(s.cell, { column: headerLabel(table, col), row: i + 1 });
        });
        var rm = tr.querySelector('[data-row-remove]');
        if (rm) {
          rm.textContent = fill(s.remove_row_n, { row: i + 1 });
          rm.hidden = false;
        }
      });
    }

    function addRow(table) {
      var body = table.querySelector('tbody[data-rows]');
      var tr = body.querySelector('tr').cloneNode(true);
      each(tr.querySelectorAll('input, textarea'), function (c) { c.value = ''; });
      body.appendChild(tr);
      renumber(table);
      return tr;
    }

    // setRows makes a table have n rows (at least one), all empty.
    function setRows(table, n) {
      var body = table.querySelector('tbody[data-rows]');
      var rows = body.querySelectorAll('tr');
      for (var i = rows.length - 1; i >= Math.max(n, 1); i--) {
        body.removeChild(rows[i]);
      }
      each(body.querySelectorAll('input, textarea'), function (c) { c.value = ''; });
      for (var j = body.querySelectorAll('tr').length; j < n; j++) {
        addRow(table);
      }
      renumber(table);
    }

    each(form.querySelectorAll('table[data-table]'), function (table) {
      var fieldset = table.closest('[data-field]');
      var add = fieldset.querySelector('[data-row-add]');
      add.hidden = false;
      add.addEventListener('click', function () {
        var tr = addRow(table);
        tr.querySelector('input, textarea').focus();
        changed();
      }, false);
      table.addEventListener('click', function (e) {
        var rm = e.target.closest('[data-row-remove]');
        if (!rm) {
          return;
        }
        var tr = rm.closest('tr');
        var body = tr.parentNode;
        var index = Array.prototype.indexOf.call(body.children, tr);
        if (body.children.length === 1) {
          // The last row is emptied, not removed: a table keeps one row to type in.
          each(tr.querySelectorAll('input, textarea'), function (c) { c.value = ''; });
          tr.querySelector('input, textarea').focus();
        } else {
          body.removeChild(tr);
          renumber(table);
          var next = body.children[Math.min(index, body.children.length - 1)];
          next.querySelector('[data-row-remove]').focus();
        }
        changed();
      }, false);
      renumber(table);
    });

    // ---- Reading and writing the form ----

    function fields() {
      var out = [];
      each(form.querySelectorAll('[data-field]'), function (el) {
        out.push({ el: el, id: el.getAttribute('data-field'), type: el.getAttribute('data-type'), label: el.getAttribute('data-label') || '' });
      });
      return out;
    }

    function controls(f) {
      return f.el.querySelectorAll('[name="' + f.id + '"]');
    }

    // cellValue is what the export holds for a number (a number, or null when empty) or any
    // other single control (its text).
    function cellValue(c, type) {
      if (type === 'number') {
        return c.value === '' || isNaN(Number(c.value)) ? null : Number(c.value);
      }
      return c.value;
    }

    function value(f) {
      var list = controls(f);
      switch (f.type) {
        case 'radio':
        case 'rating':
          var v = '';
          each(list, function (c) { if (c.checked) { v = c.value; } });
          if (f.type === 'rating') {
            return v === '' ? null : Number(v);
          }
          return v;
        case 'checkbox':
          return list.length > 0 && list[0].checked;
        case 'checklist':
          var ids = [];
          each(list, function (c) { if (c.checked) { ids.push(c.value); } });
          return ids;
        case 'table':
          var rows = [];
          var table = f.el.querySelector('table[data-table]');
          each(table.querySelectorAll('tbody[data-rows] > tr'), function (tr) {
            var row = {}, empty = true;
            // Cells are text, whatever their column's type: what was typed, as typed.
            each(tr.querySelectorAll('td[data-col]'), function (td) {
              var c = td.querySelector('input, textarea');
              row[td.getAttribute('data-col')] = c.value;
              empty = empty && c.value === '';
            });
            if (!empty) {
              rows.push(row);
            }
          });
          return rows;
        default:
          return list.length ? cellValue(list[0], f.type) : '';
      }
    }

    function read() {
      var out = {};
      each(fields(), function (f) { out[f.id] = value(f); });
      return out;
    }

    function isEmpty(values) {
      for (var k in values) {
        if (Object.prototype.hasOwnProperty.call(values, k)) {
          var v = values[k];
          if (v !== '' && v !== false && v !== null && !(v instanceof Array && v.length === 0)) {
            return false;
          }
        }
      }
      return true;
    }

    function write(values) {
      values = values || {};
      each(fields(), function (f) {
        var v = values[f.id];
        var list = controls(f);
        switch (f.type) {
          case 'radio':
          case 'rating':
            each(list, function (c) { c.checked = v !== undefined && v !== null && String(v) === c.value; });
            break;
          case 'checkbox':
            each(list, function (c) { c.checked = v === true; });
            break;
          case 'checklist':
            each(list, function (c) { c.checked = v instanceof Array && v.indexOf(c.value) >= 0; });
            break;
          case 'table':
            var table = f.el.querySelector('table[data-table]');
            var rows = v instanceof Array ? v : [];
            setRows(table, rows.length);
            each(table.querySelectorAll('tbody[data-rows] > tr'), function (tr, i) {
              each(tr.querySelectorAll('td[data-col]'), function (td) {
                var cell = rows[i] && rows[i][td.getAttribute('data-col')];
                td.querySelector('input, textarea').value = cell === undefined || cell === null ? '' : String(cell);
              });
            });
            break;
          default:
            each(list, function (c) { c.value = v === undefined || v === null ? '' : String(v); });
        }
      });
      markEmpty();
    }

    // markEmpty flags empty date inputs, so that print shows a blank line, not "dd/mm/yyyy".
    function markEmpty() {
      each(form.querySelectorAll('input[type=date]'), function (c) {
        if (c.value === '') {
          c.setAttribute('data-empty', '');
        } else {
          c.removeAttribute('data-empty');
        }
      });
    }

    // ---- Storage ----

    var status = tools && tools.querySelector('[data-template-status]');
    function say(text) {
      if (!status) {
        return;
      }
      // Emptied first, so that the same message twice is announced twice.
      status.textContent = '';
      window.setTimeout(function () { status.textContent = text; }, 50);
    }

    function meta() {
      return parse(storage.get(metaKey)) || {};
    }

    function copies() {
      var names = [];
      each(storage.keys(), function (k) {
        if (k.indexOf(copyPrefix) === 0) {
          names.push(k.slice(copyPrefix.length));
        }
      });
      return names;
    }

    function load(name) {
      var rec = parse(storage.get(copyPrefix + name));
      return rec && rec.fields ? rec : null;
    }

    // unique is name, or name (2), name (3) … if a copy by that name exists.
    function unique(name) {
      var names = copies(), n = 2, out = name;
      while (names.indexOf(out) >= 0) {
        out = name + ' (' + n++ + ')';
      }
      return out;
    }

    function freshName() {
      var names = copies(), n = names.length + 1, name;
      do {
        name = fill(s.copy_default, { n: n++ });
      } while (names.indexOf(name) >= 0);
      return name;
    }

    var saved = tools && tools.querySelector('[data-template-saved]');
    function saveNow() {
      window.clearTimeout(timer);
      timer = null;
      if (!on) {
        return;
      }
      var ok = storage.set(copyPrefix + current, JSON.stringify({ saved: new Date().toISOString(), fields: read() }));
      storage.set(metaKey, JSON.stringify({ save: true, copy: current }));
      if (saved) {
        saved.textContent = ok ? s.saved : s.no_storage;
      }
    }

    function changed() {
      markEmpty();
      if (!on) {
        return;
      }
      if (saved) {
        saved.textContent = '';
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(saveNow, 400);
    }
    form.addEventListener('input', changed, false);
    form.addEventListener('change', changed, false);
    // A reload or a closed tab within the debounce time must not lose the last keystrokes.
    window.addEventListener('pagehide', function () { if (timer) { saveNow(); } }, false);

    if (!tools) {
      markEmpty();
      return;
    }
    function $(sel) { return tools.querySelector(sel); }
    var box = $('[data-template-save]');
    var copiesBox = $('[data-template-copies]');
    var select = $('[data-template-copy]');
    var nameBox = $('[data-template-name-box]');
    var nameInput = $('[data-template-name]');
    var renameButton = $('[data-template-rename]');
    var eraseButton = $('[data-template-erase]');
    var confirmBox = $('[data-template-confirm]');

    function showCopies() {
      copiesBox.hidden = !on;
      select.textContent = '';
      var names = copies();
      if (on && names.indexOf(current) < 0) {
        names.push(current);
        names.sort();
      }
      each(names, function (n) {
        var o = document.createElement('option');
        o.value = n;
        o.textContent = n;
        o.selected = n === current;
        select.appendChild(o);
      });
    }

    function switchOn() {
      on = true;
      var m = meta(), names = copies();
      var form0 = read();
      if (isEmpty(form0) && names.length) {
        current = names.indexOf(m.copy) >= 0 ? m.copy : names[0];
        write(load(current).fields);
      } else {
        current = m.copy && names.indexOf(m.copy) < 0 ? m.copy : freshName();
      }
      saveNow();
      showCopies();
    }

    box.addEventListener('change', function () {
      if (box.checked) {
        switchOn();
        say(s.saving_on);
      } else {
        saveNow();
        on = false;
        storage.set(metaKey, JSON.stringify({ save: false, copy: current }));
        showCopies();
        say(s.saving_off + (copies().length ? ' ' + s.saved_copies : ''));
      }
    }, false);

    select.addEventListener('change', function () {
      saveNow();
      current = select.value;
      var rec = load(current);
      write(rec ? rec.fields : {});
      saveNow();
      say(fill(s.switched, { name: current }));
    }, false);

    $('[data-template-new]').addEventListener('click', function () {
      saveNow();
      current = freshName();
      write({});
      saveNow();
      showCopies();
      say(fill(s.new_copy_made, { name: current }));
    }, false);

    function naming(open) {
      nameBox.hidden = !open;
      renameButton.setAttribute('aria-expanded', open ? 'true' : 'false');
      if (open) {
        nameInput.value = current;
        nameInput.focus();
        nameInput.select();
      }
    }
    function rename() {
      var name = nameInput.value.replace(/^\s+|\s+$/g, '');
      if (name === '' || name === current) {
        naming(false);
        renameButton.focus();
        return;
      }
      if (copies().indexOf(name) >= 0) {
        say(fill(s.copy_name_taken, { name: name }));
        nameInput.focus();
        return;
      }
      var old = current;
      current = name;
      saveNow();
      storage.remove(copyPrefix + old);
      showCopies();
      naming(false);
      renameButton.focus();
      say(fill(s.renamed, { name: name }));
    }
    renameButton.addEventListener('click', function () { naming(nameBox.hidden); }, false);
    $('[data-template-name-ok]').addEventListener('click', rename, false);
    $('[data-template-name-cancel]').addEventListener('click', function () {
      naming(false);
      renameButton.focus();
    }, false);
    nameInput.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') {
        e.preventDefault();
        rename();
      } else if (e.key === 'Escape') {
        naming(false);
        renameButton.focus();
      }
    }, false);

    // ---- Export and import ----

    function copyName() {
      return current || meta().copy || fill(s.copy_default, { n: 1 });
    }

    function baseName() {
      return (data.site || 'securehealth') + '-' + id + '-' + slug(copyName());
    }

    function exportJSON() {
      saveNow();
      var values = read();
      var out = {
        format: FORMAT,
        site: data.site || document.body.getAttribute('data-site-id') || '',
        template: id,
        kind: data.kind || '',
        lang: form.closest('[lang]') ? form.closest('[lang]').getAttribute('lang') : document.documentElement.lang,
        copy: copyName(),
        saved: new Date().toISOString(),
        fields: []
      };
      each(fields(), function (f) {
        var entry = { id: f.id, type: f.type, label: f.label, value: values[f.id] };
        // The labels of options and columns come along, so that a reader of the file (feedback
        // summarize) can word its report without the site.
        var opts = [];
        each(f.el.querySelectorAll('input[type=radio], input[type=checkbox], option'), function (c) {
          if (f.type === 'checkbox' || c.value === '') {
            return;
          }
          var l = c.tagName === 'OPTION' ? c : f.el.querySelector('label[for="' + c.id + '"]');
          opts.push({ id: c.value, label: l ? l.textContent : c.value });
        });
        if (f.type === 'rating') {
          entry.scale = opts.length;
        } else if (opts.length) {
          entry.options = opts;
        }
        if (f.type === 'table') {
          entry.columns = [];
          each(f.el.querySelectorAll('thead th[data-col]'), function (th) {
            entry.columns.push({ id: th.getAttribute('data-col'), label: th.textContent });
          });
        }
        out.fields.push(entry);
      });
      var name = baseName() + '.json';
      download(JSON.stringify(out, null, 2) + '\n', 'application/json', name);
      say(fill(s.exported, { file: name }));
    }

    function mdText(t) {
      // Markdown's own characters are escaped where they would change a line's meaning.
      return String(t).replace(/([\\`*_\[\]<>|#])/g, '\\$1');
    }

    function optionLabel(f, v) {
      var c = f.el.querySelector('[name="' + f.id + '"][value="' + String(v).replace(/"/g, '') + '"]');
      if (c) {
        var l = f.el.querySelector('label[for="' + c.id + '"]');
        return l ? l.textContent : String(v);
      }
      var o = f.el.querySelector('option[value="' + String(v).replace(/"/g, '') + '"]');
      return o ? o.textContent : String(v);
    }

    function exportMarkdown() {
      var values = read();
      var h1 = document.querySelector('h1');
      var lines = ['# ' + mdText(h1 ? h1.textContent.replace(/\s+/g, ' ').trim() : id), ''];
      lines.push('- ' + s.copy + ': ' + mdText(copyName()));
      lines.push('- ' + s.date + ': ' + new Date().toISOString().slice(0, 10), '');
      each(form.querySelectorAll('.template-section'), function (sec) {
        var h2 = sec.querySelector('h2');
        if (h2) {
          lines.push('## ' + mdText(h2.textContent), '');
        }
        each(fields(), function (f) {
          if (f.el.closest('.template-section') !== sec) {
            return;
          }
          var v = values[f.id];
          lines.push('**' + mdText(f.label) + '**', '');
          switch (f.type) {
            case 'checkbox':
              lines.push(v ? s.yes : s.no);
              break;
            case 'checklist':
              each(f.el.querySelectorAll('input'), function (c) {
                var l = f.el.querySelector('label[for="' + c.id + '"]');
                lines.push('- [' + (c.checked ? 'x' : ' ') + '] ' + mdText(l ? l.textContent : c.value));
              });
              break;
            case 'radio':
            case 'rating':
            case 'select':
              lines.push(v === '' || v === null ? '—' : mdText(optionLabel(f, v)));
              break;
            case 'table':
              var table = f.el.querySelector('table[data-table]');
              var cols = [], head = [];
              each(table.querySelectorAll('thead th[data-col]'), function (th) {
                cols.push(th.getAttribute('data-col'));
                head.push(mdText(th.textContent));
              });
              lines.push('| ' + head.join(' | ') + ' |');
              lines.push('|' + cols.map(function () { return ' --- |'; }).join(''));
              each(v, function (row) {
                lines.push('| ' + cols.map(function (c) {
                  return mdText(row[c] === undefined ? '' : row[c]).replace(/\r?\n/g, '<br>');
                }).join(' | ') + ' |');
              });
              break;
            default:
              lines.push(v === '' || v === null ? '—' : mdText(v));
          }
          lines.push('');
        });
      });
      var name = baseName() + '.md';
      download(lines.join('\n'), 'text/markdown', name);
      say(fill(s.exported, { file: name }));
    }

    function importFile(file) {
      var reader = new FileReader();
      reader.onload = function () {
        var obj = parse(String(reader.result));
        if (!obj || obj.format !== FORMAT || !(obj.fields instanceof Array)) {
          say(fill(s.import_error, { file: file.name }));
          return;
        }
        if (obj.template !== id) {
          say(fill(s.import_wrong, { file: file.name }));
          return;
        }
        var values = {};
        each(obj.fields, function (f) {
          if (f && typeof f.id === 'string') {
            values[f.id] = f.value;
          }
        });
        saveNow();
        if (on) {
          current = unique(typeof obj.copy === 'string' && obj.copy ? obj.copy : freshName());
        } else if (typeof obj.copy === 'string' && obj.copy) {
          current = obj.copy;
        }
        write(values);
        saveNow();
        showCopies();
        say(fill(s.imported, { file: file.name }));
      };
      reader.onerror = function () { say(fill(s.import_error, { file: file.name })); };
      reader.readAsText(file);
    }

    var fileInput = $('[data-template-import]');
    fileInput.addEventListener('change', function () {
      if (fileInput.files && fileInput.files[0]) {
        importFile(fileInput.files[0]);
      }
      fileInput.value = ''; // the same file may be imported again
    }, false);
    $('[data-template-export-json]').addEventListener('click', exportJSON, false);
    $('[data-template-export-md]').addEventListener('click', exportMarkdown, false);
    $('[data-template-print]').addEventListener('click', function () { window.print(); }, false);

    // ---- Erase ----

    function confirming(open) {
      confirmBox.hidden = !open;
      eraseButton.setAttribute('aria-expanded', open ? 'true' : 'false');
    }
    eraseButton.addEventListener('click', function () {
      confirming(true);
      // The question is read first; the two answers follow it in the tab order.
      confirmBox.querySelector('[tabindex="-1"]').focus();
    }, false);
    $('[data-template-erase-yes]').addEventListener('click', function () {
      window.clearTimeout(timer);
      timer = null;
      var had = copies().length > 0 || storage.get(metaKey) !== null;
      each(copies(), function (n) { storage.remove(copyPrefix + n); });
      storage.remove(metaKey);
      on = false;
      current = '';
      box.checked = false;
      write({});
      showCopies();
      confirming(false);
      eraseButton.focus();
      say(had ? s.erased : s.nothing_to_erase);
    }, false);
    function cancel() {
      confirming(false);
      eraseButton.focus();
    }
    $('[data-template-erase-no]').addEventListener('click', cancel, false);
    confirmBox.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') {
        cancel();
      }
    }, false);

    // ---- Start ----

    tools.hidden = false;
    if (!storage || !available()) {
      box.disabled = true;
      status.textContent = s.no_storage;
      markEmpty();
      return;
    }
    var m = meta();
    if (m.save) {
      box.checked = true;
      switchOn();
    } else {
      if (copies().length) {
        status.textContent = s.saved_copies;
      }
      markEmpty();
    }
    showCopies();
  }

  each(document.querySelectorAll('form[data-template]'), setup);
})(window, document);
