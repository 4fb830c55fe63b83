"""Audio and language: prompt rendering (gTTS / espeak-ng → telephone WAV) and the audio catalog.

Modules: ``catalog`` (which rendered file plays a prompt; read on every webhook, so cheap),
``render`` (turn prompts into 8 kHz mono 16-bit WAV files), ``tts`` (the voices), ``telephone``
(pydub conversion to telephone audio).
"""
