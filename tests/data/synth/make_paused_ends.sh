#!/usr/bin/env bash
# Build pause_end_*.flac and pauses_ends.json: our own answer with 3 s of digital silence at a
# real sentence end, "My first goal is simple. I want to lead a small team of analysts who
# build clear dashboards for the sales floor. | The planning team is where I want to be in
# five years.", spoken by espeak-ng, flite and festival voices, clean, under pink noise or
# mains hum: the counterpart of make_paused_voices.sh (a pause inside a sentence). Needs
# espeak-ng, flite, festival and sox. The noise is random, so a rebuild differs in its
# samples; each pause's span runs from the end of the first part's sound to the start of the
# second's.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "${OUT:-$here}" && pwd)
cd "$(mktemp -d)"
P1="My first goal is simple. I want to lead a small team of analysts who build clear dashboards for the sales floor."
P2="The planning team is where I want to be in five years."
. "$here/speech_lib.sh"
entries=()
for take in esus:clean rms:pink kal:clean awb:hum; do
  v=${take%%:*}
  noise=${take#*:}
  say $v "$P1" p1.wav
  say $v "$P2" p2.wav
  trim p1.wav p1s.wav
  trim p2.wav p2s.wav
  sox -n -r 16000 -c 1 -b 16 gap.wav trim 0 3.0
  sox p1s.wav gap.wav p2s.wav joined.wav
  sox joined.wav clean.wav pad 0.5 0.5 norm -3
  file="pause_end_${v}_${noise}.flac"
  under_noise clean.wav "$noise" "$out/$file"
  start=$(python3 -c "print(round(0.5 + $(soxi -D p1s.wav), 4))")
  entries+=("{\"file\": \"$file\", \"voice\": \"$v\", \"noise\": \"$noise\", \"pause_start_s\": $start, \"pause_end_s\": $(python3 -c "print(round($start + 3.0, 4))")}")
done
python3 - "$out/pauses_ends.json" "$P1 $P2" "${entries[@]}" <<'PY'
import json, sys
path, text, *entries = sys.argv[1:]
takes = [dict(json.loads(e), text=text) for e in entries]
with open(path, "w", encoding="utf-8") as f:
    json.dump(takes, f, indent=1)
    f.write("\n")
PY
