// The browser phone: calls the hotline over one WebSocket speaking Twilio's Media Streams
// protocol (https://www.twilio.com/docs/voice/media-streams/websocket-messages), as if the browser
// were Twilio carrying a phone call.
//
// We send: "connected", "start" (a fresh streamSid "MZ…" and callSid "CA…"), a "media" message
// every 20 ms (160 bytes of 8 kHz μ-law from the microphone, base64), "dtmf" for each key, "mark"
// echoes, and "stop" when the caller hangs up. We receive: "media" (the hotline's voice, played
// gaplessly), "mark" (echoed when playback reaches it, or at once when a "clear" drops it),
// "clear" (drop the audio not yet played) and "caption" (the text of the prompt about to play,
// shown when playback reaches it). Audio capture and playback run in phone-worklet.js.
//
// window.phone holds counters and the state for tests: state, framesSent, framesReceived,
// samplesPlayed, samplesQueued, captions, marksEchoed, digitsSent, inputPeak (largest microphone
// sample so far, 0..1), outputPeak and outputHz (what played in the last 100 ms: its largest
// sample and its pitch), streamSid, closeCode, lastError.

const page = document.getElementById("phone");
const callButton = document.getElementById("call");
const hangupButton = document.getElementById("hangup");
const statusLine = document.getElementById("status");
const captionList = document.getElementById("captions");
const typed = document.getElementById("typed");
const keys = Array.from(document.querySelectorAll(".key"));

const FRAME_MS = 20;            // one media message per 20 ms of audio
const DRAIN_LIMIT_MS = 60000;   // after the hotline hangs up, play what is queued for at most this long
const KEY_FLASH_MS = 180;       // how long a pressed key stays highlighted
const CONNECT_TIMEOUT_MS = 10000;  // a stream server that never answers the upgrade (full, or down)
const DIGITS = "0123456789*#";

const TEXT = {
  ready: "Bấm “Gọi tổng đài” để bắt đầu.",
  connecting: "Đang kết nối…",
  listening: "Đang nghe… Bác có thể nói hoặc bấm phím.",
  keysOnly: "Đang gọi… Bác bấm phím để trả lời.",
  keysOnlyNoMic: " Bác vẫn bấm phím để trả lời được.",
  ending: "Tổng đài đã kết thúc, đang phát nốt lời chào…",
  ended: "Đã kết thúc cuộc gọi",
  noConnection: "Không kết nối được tổng đài. Vui lòng thử lại sau ít phút.",
  lost: "Mất kết nối với tổng đài. Cuộc gọi đã kết thúc.",
  unsupported: "Trình duyệt này không gọi được. Vui lòng dùng Chrome, Edge, Firefox hoặc Safari bản mới.",
  microphone: "Không dùng được micrô: ",
  micDenied: "bác chưa cho phép trang này dùng micrô.",
  micMissing: "không tìm thấy micrô trên máy.",
  micBusy: "micrô đang bị ứng dụng khác dùng.",
  micInsecure: "trang phải được mở qua https.",
};

// Test hooks and live counters (read-only for tests; the page never reads them back).
const stats = {
  state: "idle", framesSent: 0, framesReceived: 0, samplesPlayed: 0, samplesQueued: 0,
  captions: [], marksEchoed: [], digitsSent: [], inputPeak: 0, outputPeak: 0, outputHz: 0,
  lastError: null, streamSid: null, closeCode: null,
};
window.phone = stats;

let call = null;  // the call in progress: see startCall()

// --- identifiers ------------------------------------------------------------------------------

