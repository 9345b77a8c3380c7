/* SecureHealth quizzes: checks the answers of every form[data-quiz] on the page against the
 * answer key in its <script type="application/json" data-quiz-data> block, shows feedback,
 * the score and pass or fail in [data-quiz-score], and keeps attempts and the best score in
 * localStorage under "quiz:<id>" (through SecureHealth.storage, so under the site's prefix,
 * and shared by every language). It also fills every [data-quiz-best] with the best score.
 *
 * A classic ES5 script, loaded with defer after site.js: no modules and no fetch, so it works
 * from file://. The page may load it more than once (a module page with its quiz and its
 * list of children); it runs once.
 *
 * Scoring, per question of `points` points:
 *   single, truefalse   all the points for the correct choice, else none
 *   multiple, "all"     all the points for exactly the correct choices, else none
 *   multiple, "partial" max(0, (right chosen − wrong chosen) / correct choices) × points
 *   matching, ordering  the share of pairs (positions) that are right × points
 *   short               all the points if the answer is one of those accepted in the page's
 *                       language or in every language ("*"), compared without diacritics,
 *                       extra spaces and, unless caseSensitive, case
 *   essay, likert       not scored
 * The percentage is the points scored over the quiz's points, rounded down, so that 100%
 * means every answer was right; the quiz is passed at passPercent or more. */
