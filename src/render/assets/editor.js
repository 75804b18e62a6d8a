(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('data').textContent);
  var list = document.getElementById('beads');
  var status = document.getElementById('status');
  // The documents, their level and their units: work kept under another
  // segmentation of the same texts is not offered.
  var storeKey = ['clausediff-review', data.level, data.src.sha256, data.src.units.length, data.tgt.sha256,
    data.tgt.units.length].join(':');
  function bead(s0, s1, t0, t1, score, post, ok, edited) {
    return { s0: s0, s1: s1, t0: t0, t1: t1, score: score, post: post, ok: ok, edited: edited };
  }
  var beads = data.beads.map(function (b) { return bead(b[0], b[1], b[2], b[3], b[4], b[5], b[6] === 1, false); });
  var rows = [];
  var sel = 0;
  var selRow = null;
  var undos = [];
  var redos = [];
  var message = '';
  var lastEditMs = 0;
  var edits = 0;

  function plain(bs) {
    return bs.map(function (b) { return [b.s0, b.s1, b.t0, b.t1, b.ok ? 1 : 0, b.edited ? 1 : 0]; });
  }
  var initial = JSON.stringify(plain(beads));

  function range(a, b) {
    if (a === b) { return '—'; }
    return a + 1 === b ? String(a) : a + '–' + (b - 1);
  }
  function units(side, a, b, cls) {
    var cell = document.createElement('div');
    cell.className = 'side ' + cls + (a === b ? ' none' : '');
    cell.lang = side.lang;
    for (var i = a; i < b; i++) {
      var u = document.createElement('span');
      u.className = 'u';
      u.textContent = side.units[i];
      cell.appendChild(u);
    }
    return cell;
  }
  function classes(b) {
    var c = 'bead';
    if (b.ok) { c += ' ok'; }
    if (!b.ok && !b.edited && b.post < data.low) { c += ' low'; }
    if (b.s0 === b.s1 || b.t0 === b.t1) { c += ' alone'; }
    return c;
  }
  function row(b) {
    var r = document.createElement('div');
    r.className = classes(b);
    var ids = document.createElement('div');
    ids.className = 'ids';
    ids.textContent = range(b.s0, b.s1) + ' : ' + range(b.t0, b.t1) + ' · ' + (b.s1 - b.s0) + '-' + (b.t1 - b.t0);
    var conf = document.createElement('div');
    conf.className = 'conf';
    if (b.edited) {
      conf.textContent = 'edited';
    } else {
      conf.textContent = Math.round(b.post * 100) + '%';
      conf.title = 'probability ' + b.post.toFixed(3) + ', similarity ' + b.score.toFixed(3);
      conf.style.setProperty('--p', String(b.post));
    }
    if (b.ok) { conf.textContent += ' ✓'; }
    r.appendChild(ids);
    r.appendChild(units(data.src, b.s0, b.s1, 'src'));
    r.appendChild(units(data.tgt, b.t0, b.t1, 'tgt'));
    r.appendChild(conf);
    return r;
  }

  function select(i) {
    if (!rows.length) { return; }
    i = Math.max(0, Math.min(rows.length - 1, i));
    if (selRow) { selRow.classList.remove('sel'); }
    sel = i;
    selRow = rows[sel];
    selRow.classList.add('sel');
    selRow.scrollIntoView({ block: 'nearest' });
  }
  function counts() {
    var ok = 0, low = 0;
    for (var k = 0; k < beads.length; k++) {
      if (beads[k].ok) { ok++; } else if (!beads[k].edited && beads[k].post < data.low) { low++; }
    }
    status.textContent = beads.length + ' beads · ' + ok + ' confirmed · ' + low + ' low-confidence left' +
      (message ? ' · ' + message : '');
  }

  // Replace `count` beads from `i` with `added`: the one edit every operation makes.
  function replace(i, count, added) {
    var removed = beads.splice.apply(beads, [i, count].concat(added));
    var old = rows.splice(i, count);
    var before = old.length ? old[old.length - 1].nextSibling : (rows[i] || null);
    old.forEach(function (r) { r.remove(); });
    var made = added.map(row);
    made.forEach(function (r) { list.insertBefore(r, before); });
    rows.splice.apply(rows, [i, 0].concat(made));
    return removed;
  }
  function edit(i, count, added, selectAt) {
    var t0 = performance.now();
    var removed = replace(i, count, added);
    undos.push({ i: i, removed: removed, added: added, sel: sel });
    redos = [];
    after(selectAt, t0);
  }
  function after(selectAt, t0) {
    edits++;
    sel = Math.min(sel, rows.length - 1);
    select(selectAt);
    counts();
    store();
    void list.offsetHeight;
    lastEditMs = performance.now() - t0;
  }
  function say(text) { message = text; counts(); message = ''; }

  function merged(a, b) { return bead(a.s0, b.s1, a.t0, b.t1, 0, 0, true, true); }
  var ops = {
    merge: function () {
      if (sel + 1 >= beads.length) { return say('no next bead to merge with'); }
      edit(sel, 2, [merged(beads[sel], beads[sel + 1])], sel);
    },
    split: function () {
      var b = beads[sel], n = b.s1 - b.s0, m = b.t1 - b.t0;
      if (n + m < 2) { return say('a bead of one unit cannot be split'); }
      var a = Math.ceil(n / 2), c = Math.ceil(m / 2);
      if (a === n && c === m) { if (m > 0) { c = m - 1; } else { a = n - 1; } }
      edit(sel, 1, [bead(b.s0, b.s0 + a, b.t0, b.t0 + c, 0, 0, true, true),
        bead(b.s0 + a, b.s1, b.t0 + c, b.t1, 0, 0, true, true)], sel);
    },
    srcUp: function () { boundary('s', -1); },
    srcDown: function () { boundary('s', 1); },
    tgtUp: function () { boundary('t', -1); },
    tgtDown: function () { boundary('t', 1); },
    confirm: function () {
      var b = beads[sel];
      edit(sel, 1, [bead(b.s0, b.s1, b.t0, b.t1, b.score, b.post, !b.ok, b.edited)], sel);
    },
    undo: function () { history(undos, redos, true); },
    redo: function () { history(redos, undos, false); },
    save: save,
    next: function () { seek(1); },
    prev: function () { seek(-1); }
  };
  // Move the boundary between the selected bead and the next on side `x`:
  // up (-1) hands the bead's last unit to the next, down (+1) takes the next's first.
  function boundary(x, dir) {
    var a = beads[sel], b = beads[sel + 1], lo = x + '0', hi = x + '1';
    if (dir < 0 && a[hi] === a[lo]) { return say('the bead has no unit on that side to hand on'); }
    if (dir > 0 && (!b || b[hi] === b[lo])) { return say('the next bead has no unit on that side'); }
    var na = bead(a.s0, a.s1, a.t0, a.t1, 0, 0, true, true);
    na[hi] += dir;
    var nb;
    if (b) {
      nb = bead(b.s0, b.s1, b.t0, b.t1, 0, 0, true, true);
      nb[lo] += dir;
    } else {
      nb = bead(a.s1, a.s1, a.t1, a.t1, 0, 0, true, true);
      nb[lo] = na[hi];
    }
    var keep = [na, nb].filter(function (e) { return e.s1 > e.s0 || e.t1 > e.t0; });
    edit(sel, b ? 2 : 1, keep, sel);
  }
  function history(from, to, back) {
    var h = from.pop();
    if (!h) { return say(back ? 'nothing to undo' : 'nothing to redo'); }
    var t0 = performance.now();
    if (back) { replace(h.i, h.added.length, h.removed); } else { replace(h.i, h.removed.length, h.added); }
    to.push(h);
    after(back ? h.sel : h.i, t0);
  }
  function seek(dir) {
    for (var i = sel + dir; i >= 0 && i < beads.length; i += dir) {
      var b = beads[i];
      if (!b.ok && !b.edited && b.post < data.low) { return select(i); }
    }
    say('no other unconfirmed low-confidence bead');
  }

  function ids(a, b) {
    var out = [];
    for (var i = a; i < b; i++) { out.push(i); }
    return '[' + out.join(', ') + ']';
  }
  function reviewFile() {
    var clean = function (s) { return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' '); };
    var o = '# clausediff review 1\n# level: ' + data.level + '\n';
    [['source', data.src], ['target', data.tgt]].forEach(function (p) {
      o += '# ' + p[0] + ': sha256=' + p[1].sha256 + ' units=' + p[1].units.length + ' name=' + clean(p[1].name) + '\n';
    });
    beads.forEach(function (b) { o += ids(b.s0, b.s1) + ':' + ids(b.t0, b.t1) + (b.ok ? ' # confirmed' : '') + '\n'; });
    return o;
  }
  function stem(name) { return name.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') || 'text'; }
  function save() {
    var blob = new Blob([reviewFile()], { type: 'text/plain;charset=utf-8' });
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = stem(data.src.name) + '.' + stem(data.tgt.name) + '.review.beads';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
    say('saved ' + a.download);
  }

  // Kept in local storage a moment after the last edit (and when the page is
  // left), so that an edit does not wait for the whole list to be written.
  var storeTimer = null;
  function store() {
    clearTimeout(storeTimer);
    storeTimer = setTimeout(storeNow, 400);
  }
  window.addEventListener('pagehide', function () { if (storeTimer !== null) { storeNow(); } });
  function storeNow() {
    storeTimer = null;
    try {
      var now = JSON.stringify(plain(beads));
      if (now === initial) { localStorage.removeItem(storeKey); } else {
        localStorage.setItem(storeKey, JSON.stringify({ time: Date.now(), beads: plain(beads) }));
      }
    } catch (e) { /* storage may be off: the page still works */ }
  }
  function offerRestore() {
    var saved;
    try { saved = JSON.parse(localStorage.getItem(storeKey) || 'null'); } catch (e) { saved = null; }
    if (!saved || !Array.isArray(saved.beads) || !saved.beads.length || JSON.stringify(saved.beads) === initial) {
      return;
    }
    var banner = document.getElementById('restore');
    var ok = saved.beads.filter(function (b) { return b[4] === 1; }).length;
    document.getElementById('restore-text').textContent = 'This browser holds corrections of these documents from ' +
      new Date(saved.time).toLocaleString() + ' (' + saved.beads.length + ' beads, ' + ok + ' confirmed).';
    banner.hidden = false;
    document.getElementById('restore-yes').onclick = function () {
      banner.hidden = true;
      // A restored bead the aligner made keeps its probability and similarity.
      var made = {};
      data.beads.forEach(function (b) { made[b.slice(0, 4).join(',')] = b; });
      var restored = saved.beads.map(function (b) {
        var m = b[5] === 1 ? null : made[b.slice(0, 4).join(',')];
        return bead(b[0], b[1], b[2], b[3], m ? m[4] : 0, m ? m[5] : 0, b[4] === 1, b[5] === 1 || !m);
      });
      edit(0, beads.length, restored, 0);
    };
    document.getElementById('restore-no').onclick = function () {
      banner.hidden = true;
      try { localStorage.removeItem(storeKey); } catch (e) { /* nothing kept */ }
    };
  }

  // An operation, from a key or the toolbar; with no bead, only those that need none.
  function run(op) {
    if (beads.length || op === 'undo' || op === 'redo' || op === 'save') { ops[op](); } else { say('no bead'); }
  }

  var keys = { m: 'merge', s: 'split', '[': 'srcUp', ']': 'srcDown', '{': 'tgtUp', '}': 'tgtDown', c: 'confirm',
    u: 'undo', r: 'redo', w: 'save', n: 'next', p: 'prev' };
  document.addEventListener('keydown', function (e) {
    if (e.target && /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName)) { return; }
    var k = e.key, op = null;
    if (e.ctrlKey || e.metaKey) {
      var lower = k.toLowerCase();
      op = lower === 'z' ? (e.shiftKey ? 'redo' : 'undo') : lower === 'y' ? 'redo' : lower === 's' ? 'save' : null;
    } else if (!e.altKey) {
      if (k === 'j' || k === 'ArrowDown') { e.preventDefault(); return select(sel + 1); }
      if (k === 'k' || k === 'ArrowUp') { e.preventDefault(); return select(sel - 1); }
      if (k === 'Home' || k === 'End') { e.preventDefault(); return select(k === 'Home' ? 0 : rows.length - 1); }
      op = keys[k] || null;
    }
    if (op) { e.preventDefault(); run(op); }
  });
  list.addEventListener('click', function (e) {
    var r = e.target.closest('.bead');
    if (r) { select(rows.indexOf(r)); }
  });
  document.querySelectorAll('.toolbar button[data-op]').forEach(function (b) {
    b.addEventListener('click', function () { run(b.getAttribute('data-op')); list.focus(); });
  });

  var frag = document.createDocumentFragment();
  rows = beads.map(row);
  rows.forEach(function (r) { frag.appendChild(r); });
  list.appendChild(frag);
  if (rows.length) { selRow = rows[0]; selRow.classList.add('sel'); }
  counts();
  offerRestore();
  list.focus();
  window.clausediffEditor = {
    reviewFile: reviewFile,
    lastEditMs: function () { return lastEditMs; },
    edits: function () { return edits; },
    selected: function () { return sel; },
    beads: function () { return plain(beads); }
  };
})();
