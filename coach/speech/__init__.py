"""Speech: reading a script aloud and recording a practice take, all on the laptop.

- wavio: read any take (WAV, FLAC, AIFF) as mono samples; write WAVs atomically; write a
  take as it comes in and repair one cut short by a crash.
- tts: the one pyttsx3 engine (`speaker()`), rendering text to a WAV with word times.
- wordtimes: when each word is heard in a rendering (engine marks, alignment, estimate).
- playback: play, pause, resume and stop through the speakers, with the position.
- record: a 16 kHz mono take from the microphone (or an injected file), levels for meters.
- model, recognize: the offline recognisers the analysis uses.

Modules import their audio libraries lazily, so importing coach.speech is cheap and works
on a machine without PortAudio or espeak-ng."""
