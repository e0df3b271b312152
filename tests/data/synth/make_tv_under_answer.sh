#!/usr/bin/env bash
# Build answer_no_tv.flac (three sentences of our own, flite slt, 2.5 s between them) and
# tv_under_answer.flac (the same with a news read by espeak-ng en-us+m3 running under it,
# 12 dB below the answer's level). Needs flite, espeak-ng, sox and python3.
set -euo pipefail
out=$(cd "$(dirname "$0")" && pwd)
cd "$(mktemp -d)"
n=0
for t in "In my next role I want to own the monthly forecast for one product line." \
  "I am finishing a certificate in supply chain planning on weekends." \
  "Later on I would like to coach a small planning team at a company like yours."; do
  n=$((n + 1))
  flite -voice slt -t "$t" -o r.wav
  sox r.wav -r 16000 -c 1 -b 16 s$n.wav
done
sox -n -r 16000 -c 1 -b 16 g.wav trim 0 2.5
sox s1.wav g.wav s2.wav g.wav s3.wav fg.wav pad 0.5 0.5 norm -3
espeak-ng -v en-us+m3 -s 170 -w tv_raw.wav "And now the weather for the weekend. Expect heavy \
rain in the north with strong winds along the coast, clearing by Sunday afternoon. Traffic on \
the ring road is slow this morning after an accident near the river bridge. In sport, the home \
side won their match by two goals to one."
sox tv_raw.wav -r 16000 -c 1 -b 16 tv.wav
sox tv.wav tv2.wav repeat 3 trim 0 "$(soxi -D fg.wav)"
rms() { sox "$1" -n stats 2>&1 | awk '/RMS lev dB/{print $4}'; }
sox tv2.wav tv3.wav gain "$(python3 -c "print($(rms fg.wav) - 12 - ($(rms tv2.wav)))")"
sox -m fg.wav tv3.wav "$out/tv_under_answer.flac"
sox fg.wav "$out/answer_no_tv.flac"
