#!/usr/bin/env bash
# Build pause_voice_*.flac (pauses_voices.json gives each pause's span): our own sentence,
# "My first goal is simple. I want to lead a small | team of analysts who build clear
# dashboards for the sales floor. After that I would like to move into planning.", spoken by
# espeak-ng, flite and festival voices, with 3 s of digital silence after "small", then
# under pink noise or mains hum. Needs espeak-ng, flite, festival and sox. The noise is
# random, so a rebuild differs in its samples; the pause spans are the silent runs of the
# clean take (the voice's own trailing silence included).
set -euo pipefail
cd "$(mktemp -d)"
P1="My first goal is simple. I want to lead a small"
P2="team of analysts who build clear dashboards for the sales floor. After that I would like to move into planning."
say() {  # voice text out.wav
  case $1 in
    esus) espeak-ng -v en-us -s 150 -w raw.wav "$2" ;;
    esgbf) espeak-ng -v en-gb+f3 -s 140 -w raw.wav "$2" ;;
    rms | awb) flite -voice "$1" -t "$2" -o raw.wav ;;
    kal) echo "$2" | text2wave -o raw.wav ;;
  esac
  sox raw.wav -r 16000 -c 1 -b 16 "$3"
}
rms() { sox "$1" -n stats 2>&1 | awk '/RMS lev dB/{print $4}'; }
level() { python3 -c "print(($1) - ($2) - ($3))"; }  # gain that puts noise $3 at $2 dB under $1
out=${OUT:-$(dirname "$0")}
for v in esus rms kal awb esgbf; do
  say $v "$P1" p1.wav
  say $v "$P2" p2.wav
  sox p1.wav p1s.wav silence -1 0.05 0.5% reverse silence 1 0.05 0.5% reverse
  sox -n -r 16000 -c 1 -b 16 gap.wav trim 0 3.0
  sox p1s.wav gap.wav p2.wav joined.wav
  sox joined.wav clean.wav pad 0.5 0.5 norm -3
  d=$(soxi -D clean.wav)
  s=$(rms clean.wav)
  case $v in
    esus | rms) sox clean.wav "$out/pause_voice_${v}_clean.flac" ;;
    kal | esgbf)
      sox -n -r 16000 -c 1 -b 16 n.wav synth "$d" pinknoise
      sox n.wav n2.wav gain "$(level "$s" 17 "$(rms n.wav)")"
      sox -m clean.wav n2.wav "$out/pause_voice_${v}_pink.flac" ;;
    awb)
      sox -n -r 16000 -c 1 -b 16 h.wav synth "$d" sine 60 sine 120 sine 180
      sox h.wav h2.wav gain "$(level "$s" 15 "$(rms h.wav)")"
      sox -n -r 16000 -c 1 -b 16 b.wav synth "$d" brownnoise
      sox b.wav b2.wav gain "$(level "$s" 25 "$(rms b.wav)")"
      sox -m clean.wav h2.wav b2.wav "$out/pause_voice_${v}_hum.flac" ;;
  esac
done