/** `prefix` followed by 32 random lowercase hex digits, the shape of Twilio's SIDs. */
function sid(prefix) {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// --- base64 <-> bytes ---------------------------------------------------------------------------

function bytesToBase64(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return btoa(binary);
}

function base64ToBytes(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// --- the page -------------------------------------------------------------------------------------

function setState(state, text) {
  stats.state = state;
  page.dataset.state = state;
  if (text !== undefined) statusLine.textContent = text;
  const active = state === "connecting" || state === "in-call" || state === "ending";
  callButton.disabled = active;
  hangupButton.disabled = !active;
  for (const key of keys) key.disabled = state !== "in-call";
}

function showCaption(text) {
  for (const old of captionList.querySelectorAll("li.current")) {
    old.classList.remove("current");
    old.removeAttribute("aria-current");
  }
  const item = document.createElement("li");
  item.className = "current";
  item.setAttribute("aria-current", "true");
  item.textContent = text;
  captionList.append(item);
  captionList.scrollTop = captionList.scrollHeight;
  stats.captions.push(text);
}

function flashKey(digit) {
  const key = keys.find((k) => k.dataset.digit === digit);
  if (!key) return;
  key.classList.add("pressed");
  setTimeout(() => key.classList.remove("pressed"), KEY_FLASH_MS);
}

// --- the WebSocket ----------------------------------------------------------------------------

function send(message) {
  if (call && call.socket && call.socket.readyState === WebSocket.OPEN) {
    call.socket.send(JSON.stringify(message));
    return true;
  }
  return false;
}

// The next sequenceNumber, as a string (Media Streams numbers every message of a stream from 1).
function nextSequence() {
  call.sequence += 1;
  return String(call.sequence);
}

function sendMedia(bytes) {
  if (!call || !call.capturing) return;
  call.chunk += 1;
  const sent = send({
    event: "media", sequenceNumber: nextSequence(), streamSid: call.streamSid,
    media: { track: "inbound", chunk: String(call.chunk),
             timestamp: String((call.chunk - 1) * FRAME_MS), payload: bytesToBase64(bytes) },
  });
  if (sent) stats.framesSent += 1;
}

function sendDigit(digit) {
  if (!call || stats.state !== "in-call" || !DIGITS.includes(digit)) return;
  const sent = send({
    event: "dtmf", streamSid: call.streamSid, sequenceNumber: nextSequence(),
    dtmf: { track: "inbound_track", digit },
  });
  if (!sent) return;
  stats.digitsSent.push(digit);
  typed.textContent += digit;
  flashKey(digit);
}

function echoMark(name) {
  if (send({ event: "mark", sequenceNumber: nextSequence(), streamSid: call.streamSid,
             mark: { name } })) {
    stats.marksEchoed.push(name);
  }
}

// A message from the hotline. Unknown events and malformed messages are ignored.
function receive(event) {
  let message;
  try {
    message = JSON.parse(event.data);
  } catch {
    return;
  }
  if (!call || !message || typeof message !== "object") return;
  if (message.event === "media" && message.media && typeof message.media.payload === "string") {
    let bytes;
    try {
      bytes = base64ToBytes(message.media.payload);
    } catch {
      return;
    }
    stats.framesReceived += 1;
    call.node.port.postMessage({ type: "play", bytes }, [bytes.buffer]);
  } else if (message.event === "mark" && message.mark && typeof message.mark.name === "string") {
    queueMarker({ kind: "mark", name: message.mark.name });
  } else if (message.event === "caption" && message.caption
             && typeof message.caption.text === "string") {
    queueMarker({ kind: "caption", text: message.caption.text });
  } else if (message.event === "clear") {
    call.node.port.postMessage({ type: "clear" });
  }
}

// A mark or a caption waits in the playback queue, after the audio received before it.
function queueMarker(marker) {
  call.nextMarker += 1;
  call.markers.set(call.nextMarker, marker);
  call.node.port.postMessage({ type: "marker", id: call.nextMarker });
}

// What the worklet tells us: captured frames, markers reached or dropped, playback counters.
function fromWorklet(current, message) {
  if (call !== current) return;  // a late message from a call already over
  if (message.type === "frame") {
    sendMedia(message.bytes);
  } else if (message.type === "reached" || message.type === "cleared") {
    const ids = message.type === "reached" ? [message.id] : message.ids;
    for (const id of ids) {
      const marker = call.markers.get(id);
      call.markers.delete(id);
      if (!marker) continue;
      if (marker.kind === "mark") echoMark(marker.name);  // reached, or dropped by a clear: both echo
      else if (message.type === "reached") showCaption(marker.text);  // a dropped caption was never said
    }
  } else if (message.type === "stats") {
    stats.samplesPlayed = message.played;
    stats.samplesQueued = message.queued;
    stats.inputPeak = Math.max(stats.inputPeak, message.inputPeak);
    stats.outputPeak = message.outputPeak;
    stats.outputHz = message.outputHz;
  } else if (message.type === "drained" && stats.state === "ending") {
    finish("ended", call.endText);
  }
}

// --- the call ---------------------------------------------------------------------------------

function microphoneProblem(error) {
  const reasons = { NotAllowedError: TEXT.micDenied, SecurityError: TEXT.micDenied,
                    NotFoundError: TEXT.micMissing, OverconstrainedError: TEXT.micMissing,
                    NotReadableError: TEXT.micBusy };
  return TEXT.microphone + (reasons[error && error.name] || (error && error.message) || "lỗi không rõ.");
}

// A new call starts with empty captions, keys and counters.
function resetForCall(streamSid) {
  Object.assign(stats, {
    framesSent: 0, framesReceived: 0, samplesPlayed: 0, samplesQueued: 0, captions: [],
    marksEchoed: [], digitsSent: [], inputPeak: 0, outputPeak: 0, outputHz: 0, lastError: null,
    streamSid, closeCode: null,
  });
  captionList.replaceChildren();
  typed.textContent = "";
}

async function startCall() {
  if (call) return;
  if (!window.AudioWorkletNode || !window.WebSocket) {
    fail(TEXT.unsupported);
    return;
  }
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    // Browsers offer the microphone only to secure pages (https, or this machine).
    fail(window.isSecureContext ? TEXT.unsupported : TEXT.microphone + TEXT.micInsecure);
    return;
  }
  // The AudioContext is made during the click, so the browser lets it play sound.
  let context;
  try {
    context = new AudioContext();
  } catch (error) {
    fail(TEXT.unsupported, error);
    return;
  }
  const current = call = {
    context, microphone: null, source: null, node: null, socket: null,
    streamSid: sid("MZ"), callSid: sid("CA"), sequence: 0, chunk: 0, capturing: false,
    markers: new Map(), nextMarker: 0, drainTimer: null, endText: TEXT.ended,
  };
  resetForCall(current.streamSid);
  setState("connecting", TEXT.connecting);
  try {
    current.microphone = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    });
  } catch (error) {
    // No microphone: the call still works with the keypad (the hotline's silence timeouts run
    // on its own clock when no audio comes).
    if (call !== current) return;
    current.noMicrophone = microphoneProblem(error) + TEXT.keysOnlyNoMic;
    stats.lastError = String((error && error.name) || error);
  }
  if (call !== current) {  // hung up while the browser asked for the microphone
    if (current.microphone) current.microphone.getTracks().forEach((track) => track.stop());
    return;
  }
  try {
    await current.context.audioWorklet.addModule(page.dataset.workletUrl);
    if (call !== current) return;  // hung up meanwhile
    await current.context.resume();
    current.node = new AudioWorkletNode(current.context, "phone-processor", {
      numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1],
    });
    current.node.port.onmessage = (event) => fromWorklet(current, event.data);
    if (current.microphone) {
      current.source = current.context.createMediaStreamSource(current.microphone);
      current.source.connect(current.node);
    }
    current.node.connect(current.context.destination);
  } catch (error) {
    if (call === current) fail(TEXT.unsupported, error);
    return;
  }
  openSocket(current);
}

