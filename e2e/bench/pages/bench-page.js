// In-page instrumentation and workloads of the benchmark pages. Plain script, loaded first in <head>.
(() => {
  const bench = { frames: 0, longtasks: [], workload: null };
  window.__bench = bench;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.longtasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long-task timing in this browser: the longest task reads as 0.
  }

  // Each workload changes the page a fixed number of times a second, whatever the frame rate, so every
  // variant does the same work and script time per second compares them. (Frames come in steps of the
  // display's refresh: a page that needs a little more than two refresh intervals for a frame drops from
  // 30 to 20 fps, so per-frame work would make the frame rate, not the recorder, set the figure.)
  // A tick is what a 60 fps page would do in one frame; ticks fall due with time, and each frame runs
  // the ones due, up to MAX_TICKS_PER_FRAME (past that they are skipped and counted, `bench.skipped`).
  // busy: a single-page app re-rendering a live list (about 3,600 added nodes, 3,600 removed, 6,000
  // class and 6,000 text changes a second); large: a few data-attribute and text changes in a big
  // document (rows are CSS-contained so layout stays local, as a large app would).
  const LOADS = {
    busy: { add: 20, keep: 600, attr: 100, text: 100, attrName: 'class' },
    large: { add: 0, keep: 0, attr: 20, text: 20, attrName: 'data-v' },
  };
  const TICKS_PER_SECOND = 60;
  const MAX_TICKS_PER_FRAME = 6;
  let seq = 0;
  bench.ticks = 0;
  bench.skipped = 0;

  function row(i) {
    const li = document.createElement('li');
    li.dataset.i = String(i);
    const span = document.createElement('span');
    span.textContent = `row ${i}`;
    li.append(span);
    return li;
  }

  function mutate(list, load) {
    seq++;
    for (let k = 0; k < load.add; k++) list.append(row(seq * 1000 + k));
    while (load.keep && list.childElementCount > load.keep) list.firstElementChild.remove();
    const items = list.children;
    const n = items.length;
    if (n === 0) return;
    for (let k = 0; k < load.attr; k++) items[(seq * 7919 + k * 31) % n].setAttribute(load.attrName, `c${(seq + k) % 5}`);
    for (let k = 0; k < load.text; k++) {
      const text = items[(seq * 104729 + k * 17) % n].firstElementChild?.firstChild;
      if (text) text.data = `row ${seq}.${k}`;
    }
  }

  bench.start = (workload) => {
    bench.workload = workload;
    const list = document.getElementById('rows');
    const load = LOADS[workload];
    let startedAt = null;
    const frame = (now) => {
      bench.frames++;
      if (load) {
        startedAt ??= now;
        const due = Math.floor(((now - startedAt) * TICKS_PER_SECOND) / 1000) + 1 - bench.ticks - bench.skipped;
        const run = Math.min(due, MAX_TICKS_PER_FRAME);
        bench.ticks += run;
        bench.skipped += due - run;
        // Each tick in a microtask of its own, after the mutation observers' delivery of the one before,
        // so recorders see one tick per delivery however many ticks a frame runs.
        const tick = (left) => {
          if (left <= 0) return;
          mutate(list, load);
          queueMicrotask(() => tick(left - 1));
        };
        tick(run);
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  };

  // Unit workloads: each does `count` changes of one kind in a single task.
  bench.addNodes = (count) => {
    const box = document.getElementById('scratch');
    for (let i = 0; i < count; i++) {
      const div = document.createElement('div');
      div.className = 'u';
      box.append(div);
    }
  };
  bench.clearScratch = () => document.getElementById('scratch').replaceChildren();
  bench.setAttributes = (count) => {
    const items = document.getElementById('rows').children;
    for (let i = 0; i < count; i++) items[i % items.length].setAttribute('data-v', String(++seq));
  };
  bench.setTexts = (count) => {
    const items = document.getElementById('rows').children;
    for (let i = 0; i < count; i++) items[i % items.length].firstElementChild.firstChild.data = `text ${++seq}`;
  };
  // Returns how long the calls themselves took by the page's clock: the devtools evaluate that makes
  // them is not counted in the page's script time, which holds only the work they leave for later.
  bench.logs = (count) => {
    const t0 = performance.now();
    for (let i = 0; i < count; i++) console.log('bench', i, { seq: i });
    return performance.now() - t0;
  };
  // A warm full snapshot with the inlined rrweb; null when the page has no rrweb.
  bench.checkout = () => {
    if (!window.rrweb) return null;
    const t0 = performance.now();
    window.rrweb.record.takeFullSnapshot(true);
    return performance.now() - t0;
  };
  bench.longestTask = () => Math.max(0, ...bench.longtasks);
  // The longest task since the last call, forgetting it: lets a caller leave its own work out.
  bench.takeLongestTask = () => {
    const longest = bench.longestTask();
    bench.longtasks = [];
    return longest;
  };
})();
