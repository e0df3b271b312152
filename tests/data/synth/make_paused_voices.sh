#!/usr/bin/env bash
# Build pause_voice_*.flac (pauses_voices.json gives each pause's span): our own sentence,
# "My first goal is simple. I want to lead a small | team of analysts who build clear
# dashboards for the sales floor. After that I would like to move into planning.", spoken by
# espeak-ng, flite and festival voices, with 3 s of digital silence after "small", then
# under pink noise or mains hum. Needs espeak-ng, flite, festival and sox. The noise is
# random, so a rebuild differs in its samples; the pause spans are the silent runs of the
# clean take (the voice's own trailing silence included).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "${OUT:-$here}" && pwd)
cd "$(mktemp -d)"
P1="My first goal is simple. I want to lead a small"
P2="team of analysts who build clear dashboards for the sales floor. After that I would like to move into planning."
. "$here/speech_lib.sh"
for take in esus:clean rms:clean kal:pink awb:hum esgbf:pink; do
  v=${take%%:*}
  noise=${take#*:}
  say $v "$P1" p1.wav
  say $v "$P2" p2.wav
  sox -n -r 16000 -c 1 -b 16 gap.wav trim 0 3.0
  sox p1.wav gap.wav p2.wav joined.wav
  sox joined.wav clean.wav pad 0.5 0.5 norm -3
  under_noise clean.wav "$noise" "$out/pause_voice_${v}_${noise}.flac"
done