function openSocket(current) {
  let socket;
  try {
    socket = new WebSocket(page.dataset.streamUrl);
  } catch (error) {
    fail(TEXT.noConnection, error);
    return;
  }
  current.socket = socket;
  // A server that accepts the connection but never answers (every line busy) must not leave the
  // caller on "Đang kết nối…" for ever.
  current.connectTimer = setTimeout(() => {
    if (call === current && stats.state === "connecting") {
      socket.onclose = null;
      socket.close();
      fail(TEXT.noConnection);
    }
  }, CONNECT_TIMEOUT_MS);
  socket.onopen = () => {
    clearTimeout(current.connectTimer);
    if (call !== current) return;
    send({ event: "connected", protocol: "Call", version: "1.0.0" });
    send({
      event: "start", sequenceNumber: nextSequence(), streamSid: current.streamSid,
      start: {
        streamSid: current.streamSid, accountSid: "AC" + "0".repeat(32), callSid: current.callSid,
        tracks: ["inbound"], customParameters: {},
        mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 },
      },
    });
    current.capturing = Boolean(current.microphone);
    current.node.port.postMessage({ type: "capture", on: current.capturing });
    setState("in-call", current.noMicrophone
      || (page.dataset.listens === "1" && current.microphone ? TEXT.listening : TEXT.keysOnly));
  };
  socket.onmessage = receive;
  socket.onerror = () => {};  // onclose follows and says what happened
  socket.onclose = (event) => {
    if (call !== current) return;
    stats.closeCode = event.code;
    if (stats.state === "connecting") {
      fail(TEXT.noConnection);
    } else if (stats.state === "in-call") {
      hotlineHungUp(event);
    }
  };
}

