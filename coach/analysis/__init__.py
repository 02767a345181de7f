"""Practice-take analysis: timed words, findings and metrics from a recording and its
script. `analyze()` for a finished take, `LiveAnalyzer` while recording."""
