/* SecureHealth SCORM bridge: runs in every page of a SCORM package, inside the launch page's
 * frame. It tells the launch page (which owns the LMS session) which page is shown and, when
 * a quiz is checked, its score and one interaction per question, read from the quiz's DOM
 * hooks (DESIGN §6: [data-quiz-score] with data-percent and data-passed, fieldset[data-question]
 * with data-state) and its answer key (script[data-quiz-data]).
 *
 * It talks by postMessage, not by calling the parent: opened from disk (file://) Chromium gives
 * every file its own opaque origin, where a call into the parent window throws, and postMessage
 * works across origins. The launch page checks that a message comes from its frame. */
(function () {
  'use strict';
  if (window.parent === window) {
    return; // not in a launch page: a normal offline page
  }
  var TAG = 'securehealth-scorm';

  function send(msg) {
    msg.source = TAG;
    try {
      window.parent.postMessage(msg, '*');
    } catch (e) { /* no launch page to tell */ }
  }

  function each(list, fn) {
    for (var i = 0; i < list.length; i++) {
      fn(list[i], i);
    }
  }

  function quizData(form) {
    var el = form.querySelector('script[data-quiz-data]');
    if (!el) {
      return null;
    }
    try {
      return JSON.parse(el.textContent);
    } catch (e) {
      return null;
    }
  }

  // interaction describes one question the SCORM 1.2 way (cmi.interactions.n.*).
  function interaction(quizID, q, fs) {
    var type = 'performance', response = [], correct = '';
    switch (q.type) {
      case 'single':
      case 'multiple':
        type = 'choice';
        each(fs.querySelectorAll('input[type=radio], input[type=checkbox]'), function (input) {
          if (input.checked) {
            response.push(input.value);
          }
        });
        correct = (q.correct || []).join(',');
        break;
      case 'truefalse':
        type = 'true-false';
        each(fs.querySelectorAll('input[type=radio]'), function (input) {
          if (input.checked) {
            response.push(input.value === 'true' ? 't' : 'f');
          }
        });
        correct = (q.correct || [])[0] === 'true' ? 't' : 'f';
        break;
      case 'matching':
      case 'ordering':
        type = q.type === 'matching' ? 'matching' : 'sequencing';
        each(fs.querySelectorAll('select'), function (sel) {
          if (sel.value !== '') {
            response.push(sel.name + '.' + sel.value);
          }
        });
        break;
      case 'short':
        type = 'fill-in';
        each(fs.querySelectorAll('input[type=text], input:not([type])'), function (input) {
          response.push(input.value);
        });
        correct = (q.accept || [])[0] || '';
        break;
      case 'likert':
        type = 'likert';
        each(fs.querySelectorAll('input[type=radio]'), function (input) {
          if (input.checked) {
            response.push(input.value);
          }
        });
        break;
    }
    var state = fs.getAttribute('data-state') || 'unanswered';
    var result = state === 'correct' ? 'correct' : (state === 'answered' ? 'neutral' : 'wrong');
    return {
      id: (quizID + '-' + q.id).replace(/[^\x21-\x7e]/g, '_').slice(0, 255),
      type: type,
      response: response.join(',').slice(0, 255),
      correct: correct.slice(0, 255),
      result: result,
      weighting: q.points || 0
    };
  }

  function report(form, score) {
    var percent = parseInt(score.getAttribute('data-percent'), 10);
    if (isNaN(percent)) {
      return; // cleared for a new attempt
    }
    var data = quizData(form) || { questions: [] };
    var id = form.getAttribute('data-quiz') || data.id || 'quiz';
    var list = [];
    each(data.questions || [], function (q) {
      var fs = form.querySelector('fieldset[data-question="' + q.id + '"]');
      if (fs) {
        list.push(interaction(id, q, fs));
      }
    });
    send({
      type: 'quiz',
      quiz: id,
      percent: percent,
      passed: score.getAttribute('data-passed') === 'true',
      passPercent: data.passPercent,
      interactions: list
    });
  }

  function watch(form) {
    var score = form.querySelector('[data-quiz-score]');
    if (!score || !window.MutationObserver) {
      return;
    }
    new MutationObserver(function () {
      // quiz.js sets data-percent then data-passed: report once both are there; a new
      // attempt clears them.
      if (!score.hasAttribute('data-percent')) {
        score.removeAttribute('data-scorm-reported');
      } else if (score.hasAttribute('data-percent') && score.hasAttribute('data-passed')) {
        var key = score.getAttribute('data-percent') + '/' + score.getAttribute('data-passed') + '/' + score.textContent;
        if (key !== score.getAttribute('data-scorm-reported')) {
          score.setAttribute('data-scorm-reported', key);
          report(form, score);
        }
      }
    }).observe(score, { attributes: true, attributeFilter: ['data-percent', 'data-passed', 'class'], childList: true, characterData: true, subtree: true });
  }

  send({ type: 'page', href: location.href.split('#')[0] });
  each(document.querySelectorAll('form[data-quiz]'), watch);
}());
