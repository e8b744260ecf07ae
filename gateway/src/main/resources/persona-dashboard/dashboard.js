// The Persona dashboard: one stream of snapshots (server-sent events, read with fetch so that the
// operator key travels in the Authorization header), rendered as they arrive. Relative URLs: the page
// works behind a path prefix.
(function () {
  'use strict';
  const KEY = 'persona-operator-key';
  const api = (path) => new URL('../' + path, document.baseURI).toString();
  const $ = (id) => document.getElementById(id);
  let key = sessionStorage.getItem(KEY);
  let chart = null;
  const series = [[], [], []]; // time, events/s, recommendations/s
  let qualityChart = null;
  const quality = [[], [], [], [], []]; // monitors' time, predicted CTR, observed CTR, largest PSI, skew rate
  let lastMonitors = null; // the monitors' updatedAt last charted
  let lastExamples = null; // [time s, examples written] when the join's counter last moved
  let user = null;
  let userBusy = false;

  function headers() {
    return { Authorization: 'Bearer ' + key };
  }

  function text(id, value) {
    $(id).textContent = value === null || value === undefined ? '–' : value;
  }

  function number(value, digits) {
    return value === null || value === undefined ? '–' : Number(value).toFixed(digits);
  }

  function rows(tbody, items, cells) {
    tbody.replaceChildren(...items.map((item) => {
      const tr = document.createElement('tr');
      cells(item).forEach((cell) => {
        const td = document.createElement('td');
        if (cell instanceof Node) {
          td.appendChild(cell);
        } else {
          td.textContent = cell === null || cell === undefined ? '' : String(cell);
        }
        tr.appendChild(td);
      });
      return tr;
    }));
  }

  function renderCluster(cluster) {
    const members = cluster.members || [];
    const up = members.filter((m) => m.status === 'Up').length;
    text('node', cluster.self);
    text('member-count', members.length + (members.length === 1 ? ' member, ' : ' members, ') + up + ' up');
    rows($('members').tBodies[0], members, (m) => [m.address + (m.self ? ' (this node)' : ''), m.status,
      m.roles.join(', '), m.reachable ? 'yes' : 'NO', m.address === cluster.leader ? 'leader' : '',
      m.shards, m.entities]);
  }

  function renderTraffic(traffic, at) {
    text('events-rate', number(traffic.eventsPerSecond, 1));
    text('events-total', traffic.eventsTotal);
    text('recs-rate', number(traffic.recommendationsPerSecond, 1));
    text('recs-latency', traffic.recommendP50Ms === undefined ? '–'
      : number(traffic.recommendP50Ms, 0) + ' / ' + number(traffic.recommendP99Ms, 0) + ' ms');
    text('push-latency', traffic.pushP50Ms === undefined || traffic.pushP50Ms === null ? '–'
      : number(traffic.pushP50Ms, 0) + ' / ' + number(traffic.pushP99Ms, 0) + ' ms');
    text('unavailable-rate', number(traffic.unavailablePerSecond, 2));
    text('recs-failed-rate', number(traffic.recommendFailedPerSecond, 2));
    text('http-refused-rate', traffic.http429PerSecond === undefined ? '–'
      : number(traffic.http429PerSecond, 2) + ' / ' + number(traffic.http503PerSecond, 2));
    text('drops-rate', number(traffic.predictionLogDropsPerSecond, 2));
    if (traffic.stages) {
      rows($('stages').tBodies[0], Object.entries(traffic.stages), ([stage, q]) =>
        [stage, number(q.p50Ms, 1), number(q.p99Ms, 1)]);
    }
    $('kafka').hidden = traffic.kafkaLag === undefined;
    text('kafka-lag', traffic.kafkaLag);
    text('kafka-rate', number(traffic.kafkaConsumedPerSecond, 1));
    text('kafka-dead-rate', number(traffic.kafkaDeadLetteredPerSecond, 2));
    if (typeof uPlot === 'undefined') {
      return;
    }
    series[0].push(Date.parse(at) / 1000);
    series[1].push(traffic.eventsPerSecond === undefined ? null : traffic.eventsPerSecond);
    series[2].push(traffic.recommendationsPerSecond === undefined ? null : traffic.recommendationsPerSecond);
    if (series[0].length > 300) {
      series.forEach((s) => s.shift());
    }
    if (!chart) {
      chart = new uPlot({ width: 520, height: 180, series: [{},
        { label: 'events/s', stroke: '#1f6feb' }, { label: 'recommendations/s', stroke: '#d97706' }] },
        series, $('traffic-chart'));
    } else {
      chart.setData(series);
    }
  }

  function promoteButton(model, champion) {
    if (model.version === champion || model.status === 'champion') {
      return '';
    }
    const button = document.createElement('button');
    button.textContent = 'promote';
    button.addEventListener('click', async () => {
      if (!confirm('Promote ' + model.version + ' to champion on every node?')) {
        return;
      }
      const res = await fetch(api('v1/models/' + encodeURIComponent(model.version) + '/promote'),
        { method: 'POST', headers: { ...headers(), 'Content-Type': 'application/json' },
          body: JSON.stringify({ reason: 'promoted from the dashboard' }) });
      text('model-action', res.ok ? 'promoted ' + model.version : 'refused: ' + (await res.text()));
    });
    return button;
  }

  function age(iso) {
    if (!iso) {
      return null;
    }
    const seconds = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
    return seconds < 120 ? Math.round(seconds) + ' s' : seconds < 7200 ? Math.round(seconds / 60) + ' min'
      : Math.round(seconds / 3600) + ' h';
  }

  function renderModels(snapshot) {
    text('champion', snapshot.champion);
    text('champion-age', age(snapshot.championCreatedAt));
    text('champion-since', age(snapshot.championSince));
    const rollback = $('rollback');
    rollback.hidden = !snapshot.rollbackTo;
    rollback.dataset.version = snapshot.rollbackTo || '';
    rollback.textContent = 'roll back to ' + (snapshot.rollbackTo || '');
    rows($('ab').tBodies[0], Object.entries(snapshot.abTest || {}), ([variant, v]) => [variant, v.impressions,
      v.positives, v.impressions ? (100 * v.ctr).toFixed(2) + ' %' : '',
      v.impressions ? (100 * v.ctr95Low).toFixed(2) + ' – ' + (100 * v.ctr95High).toFixed(2) + ' %' : '']);
    rows($('models').tBodies[0], snapshot.models || [], (m) => [m.version, m.kind, m.status, m.parentVersion,
      m.examples, Object.entries(m.evaluation || {}).map(([k, v]) => k + ' ' + (typeof v === 'number'
        ? Number(v).toFixed(4) : v)).join(', '),
      m.reason, promoteButton(m, snapshot.champion)]);
  }

  function renderQuality(learning) {
    const measured = learning && learning.monitors ? learning.monitors : null;
    const monitors = measured ? measured.counters : null;
    if (!monitors || monitors.predicted_ctr_micros === undefined) {
      return;
    }
    const skewRate = monitors.skew_checked ? monitors.skew_mismatched / monitors.skew_checked : 0;
    const predicted = monitors.predicted_ctr_micros / 1e6;
    const observed = monitors.observed_ctr_micros / 1e6;
    const psi = monitors.psi_max_micros / 1e6;
    text('calibration', (100 * predicted).toFixed(2) + ' % / ' + (100 * observed).toFixed(2) + ' %');
    text('psi', psi.toFixed(3));
    text('skew', monitors.skew_checked ? monitors.skew_mismatched + ' of ' + monitors.skew_checked : '–');
    // one point per training cycle's measurement, not per snapshot
    if (typeof uPlot === 'undefined' || !measured.updatedAt || measured.updatedAt === lastMonitors) {
      return;
    }
    lastMonitors = measured.updatedAt;
    quality[0].push(Date.parse(measured.updatedAt) / 1000);
    quality[1].push(predicted);
    quality[2].push(observed);
    quality[3].push(psi);
    quality[4].push(skewRate);
    if (quality[0].length > 300) {
      quality.forEach((s) => s.shift());
    }
    if (!qualityChart) {
      qualityChart = new uPlot({ width: 520, height: 160, series: [{},
        { label: 'predicted CTR', stroke: '#1f6feb' }, { label: 'observed CTR', stroke: '#16a34a' },
        { label: 'largest PSI', stroke: '#dc2626' }, { label: 'skew rate', stroke: '#7c3aed' }] },
        quality, $('quality-chart'));
    } else {
      qualityChart.setData(quality);
    }
  }

  function renderExamplesRate(learning, at) {
    const join = learning && learning['example-join'] ? learning['example-join'].counters : null;
    if (!join || join.examples_written === undefined) {
      return;
    }
    const now = [Date.parse(at) / 1000, join.examples_written];
    if (lastExamples && now[1] < lastExamples[1]) {
      lastExamples = now; // the counter was reset: start over
      return;
    }
    if (lastExamples && now[1] !== lastExamples[1] && now[0] > lastExamples[0]) {
      text('examples-rate', ((now[1] - lastExamples[1]) / (now[0] - lastExamples[0])).toFixed(1));
    } else if (lastExamples && now[0] - lastExamples[0] > 120) {
      text('examples-rate', '0 (none joined for ' + Math.round(now[0] - lastExamples[0]) + ' s)');
    }
    if (!lastExamples || now[1] !== lastExamples[1]) {
      lastExamples = now;
    }
  }

  function renderLearning(learning) {
    const streams = Object.entries(learning || {});
    rows($('learning').tBodies[0], streams, ([name, o]) => [name, o.offset,
      Object.entries(o.counters).filter(([k]) => !k.startsWith('variant.'))
        .map(([k, v]) => k + ' ' + v).join(', ')]);
  }

  async function refreshUser() {
    if (!user || userBusy) {
      return;
    }
    userBusy = true;
    try {
      const id = encodeURIComponent(user);
      const [profile, list] = await Promise.all([
        fetch(api('v1/users/' + id), { headers: headers() }),
        fetch(api('v1/users/' + id + '/recommendations?k=10&preview=true'), { headers: headers() })]);
      $('user-view').hidden = false;
      if (profile.ok) {
        const p = await profile.json();
        text('user-total', p.totalEvents);
        text('user-last', p.lastActivity);
        const history = $('user-history');
        history.replaceChildren(...(p.recentHistory || []).map((h) => {
          const li = document.createElement('li');
          li.textContent = h.type + ' ' + h.itemId;
          return li;
        }));
      }
      if (list.ok) {
        const l = await list.json();
        $('user-list').replaceChildren(...l.items.map((item) => {
          const li = document.createElement('li');
          li.textContent = item.itemId + (item.title ? ' · ' + item.title : '') + ' (' + item.source + ')';
          li.dataset.item = item.itemId;
          return li;
        }));
      }
    } finally {
      userBusy = false;
    }
  }

  function render(snapshot) {
    renderCluster(snapshot.cluster);
    renderTraffic(snapshot.traffic, snapshot.at);
    if (snapshot.models) {
      renderModels(snapshot);
    }
    renderLearning(snapshot.learning);
    renderQuality(snapshot.learning);
    renderExamplesRate(snapshot.learning, snapshot.at);
    refreshUser();
  }

  function disconnected(why) {
    $('status').textContent = why + ', retrying';
    $('status').className = 'status';
    setTimeout(connect, 2000);
  }

  async function connect() {
    $('login-error').textContent = '';
    let res;
    try {
      res = await fetch(api('v1/admin/dashboard/stream'), { headers: headers() });
    } catch (e) {
      disconnected('disconnected');
      return;
    }
    if (res.status === 401 || res.status === 403) {
      sessionStorage.removeItem(KEY);
      $('login').hidden = false;
      $('board').hidden = true;
      $('login-error').textContent = 'That key was refused (' + res.status + ').';
      return;
    }
    if (!res.ok) {
      disconnected('the node answered ' + res.status);
      return;
    }
    $('login').hidden = true;
    $('board').hidden = false;
    $('status').textContent = 'live';
    $('status').className = 'status live';
    // whatever ends the stream (the node stops, a proxy closes it, a bad event), connect again
    try {
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = event.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
          if (data) {
            const snapshot = JSON.parse(data);
            render(snapshot);
            $('status').textContent = snapshot.storedError ? 'live (registry unreadable: ' + snapshot.storedError + ')' : 'live';
          }
        }
      }
      disconnected('the stream ended');
    } catch (e) {
      disconnected('the stream broke (' + e + ')');
    }
  }

  $('login').addEventListener('submit', (e) => {
    e.preventDefault();
    key = $('operator-key').value.trim();
    sessionStorage.setItem(KEY, key);
    connect();
  });
  $('rollback').addEventListener('click', async () => {
    const version = $('rollback').dataset.version;
    if (!version || !confirm('Roll back: promote ' + version + ' (the previous champion) on every node?')) {
      return;
    }
    const res = await fetch(api('v1/models/' + encodeURIComponent(version) + '/promote'),
      { method: 'POST', headers: { ...headers(), 'Content-Type': 'application/json' },
        body: JSON.stringify({ reason: 'rolled back from the dashboard' }) });
    text('model-action', res.ok ? 'rolled back to ' + version : 'refused: ' + (await res.text()));
  });
  $('user-form').addEventListener('submit', (e) => {
    e.preventDefault();
    user = $('user-id').value.trim() || null;
    refreshUser();
  });
  if (key) {
    connect();
  }
})();
