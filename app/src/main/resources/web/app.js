'use strict';

(function () {
  const pad = document.getElementById('pad');
  const ink = pad.getContext('2d');
  const result = document.getElementById('result');
  const digitEl = document.getElementById('digit');
  const confidenceEl = document.getElementById('confidence');
  const messageEl = document.getElementById('message');
  const chart = document.getElementById('chart');
  const seen = document.getElementById('seen');
  const seenCtx = seen.getContext('2d');
  const numberEl = document.getElementById('number');
  const digitsEl = document.getElementById('digits');
  const boxes = document.getElementById('boxes');
  const boxesCtx = boxes.getContext('2d');

  const STROKE = 22;        // px on the 320 px canvas: about MNIST's stroke width once scaled
  const THROTTLE_MS = 150;  // at most one prediction per this while drawing

  let drawing = null;       // {id, x, y} of the pointer that is drawing
  let hasInk = false;
  let timer = null;
  let inFlight = false;
  let again = false;        // the drawing changed while a request was out
  let generation = 0;       // bumped by Clear, so late answers for an old drawing are dropped
  let retry = null;         // a request the server asked to repeat (503, 429 with Retry-After)
  let retries = 0;          // busy answers in a row for this drawing (back to 0 when it changes, or is answered)
  const MAX_RETRIES = 5;    // then the error stays until the user draws again

  // --- the bar chart ------------------------------------------------------------------------
  const bars = [];
  for (let d = 0; d < 10; d++) {
    const bar = document.createElement('div');
    bar.className = 'bar';
    bar.innerHTML = '<span class="pct">&nbsp;</span><div class="track"><div class="fill"></div></div>'
        + '<span class="label">' + d + '</span>';
    chart.appendChild(bar);
    bars.push({
      root: bar,
      pct: bar.querySelector('.pct'),
      fill: bar.querySelector('.fill'),
    });
  }

  // --- drawing --------------------------------------------------------------------------------
  function resetPad() {
    ink.fillStyle = '#000';
    ink.fillRect(0, 0, pad.width, pad.height);
    ink.strokeStyle = '#fff';
    ink.fillStyle = '#fff';
    ink.lineWidth = STROKE;
    ink.lineCap = 'round';
    ink.lineJoin = 'round';
  }

  function point(e) {
    const r = pad.getBoundingClientRect();
    return {
      x: (e.clientX - r.left) * (pad.width / r.width),
      y: (e.clientY - r.top) * (pad.height / r.height),
    };
  }

  function dot(p) {
    ink.beginPath();
    ink.arc(p.x, p.y, STROKE / 2, 0, Math.PI * 2);
    ink.fill();
  }

  function segment(a, b) {
    ink.beginPath();
    ink.moveTo(a.x, a.y);
    ink.lineTo(b.x, b.y);
    ink.stroke();
  }

  pad.addEventListener('pointerdown', (e) => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    e.preventDefault();
    if (drawing && drawing.id !== e.pointerId) return; // a second finger or a palm: the stroke goes on
    try { pad.setPointerCapture(e.pointerId); } catch (ignored) { /* synthetic events */ }
    const p = point(e);
    drawing = { id: e.pointerId, x: p.x, y: p.y };
    dot(p);
    changed();
  });

  pad.addEventListener('pointermove', (e) => {
    if (!drawing || e.pointerId !== drawing.id) return;
    e.preventDefault();
    const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    for (const ev of (events.length ? events : [e])) {
      const p = point(ev);
      segment(drawing, p);
      drawing.x = p.x;
      drawing.y = p.y;
    }
    changed();
  });

  function endStroke(e) {
    if (!drawing || e.pointerId !== drawing.id) return;
    drawing = null;
    changed(true);
  }
  pad.addEventListener('pointerup', endStroke);
  pad.addEventListener('pointercancel', endStroke);
  pad.addEventListener('contextmenu', (e) => e.preventDefault());

  document.getElementById('clear').addEventListener('click', clear);
  document.addEventListener('keydown', (e) => {
    if ((e.key === 'Escape' || e.key === 'Delete') && !e.target.closest('input, textarea')) clear();
  });

  function clear() {
    generation++;
    clearTimeout(timer);
    timer = null;
    clearTimeout(retry);
    retry = null;
    again = false;
    drawing = null;
    hasInk = false;
    resetPad();
    showEmpty('Draw a digit to start');
    showReading(null);
  }

  // --- asking the server ----------------------------------------------------------------------
  /** Throttled: while the user draws, one request every THROTTLE_MS; a final one at the end. */
  function changed(now) {
    hasInk = true;
    retries = 0;
    if (now) {
      clearTimeout(timer);
      timer = null;
      predict();
    } else if (timer === null) {
      timer = setTimeout(() => { timer = null; predict(); }, THROTTLE_MS);
    }
  }

  function setInFlight(v) {
    inFlight = v;
    result.dataset.inflight = v ? '1' : '0';
  }

  function predict() {
    if (!hasInk) return;
    if (inFlight) { again = true; return; }
    setInFlight(true);
    const gen = generation;
    pad.toBlob((blob) => {
      // each answer on its own: a failed reading does not hide the digit, nor the reverse
      const ask = (path) => fetch(path, { method: 'POST', headers: { 'Content-Type': 'image/png' }, body: blob })
        .then((res) => res.json().catch(() => null).then((body) => ({
          status: res.status, body, retryAfter: Number(res.headers.get('Retry-After')) || 0 })))
        .catch((err) => ({ status: 0, body: null, error: 'no answer from the server (' + err.message + ')' }));
      Promise.all([ask('api/predict'), ask('api/read')])
        .then(([digit, read]) => {
          if (gen !== generation) return;
          if (digit.status === 200) showPrediction(digit.body);
          else if (digit.status === 422) showEmpty('No ink yet: draw a digit');
          else showError(problem(digit));
          if (read.status === 200) showReading(read.body);
          else if (read.status === 422) showReading(null);
          else showReading(null, problem(read));
          const wait = Math.max(digit.retryAfter || 0, read.retryAfter || 0);
          retries = wait > 0 ? retries + 1 : 0;
          if (wait > 0 && !again && retries <= MAX_RETRIES) { // busy: the same drawing again when the server says
            clearTimeout(retry);
            retry = setTimeout(() => { retry = null; if (gen === generation) predict(); }, Math.min(wait, 5) * 1000);
          }
        })
        .finally(() => {
          setInFlight(false);
          if (again) { again = false; predict(); }
        });
    }, 'image/png');
  }

  /** What went wrong with one request, in words: the server's own, or its status. */
  function problem(answer) {
    if (answer.error) return answer.error;
    return answer.body && answer.body.error ? answer.body.error : 'the server answered ' + answer.status;
  }

  // --- showing the answer ---------------------------------------------------------------------
  function percent(p) {
    const v = p * 100;
    if (v >= 99.95) return '100%';
    if (v < 0.05) return '0%';
    return (v >= 10 ? v.toFixed(0) : v.toFixed(1)) + '%';
  }

  function showPrediction(body) {
    result.dataset.state = 'ready';
    messageEl.hidden = true;
    const probs = body.probabilities;
    digitEl.textContent = String(body.digit);
    const best = probs[body.digit];
    confidenceEl.textContent = (best * 100).toFixed(1) + '% sure';
    const max = Math.max.apply(null, probs);
    bars.forEach((bar, d) => {
      bar.fill.style.height = (probs[d] * 100).toFixed(2) + '%';
      bar.pct.textContent = percent(probs[d]);
      bar.root.classList.toggle('best', probs[d] === max);
      bar.root.title = d + ': ' + (probs[d] * 100).toFixed(2) + '%';
    });
    drawSeen(body.input);
  }

  // --- the number read (POST api/read): each digit boxed on a copy of the drawing -------------
  function showReading(reading, error) {
    boxesCtx.clearRect(0, 0, boxes.width, boxes.height);
    digitsEl.textContent = '';
    if (!reading || reading.digits.length === 0) {
      numberEl.textContent = '\u2013';
      numberEl.dataset.ready = reading ? '1' : '0';
      if (error) { // not "nothing found": say why there is no reading
        const li = document.createElement('li');
        li.className = 'rejected';
        li.textContent = error;
        digitsEl.appendChild(li);
      }
      return;
    }
    boxesCtx.drawImage(pad, 0, 0, boxes.width, boxes.height);
    const k = boxes.width / pad.width;
    boxesCtx.lineWidth = 3;
    boxesCtx.font = 'bold 20px sans-serif';
    reading.digits.forEach((d) => {
      const colour = d.notADigit ? '#e5484d' : '#3fb950';
      boxesCtx.strokeStyle = colour;
      boxesCtx.fillStyle = colour;
      boxesCtx.strokeRect(d.box.x * k, d.box.y * k, d.box.width * k, d.box.height * k);
      const label = d.notADigit ? '?' : String(d.digit);
      boxesCtx.fillText(label, d.box.x * k + 2, Math.max(18, d.box.y * k - 4));
      const li = document.createElement('li');
      li.className = d.notADigit ? 'rejected' : '';
      li.textContent = d.notADigit
        ? 'not a digit (' + String(d.reason).replace(/_/g, ' ') + ')'
        : d.digit + ' \u2013 ' + (d.probability * 100).toFixed(1) + '%';
      digitsEl.appendChild(li);
    });
    numberEl.textContent = reading.number;
    numberEl.dataset.ready = '1';
  }

  function drawSeen(pixels) {
    const img = seenCtx.createImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      const v = pixels ? pixels[i] : 0;
      img.data[4 * i] = v;
      img.data[4 * i + 1] = v;
      img.data[4 * i + 2] = v;
      img.data[4 * i + 3] = 255;
    }
    seenCtx.putImageData(img, 0, 0);
  }

  function showEmpty(text) {
    result.dataset.state = 'empty';
    messageEl.hidden = true;
    digitEl.textContent = '?';
    confidenceEl.textContent = text;
    bars.forEach((bar) => {
      bar.fill.style.height = '0';
      bar.pct.innerHTML = '&nbsp;';
      bar.root.classList.remove('best');
      bar.root.title = '';
    });
    drawSeen(null);
  }

  function showError(text) {
    showEmpty(''); // no answer of an earlier drawing beside the error
    result.dataset.state = 'error';
    messageEl.textContent = text;
    messageEl.hidden = false;
  }

  // --- the model ------------------------------------------------------------------------------
  function describeModel(m) {
    const parts = [];
    if (m.architecture) parts.push('Model: "' + m.architecture + '" ResNet');
    if (typeof m.parameters === 'number') parts.push(m.parameters.toLocaleString('en-US') + ' parameters');
    if (typeof m.test_accuracy === 'number') parts.push(m.test_accuracy.toFixed(2) + '% accuracy on the MNIST test set');
    if (typeof m.usps_accuracy === 'number') parts.push(m.usps_accuracy.toFixed(2) + '% on USPS (other writers)');
    if (m.created) parts.push('trained ' + String(m.created).slice(0, 10));
    return parts.join(' \u00b7 ');
  }

  fetch('api/model')
    .then((res) => res.json())
    .then((m) => { document.getElementById('model').textContent = describeModel(m); })
    .catch(() => { document.getElementById('model').textContent = ''; });

  clear();
})();
