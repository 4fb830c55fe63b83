// The browser phone's audio, on Web Audio's rendering thread (an AudioWorkletProcessor,
// https://developer.mozilla.org/en-US/docs/Web/API/AudioWorkletProcessor).
//
// Capture: the microphone (at the context's rate, usually 44.1 or 48 kHz) is low-passed below
// telephone bandwidth (two biquads, a 4th-order Butterworth at 3.4 kHz), resampled to 8 kHz by
// linear interpolation, encoded to G.711 μ-law and posted to the main thread in 160-byte frames
// (20 ms), the frame of Twilio Media Streams.
//
// Playback: the main thread posts the hotline's μ-law audio (8 kHz) and markers, in order; they
// wait in one queue that is played gaplessly, upsampled by linear interpolation to the context's
// rate. A marker is reported back ("reached") when playback gets to it; "clear" drops everything
// queued and reports the markers it dropped ("cleared"): the semantics of Twilio's mark and clear
// messages (https://www.twilio.com/docs/voice/media-streams/websocket-messages).
//
// Messages from the main thread: {type: "play", bytes: Uint8Array}, {type: "marker", id},
// {type: "clear"}, {type: "capture", on: boolean}, {type: "drain"} (say "drained" once everything
// posted before it has played).
// Messages to it: {type: "frame", bytes: Uint8Array(160)}, {type: "reached", id},
// {type: "cleared", ids: [...]}, {type: "drained"},
// {type: "stats", played, queued, inputPeak, outputPeak, outputHz} (about every 100 ms; played and
// queued in 8 kHz samples; since the last stats: the largest |sample| captured and played, and
// the played audio's pitch from its upward zero crossings, for tests and diagnostics).

import { decodeToFloats, encodeFloats } from "./g711.js";

const LINE_RATE = 8000;   // Hz: the telephone network's (and Media Streams') sample rate
const FRAME = 160;        // samples per 20 ms frame at 8 kHz
const CUTOFF = 3400;      // Hz: top of the telephone band
const STATS_EVERY = 0.1;  // seconds between stats messages

// A biquad low-pass (Robert Bristow-Johnson's Audio EQ Cookbook,
// https://www.w3.org/TR/audio-eq-cookbook/) at `cutoff` Hz with quality `q`, for `rate` Hz.
class LowPass {
  constructor(rate, cutoff, q) {
    const w0 = 2 * Math.PI * Math.min(cutoff, rate * 0.45) / rate;
    const alpha = Math.sin(w0) / (2 * q);
    const cos = Math.cos(w0);
    const a0 = 1 + alpha;
    this.b0 = (1 - cos) / 2 / a0;
    this.b1 = (1 - cos) / a0;
    this.b2 = this.b0;
    this.a1 = -2 * cos / a0;
    this.a2 = (1 - alpha) / a0;
    this.x1 = this.x2 = this.y1 = this.y2 = 0;
  }

  step(x) {
    const y = this.b0 * x + this.b1 * this.x1 + this.b2 * this.x2 - this.a1 * this.y1 - this.a2 * this.y2;
    this.x2 = this.x1; this.x1 = x;
    this.y2 = this.y1; this.y1 = y;
    return y;
  }
}

// Two cascaded biquads with the Q of a 4th-order Butterworth filter.
function butterworth4(rate, cutoff) {
  const first = new LowPass(rate, cutoff, 0.5412);
  const second = new LowPass(rate, cutoff, 1.3066);
  return (x) => second.step(first.step(x));
}

class PhoneProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    // --- capture: context rate -> 8 kHz ---
    this.capturing = false;
    this.captureFilter = butterworth4(sampleRate, CUTOFF);
    this.captureStep = sampleRate / LINE_RATE;  // input samples per output sample
    this.captureT = 0;        // position of the next 8 kHz sample, in input samples after `captureLast`
    this.captureLast = 0;     // the previous (filtered) input sample
    this.frame = new Float32Array(FRAME);
    this.frameFill = 0;
    this.inputPeak = 0;
    this.outputPeak = 0;
    this.outputCrossings = 0;
    this.outputLast = 0;
    // --- playback: 8 kHz -> context rate ---
    this.queue = [];          // {samples: Float32Array, pos} or {marker: id}, in arrival order
    this.queued = 0;          // 8 kHz samples waiting in the queue
    this.played = 0;          // 8 kHz samples played so far
    this.playStep = LINE_RATE / sampleRate;  // 8 kHz samples per output sample
    this.playT = 0;           // fraction of the way from `playPrev` to `playNext`
    this.playPrev = 0;
    this.playNext = 0;
    this.playFilter = butterworth4(sampleRate, CUTOFF);  // smooths the interpolation's corners
    this.reached = [];
    this.draining = false;
    this.sinceStats = 0;
    this.port.onmessage = (event) => this.receive(event.data);
  }

  receive(message) {
    if (message.type === "play") {
      const samples = decodeToFloats(message.bytes);
      this.queue.push({ samples, pos: 0 });
      this.queued += samples.length;
    } else if (message.type === "marker") {
      this.queue.push({ marker: message.id });
    } else if (message.type === "clear") {
      const ids = this.queue.filter((item) => "marker" in item).map((item) => item.marker);
      this.queue = [];
      this.queued = 0;
      this.port.postMessage({ type: "cleared", ids });
    } else if (message.type === "drain") {
      this.draining = true;
    } else if (message.type === "capture") {
      this.capturing = Boolean(message.on);
      this.frameFill = 0;
    }
  }

  // The next 8 kHz sample to play (0 when nothing is queued); markers passed on the way are
  // collected in `this.reached`.
  pull() {
    while (this.queue.length) {
      const head = this.queue[0];
      if ("marker" in head) {
        this.reached.push(head.marker);
        this.queue.shift();
        continue;
      }
      if (head.pos < head.samples.length) {
        this.queued--;
        this.played++;
        return head.samples[head.pos++];
      }
      this.queue.shift();
    }
    return 0;
  }

  // One 8 kHz captured sample: into the frame, and the frame out when full.
  emit(sample) {
    this.frame[this.frameFill++] = sample;
    if (this.frameFill === FRAME) {
      const bytes = encodeFloats(this.frame);
      this.port.postMessage({ type: "frame", bytes }, [bytes.buffer]);
      this.frameFill = 0;
    }
  }

  capture(input) {
    for (let i = 0; i < input.length; i++) {
      const raw = input[i];
      const magnitude = Math.abs(raw);
      if (magnitude > this.inputPeak) this.inputPeak = magnitude;
      if (!this.capturing) continue;
      const current = this.captureFilter(raw);
      // Every 8 kHz instant between the previous input sample and this one (linear interpolation).
      while (this.captureT <= 1) {
        this.emit(this.captureLast + (current - this.captureLast) * this.captureT);
        this.captureT += this.captureStep;
      }
      this.captureT -= 1;
      this.captureLast = current;
    }
  }

  play(output) {
    for (let i = 0; i < output.length; i++) {
      const sample = this.playFilter(this.playPrev + (this.playNext - this.playPrev) * this.playT);
      output[i] = sample;
      if (Math.abs(sample) > this.outputPeak) this.outputPeak = Math.abs(sample);
      if (this.outputLast < 0 && sample >= 0) this.outputCrossings++;
      this.outputLast = sample;
      this.playT += this.playStep;
      while (this.playT >= 1) {
        this.playT -= 1;
        this.playPrev = this.playNext;
        this.playNext = this.pull();
      }
    }
    // Markers at the head of an empty queue (nothing playing) are reached at once.
    if (!this.queued) this.pull();
  }

  process(inputs, outputs) {
    const input = inputs[0] && inputs[0][0];
    if (input) this.capture(input);
    const output = outputs[0] && outputs[0][0];
    if (output) {
      this.play(output);
      for (let channel = 1; channel < outputs[0].length; channel++) outputs[0][channel].set(output);
    }
    for (const id of this.reached) this.port.postMessage({ type: "reached", id });
    this.reached = [];
    if (this.draining && this.queue.length === 0) {
      this.draining = false;
      this.port.postMessage({ type: "drained" });
    }
    this.sinceStats += (output ? output.length : 128) / sampleRate;
    if (this.sinceStats >= STATS_EVERY) {
      this.port.postMessage({ type: "stats", played: this.played, queued: this.queued,
                              inputPeak: this.inputPeak, outputPeak: this.outputPeak,
                              outputHz: this.outputCrossings / this.sinceStats });
      this.sinceStats = 0;
      this.inputPeak = this.outputPeak = this.outputCrossings = 0;
    }
    return true;  // keep running while the call lasts (the main thread disconnects the node)
  }
}

registerProcessor("phone-processor", PhoneProcessor);
