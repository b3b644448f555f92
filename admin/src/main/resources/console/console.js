// Type-ahead with chips: an input tied to a <datalist> of organisation names. A name picked or typed
// in full becomes a ticked checkbox (removable by unticking) and the input is cleared for the next.
// Without this script the input still posts the one name typed in it.
document.querySelectorAll('input[data-chips]').forEach(function (input) {
  var box = document.getElementById(input.dataset.chips);
  var names = new Set(Array.from(document.getElementById(input.getAttribute('list')).options).map(function (o) { return o.value; }));
  function add() {
    var v = input.value.trim();
    if (!names.has(v)) {
      return false;
    }
    var already = Array.from(box.querySelectorAll('input')).some(function (c) { return c.value === v; });
    if (!already) {
      var label = document.createElement('label');
      label.className = 'chip';
      var c = document.createElement('input');
      c.type = 'checkbox';
      c.name = input.name;
      c.value = v;
      c.checked = true;
      label.append(c, ' ' + v);
      box.append(label);
    }
    input.value = '';
    return true;
  }
  input.addEventListener('change', add);
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && input.value.trim() !== '') {
      e.preventDefault();
      if (!add()) {
        input.setCustomValidity('No organisation of that name: pick one from the suggestions.');
        input.reportValidity();
      }
    }
  });
  input.addEventListener('input', function () { input.setCustomValidity(''); });
});

// A conversation read by keyboard: j the next message, k the previous (not while typing in a field).
(function () {
  var messages = Array.from(document.querySelectorAll('#conversation > li.message'));
  if (messages.length === 0) {
    return;
  }
  var at = Math.max(0, messages.findIndex(function (m) { return m.classList.contains('current'); }));
  document.addEventListener('keydown', function (e) {
    var t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey || (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))) {
      return;
    }
    if (e.key !== 'j' && e.key !== 'k') {
      return;
    }
    var focused = messages.indexOf(document.activeElement);
    if (focused >= 0) {
      at = focused;
    }
    at = e.key === 'j' ? Math.min(messages.length - 1, at + 1) : Math.max(0, at - 1);
    messages[at].focus();
    messages[at].scrollIntoView({block: 'start'});
    e.preventDefault();
  });
})();

// A queue's rows by keyboard: j/k move, x ticks the row's box, Enter opens its first link.
(function () {
  var body = document.querySelector('tbody[data-keys="rows"]');
  if (!body) {
    return;
  }
  var rows = Array.from(body.querySelectorAll('tr[tabindex]'));
  if (rows.length === 0) {
    return;
  }
  var at = -1;
  document.addEventListener('keydown', function (e) {
    var t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey || (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(t.tagName)))) {
      return;
    }
    var focused = rows.indexOf(document.activeElement);
    if (focused >= 0) {
      at = focused;
    }
    if (e.key === 'j' || e.key === 'k') {
      at = e.key === 'j' ? Math.min(rows.length - 1, at + 1) : Math.max(0, at - 1);
      rows[at].focus();
      e.preventDefault();
    } else if (e.key === 'x' && focused >= 0) {
      var box = rows[at].querySelector('input[type=checkbox]');
      if (box) {
        box.checked = !box.checked;
      }
      e.preventDefault();
    } else if (e.key === 'Enter' && focused >= 0) {
      var link = rows[at].querySelector('a[href]');
      if (link) {
        link.click();
      }
    }
  });
})();
