"""Audio and language: prompt rendering, the audio catalog, Vietnamese numbers and intents, Vosk.

Speaking: ``catalog`` (which rendered file plays a prompt; read on every webhook, so cheap),
``render`` (prompts → 8 kHz mono 16-bit WAV files), ``tts`` (the voices: gTTS, espeak-ng),
``telephone`` (ffmpeg/pydub conversion to telephone audio), ``vietnamese`` (digits, phone numbers
and counts as spoken words), ``cli`` (``flask prompts render``).

Listening: ``intents`` (transcript → intent, pure), ``model`` (the Vosk model: one per process,
download), ``audio_input`` (WAV/μ-law in, resampled and levelled), ``grammar`` (checked word
lists), ``recognizer`` (one utterance), ``streaming`` (one utterance from a live stream of 20 ms
μ-law frames: our own endpointing, barge-in onset; issue 13), ``g711`` (μ-law in C),
``transcribe`` (a whole report), ``vocabulary`` (a
model's word list, tone-mark placement), ``model_check`` (the flow's grammars against a model),
``speech_cli`` (``flask speech``).
"""
