// G.711 μ-law codec (ITU-T Recommendation G.711, https://www.itu.int/rec/T-REC-G.711), the
// audio/x-mulaw 8 kHz mono of Twilio Media Streams
// (https://www.twilio.com/docs/voice/media-streams/websocket-messages).
//
// The encoder is the classic 16-bit one (bias 0x84, clip 32635, as in the public-domain g711.c of
// Sun Microsystems); the decoder gives exactly the values of Python's audioop.ulaw2lin, which the
// server uses. An ES module: the AudioWorklet imports it, and so can tests.

export const BIAS = 0x84;   // 132: added to the magnitude so every segment starts at a power of two
export const CLIP = 32635;  // largest magnitude that still fits after adding BIAS
export const SILENCE = 0xff; // μ-law code of a zero sample

// Segment (exponent) of a biased magnitude, indexed by its bits 7..14: floor(log2(i)), 0 for 0.
const EXPONENT = new Uint8Array(256);
for (let i = 2; i < 256; i++) EXPONENT[i] = EXPONENT[i >> 1] + 1;

/**
 * One 16-bit PCM sample (an integer from -32768 to 32767; larger values are clipped) to its
 * μ-law code (0..255, all bits inverted as G.711 transmits them).
 */
export function encodeSample(sample) {
  let sign = 0;
  if (sample < 0) { sign = 0x80; sample = -sample; }
  if (sample > CLIP) sample = CLIP;
  sample = (sample | 0) + BIAS;
  const exponent = EXPONENT[(sample >> 7) & 0xff];
  const mantissa = (sample >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** One μ-law code (0..255) to its 16-bit PCM value (-32124..32124). */
export function decodeSample(code) {
  const u = ~code & 0xff;
  const exponent = (u >> 4) & 0x07;
  const magnitude = ((((u & 0x0f) << 3) + BIAS) << exponent) - BIAS;
  return (u & 0x80) ? -magnitude : magnitude;
}

// Every code's value as a float in [-1, 1): what Web Audio plays.
export const DECODE_FLOAT = new Float32Array(256);
for (let code = 0; code < 256; code++) DECODE_FLOAT[code] = decodeSample(code) / 32768;

/** Float samples in [-1, 1] (clipped outside) to μ-law codes, one byte each. */
export function encodeFloats(floats) {
  const out = new Uint8Array(floats.length);
  for (let i = 0; i < floats.length; i++) {
    out[i] = encodeSample(Math.round(Math.max(-1, Math.min(1, floats[i])) * 32767));
  }
  return out;
}

/** μ-law codes (a Uint8Array) to float samples in [-1, 1). */
export function decodeToFloats(codes) {
  const out = new Float32Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = DECODE_FLOAT[codes[i]];
  return out;
}