(function (window, document) {
  'use strict';

  var SecureHealth = window.SecureHealth = window.SecureHealth || {};
  if (SecureHealth.quiz) {
    return;
  }

  // Without site.js (a theme that drops it) nothing is stored, and everything else works.
  var storage = SecureHealth.storage || {
    get: function () { return null; },
    set: function () { return false; }
  };

  function each(list, f) {
    for (var i = 0; i < list.length; i++) {
      f(list[i], i);
    }
  }

  function fill(s, values) {
    return String(s).replace(/\{(\w+)\}/g, function (m, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : m;
    });
  }

  // number writes a score the way the page's language does (1,5 in Slovenian).
  function number(n, lang) {
    var r = Math.round(n * 100) / 100;
    try {
      return r.toLocaleString(lang || undefined, { maximumFractionDigits: 2 });
    } catch (e) {
      return String(r);
    }
  }

  // fold makes answers comparable: Unicode NFD without combining marks (so "é" matches "e"
  // and "ά" matches "α"), spaces trimmed and collapsed, lower-cased unless case matters.
  function fold(s, caseSensitive) {
    s = String(s);
    if (s.normalize) {
      s = s.normalize('NFD').replace(/[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g, '');
    }
    s = s.replace(/\s+/g, ' ').replace(/^ | $/g, '');
    return caseSensitive ? s : s.toLowerCase();
  }

  var key = function (id) { return 'quiz:' + id; };

  // record reads the stored attempts of a quiz: {attempts, best, last, passed}, or null.
  function record(id) {
    var raw = storage.get(key(id));
    if (!raw) {
      return null;
    }
    try {
      var r = JSON.parse(raw);
      if (r && typeof r.attempts === 'number' && typeof r.best === 'number') {
        return r;
      }
    } catch (e) { /* not ours, or damaged: treated as no attempt */ }
    return null;
  }

  function remember(id, percent, passed) {
    var r = record(id) || { attempts: 0, best: 0, last: 0, passed: false };
    r.attempts += 1;
    r.best = Math.max(r.best, percent);
    r.last = percent;
    r.passed = r.passed || passed;
    storage.set(key(id), JSON.stringify(r));
    return r;
  }

  // The strings of the first quiz data block, for [data-quiz-best] on pages that list
  // quizzes without holding one; those pages carry their words in data-* attributes.
  function showBest(el, strings) {
    var id = el.getAttribute('data-quiz-best');
    var r = record(id);
    if (!r) {
      el.hidden = true;
      el.textContent = '';
      return;
    }
    var s = strings || {
      best: el.getAttribute('data-best') || '{percent}%',
      bestPassed: el.getAttribute('data-best-passed') || '{percent}% ✓',
      attempts: el.getAttribute('data-attempts') || ''
    };
    var text = fill(r.passed ? s.bestPassed : s.best, { percent: r.best });
    if (s.attempts) {
      text += ' ' + fill(s.attempts, { count: r.attempts });
    }
    el.textContent = text;
    el.hidden = false;
  }

  function bestEverywhere(id, strings) {
    each(document.querySelectorAll('[data-quiz-best]'), function (el) {
      if (!id || el.getAttribute('data-quiz-best') === id) {
        showBest(el, strings);
      }
    });
  }

  // Quiz wires one form.
  function Quiz(form, data) {
    this.form = form;
    this.data = data;
    this.s = data.strings || {};
    var langEl = form.closest ? form.closest('[lang]') : null;
    this.lang = (langEl && langEl.getAttribute('lang')) || document.documentElement.lang;
    this.checked = false;
    this.score = form.querySelector('[data-quiz-score]');
    this.retryButton = form.querySelector('[data-quiz-retry]');
    this.solutionButton = form.querySelector('[data-quiz-solution]');
    var self = this;
    var check = form.querySelector('[data-quiz-check]');
    if (check) {
      check.hidden = false;
    }
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      self.check();
    }, false);
    if (this.retryButton) {
      this.retryButton.addEventListener('click', function () { self.retry(); }, false);
    }
    if (this.solutionButton) {
      this.solutionButton.addEventListener('click', function () { self.showSolution(); }, false);
    }
    this.solutionsVisible(data.showSolution === 'always');
  }

  Quiz.prototype.question = function (id) {
    var fieldsets = this.form.querySelectorAll('fieldset[data-question]');
    for (var i = 0; i < fieldsets.length; i++) {
      if (fieldsets[i].getAttribute('data-question') === id) {
        return fieldsets[i];
      }
    }
    return null;
  };

  // solutionsVisible shows or hides the solution <details> and the Show solution button:
  // before the first check they are hidden unless showSolution is "always".
  Quiz.prototype.solutionsVisible = function (visible) {
    each(this.form.querySelectorAll('details[data-solution]'), function (d) {
      d.hidden = !visible;
      if (!visible) {
        d.open = false;
      }
    });
    if (this.solutionButton) {
      this.solutionButton.hidden = !visible;
    }
  };

  function control(fs, name) {
    var all = fs.querySelectorAll('select, input, textarea');
    for (var i = 0; i < all.length; i++) {
      if (all[i].name === name) {
        return all[i];
      }
    }
    return null;
  }

  function chosen(fs) {
    var ids = [];
    each(fs.querySelectorAll('input[type=radio], input[type=checkbox]'), function (input) {
      if (input.checked) {
        ids.push(input.value);
      }
    });
    return ids;
  }

  function contains(list, x) {
    for (var i = 0; i < list.length; i++) {
      if (list[i] === x) {
        return true;
      }
    }
    return false;
  }

  // mark sets a choice's or row's mark: a word as well as a colour, so that right and wrong
  // are not told by colour alone.
  Quiz.prototype.mark = function (el, right) {
    if (!el) {
      return;
    }
    var m = el.querySelector('[data-mark]');
    el.classList.remove('quiz-right', 'quiz-wrong');
    el.classList.add(right ? 'quiz-right' : 'quiz-wrong');
    if (m) {
      m.textContent = right ? this.s.markRight : this.s.markWrong;
      m.hidden = false;
    }
  };

  // grade scores one question and marks its answers; it returns {score, state}.
  Quiz.prototype.grade = function (q, fs) {
    var self = this;
    var points = q.points || 0;
    var i, right = 0, n, answered = false;
    switch (q.type) {
      case 'single':
      case 'truefalse':
      case 'multiple':
        var ids = chosen(fs);
        answered = ids.length > 0;
        var wrong = 0;
        each(fs.querySelectorAll('[data-choice]'), function (el) {
          var id = el.getAttribute('data-choice');
          if (!contains(ids, id)) {
            return;
          }
          var ok = contains(q.correct, id);
          if (ok) {
            right++;
          } else {
            wrong++;
          }
          self.mark(el, ok);
          var fb = el.querySelector('[data-choice-feedback]');
          if (fb) {
            fb.hidden = false;
          }
        });
        var exact = right === q.correct.length && wrong === 0;
        var score = exact ? points : 0;
        if (q.type === 'multiple' && q.scoring === 'partial') {
          score = Math.max(0, (right - wrong) / q.correct.length) * points;
        }
        return { score: score, answered: answered };
      case 'matching':
      case 'ordering':
        var names = q.type === 'matching' ? q.pairs : q.items;
        n = names.length;
        for (i = 0; i < n; i++) {
          var sel = control(fs, names[i]);
          if (!sel || sel.value === '') {
            continue;
          }
          answered = true;
          var ok2 = q.type === 'matching' ? sel.value === names[i] : sel.value === String(i + 1);
          if (ok2) {
            right++;
          }
          this.mark(sel.closest ? sel.closest('[data-row]') : sel.parentNode, ok2);
        }
        return { score: n ? right / n * points : 0, answered: answered };
      case 'short':
        var input = control(fs, q.id);
        var given = input ? fold(input.value, q.caseSensitive) : '';
        answered = given !== '';
        var hit = false;
        each(q.accept || [], function (a) {
          hit = hit || (given !== '' && fold(a, q.caseSensitive) === given);
        });
        if (answered) {
          this.mark(input.parentNode, hit);
        }
        return { score: hit ? points : 0, answered: answered };
      default: // essay, likert: not scored
        var c = control(fs, q.id);
        if (q.type === 'likert') {
          answered = chosen(fs).length > 0;
        } else {
          answered = !!(c && c.value.replace(/\s+/g, '') !== '');
        }
        return { score: 0, answered: answered, ungraded: true };
    }
  };

  Quiz.prototype.check = function () {
    var self = this;
    this.clear();
    var total = 0, scored = 0;
    each(this.data.questions, function (q) {
      var fs = self.question(q.id);
      if (!fs) {
        return;
      }
      var g = self.grade(q, fs);
      var result = fs.querySelector('[data-question-result]');
      var state;
      if (g.ungraded) {
        state = g.answered ? 'answered' : 'unanswered';
      } else {
        total += q.points;
        scored += g.score;
        if (!g.answered) {
          state = 'unanswered';
        } else if (g.score >= q.points - 1e-9) {
          state = 'correct';
        } else if (g.score > 0) {
          state = 'partly';
        } else {
          state = 'incorrect';
        }
      }
      fs.setAttribute('data-state', state);
      if (result) {
        var text = self.s[state] || '';
        var scoreText = result.getAttribute('data-score-text');
        if (scoreText) {
          text += ' ' + fill(scoreText, { score: number(g.score, self.lang) });
        }
        result.textContent = text;
        result.className = 'quiz-result quiz-' + state;
        result.hidden = false;
      }
      if (!g.ungraded) {
        var fb = fs.querySelector('[data-feedback="' + (state === 'correct' ? 'correct' : 'incorrect') + '"]');
        if (fb && state !== 'unanswered') {
          fb.hidden = false;
        }
      }
    });

    var percent = total > 0 ? Math.floor(scored / total * 100 + 1e-9) : 100;
    var passed = percent >= this.data.passPercent;
    var msg;
    if (total > 0) {
      msg = fill(this.s.score, { score: number(scored, this.lang), percent: percent }) + ' ' +
        (passed ? this.s.passed : this.s.failed);
    } else {
      msg = this.s.ungraded;
    }
    if (this.score) {
      this.score.setAttribute('data-percent', String(percent));
      this.score.setAttribute('data-passed', passed ? 'true' : 'false');
      this.score.className = 'quiz-score ' + (passed ? 'quiz-passed' : 'quiz-failed');
      this.score.textContent = msg;
    }
    this.checked = true;
    if (this.data.showSolution !== 'never') {
      this.solutionsVisible(true);
    }
    if (this.retryButton) {
      this.retryButton.hidden = false;
    }
    remember(this.data.id, percent, passed);
    bestEverywhere(this.data.id, this.s);
  };

  // clear removes every mark, feedback and result, and keeps the answers.
  Quiz.prototype.clear = function () {
    var f = this.form;
    each(f.querySelectorAll('[data-mark], [data-choice-feedback], [data-feedback], [data-question-result]'), function (el) {
      el.hidden = true;
    });
    each(f.querySelectorAll('[data-mark], [data-question-result]'), function (el) {
      el.textContent = '';
    });
    each(f.querySelectorAll('.quiz-right, .quiz-wrong'), function (el) {
      el.classList.remove('quiz-right', 'quiz-wrong');
    });
    each(f.querySelectorAll('fieldset[data-state]'), function (el) {
      el.removeAttribute('data-state');
    });
  };

  // retry clears the answers and the results, for a new attempt from the first question.
  Quiz.prototype.retry = function () {
    this.clear();
    this.form.reset();
    if (this.score) {
      this.score.removeAttribute('data-percent');
      this.score.removeAttribute('data-passed');
      this.score.className = 'quiz-score';
      this.score.textContent = '';
    }
    this.checked = false;
    this.solutionsVisible(this.data.showSolution === 'always');
    if (this.retryButton) {
      this.retryButton.hidden = true;
    }
    var first = this.form.querySelector('input, select, textarea');
    if (first) {
      first.focus();
    }
  };

  // showSolution opens every solution; focus goes to the first, which is where the learner
  // reads on.
  Quiz.prototype.showSolution = function () {
    this.solutionsVisible(true);
    var ds = this.form.querySelectorAll('details[data-solution]');
    each(ds, function (d) { d.open = true; });
    var first = ds.length ? ds[0].querySelector('summary') : null;
    if (first) {
      first.focus();
    }
  };

  function dataFor(id) {
    var blocks = document.querySelectorAll('script[data-quiz-data]');
    for (var i = 0; i < blocks.length; i++) {
      if (blocks[i].getAttribute('data-quiz-data') === id) {
        try {
          return JSON.parse(blocks[i].textContent);
        } catch (e) {
          return null;
        }
      }
    }
    return null;
  }

  SecureHealth.quiz = {
    fold: fold,
    record: record,
    instances: []
  };

  var strings = null;
  each(document.querySelectorAll('form[data-quiz]'), function (form) {
    var data = dataFor(form.getAttribute('data-quiz'));
    if (!data) {
      return;
    }
    strings = strings || data.strings;
    SecureHealth.quiz.instances.push(new Quiz(form, data));
  });
  bestEverywhere('', strings);
})(window, document);