// The server closed the stream: the hotline hung up (a clean close) or the network failed. Stop
// listening, let the words already received finish playing, then end, saying which it was.
function hotlineHungUp(event) {
  call.capturing = false;
  call.node.port.postMessage({ type: "capture", on: false });
  const clean = event.wasClean || event.code === 1000 || event.code === 1005;
  call.endText = clean ? TEXT.ended : TEXT.lost;
  setState("ending", clean ? TEXT.ending : TEXT.lost);
  // The worklet says "drained" once all the audio received before the close has played (its
  // captions shown on the way); the timer is a last resort.
  call.node.port.postMessage({ type: "drain" });
  const current = call;
  call.drainTimer = setTimeout(() => { if (call === current) finish("ended", current.endText); },
                               DRAIN_LIMIT_MS);
}

// The caller pressed "Kết thúc": tell the hotline, close, end.
function hangUp() {
  if (!call) return;
  send({ event: "stop", sequenceNumber: nextSequence(), streamSid: call.streamSid,
         stop: { accountSid: "AC" + "0".repeat(32), callSid: call.callSid } });
  finish("ended", TEXT.ended);
}

function fail(text, error) {
  stats.lastError = error ? String(error.name || error) : text;
  finish("error", text);
}

// Release everything the call holds (socket, microphone, audio) and show `text`. Safe to call
// more than once and from any state: the buttons always come back.
function finish(state, text) {
  const current = call;
  call = null;
  if (current) {
    clearTimeout(current.drainTimer);
    if (current.socket) {
      current.socket.onopen = current.socket.onmessage = current.socket.onclose = null;
      if (current.socket.readyState <= WebSocket.OPEN) current.socket.close(1000);
    }
    if (current.microphone) current.microphone.getTracks().forEach((track) => track.stop());
    if (current.source) current.source.disconnect();
    if (current.node) {
      current.node.port.onmessage = null;
      current.node.disconnect();
    }
    current.context.close().catch(() => {});
  }
  setState(state, text);
}

// --- input --------------------------------------------------------------------------------------

callButton.addEventListener("click", () => { startCall(); });
hangupButton.addEventListener("click", hangUp);
for (const key of keys) {
  key.addEventListener("click", () => sendDigit(key.dataset.digit));
}
document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.altKey || event.metaKey || event.repeat) return;
  if (event.key.length === 1 && DIGITS.includes(event.key) && stats.state === "in-call") {
    event.preventDefault();
    sendDigit(event.key);
  }
});
// Leaving the page hangs up properly, so the hotline does not wait for an answer.
window.addEventListener("pagehide", () => { if (call) hangUp(); });

setState("idle", TEXT.ready);

// Leaving or reloading the page ends the call: ask first while one is in progress.
window.addEventListener("beforeunload", (event) => {
  if (call && stats.state === "in-call") {
    event.preventDefault();
    event.returnValue = "";
  }
});
