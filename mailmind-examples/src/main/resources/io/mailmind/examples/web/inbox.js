// The live inbox page: follows /events and, on `refresh_needed`, re-reads /api/messages and rebuilds the
// table in place (no reload). Values from mail only ever go into textContent and attributes, never into HTML.
(function () {
  'use strict';

  var body = document.body;
  var page = Number(body.getAttribute('data-page')) || 0;
  var rows = document.getElementById('messages');
  var empty = document.getElementById('empty');
  var older = document.getElementById('older');
  var status = document.getElementById('status');
  var requested = 0; // the number of the latest refresh asked for; older answers are dropped
  var refreshes = 0;

  function setStatus(state, text) {
    body.setAttribute('data-live', state);
    status.textContent = text;
  }

  function cell(className, text, title) {
    var td = document.createElement('td');
    td.className = className;
    td.textContent = text;
    if (title) td.title = title;
    return td;
  }

  function row(message) {
    var tr = document.createElement('tr');
    if (!message.seen) tr.className = 'unread';
    var subject = document.createElement('td');
    subject.className = 'subject';
    var link = document.createElement('a');
    link.setAttribute('href', message.href);
    link.textContent = message.subject || '(no subject)';
    subject.appendChild(link);
    tr.appendChild(subject);
    tr.appendChild(cell('from', message.from, message.from_address));
    var date = document.createElement('td');
    date.className = 'date';
    var time = document.createElement('time');
    time.setAttribute('datetime', message.date_iso);
    time.textContent = message.date;
    date.appendChild(time);
    tr.appendChild(date);
    tr.appendChild(cell('folder', message.folder));
    return tr;
  }

  function render(list) {
    var fragment = document.createDocumentFragment();
    list.messages.forEach(function (message) { fragment.appendChild(row(message)); });
    rows.replaceChildren(fragment);
    empty.hidden = list.messages.length > 0;
    older.hidden = !list.has_more;
    refreshes++;
    body.setAttribute('data-refreshes', String(refreshes));
  }

  function refresh() {
    var number = ++requested;
    fetch('/api/messages?page=' + page, { cache: 'no-store', headers: { 'Accept': 'application/json' } })
      .then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      })
      .then(function (list) { if (number === requested) render(list); })
      .catch(function (error) { setStatus('error', 'refresh failed: ' + error.message); });
  }

  var connectedBefore = false;
  var source = new EventSource('/events');
  source.addEventListener('open', function () {
    setStatus('live', 'live');
    if (connectedBefore) refresh(); // events may have been missed while disconnected
    connectedBefore = true;
  });
  source.addEventListener('error', function () {
    setStatus(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting',
      source.readyState === EventSource.CLOSED ? 'disconnected' : 'reconnecting…');
  });
  source.addEventListener('refresh_needed', refresh);
})();
