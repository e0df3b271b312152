#!/usr/bin/env bash
# Speak benchmarks/voice_answers.txt (or ANSWERS, a file of the same form: the pause set is
# benchmarks/pause_answers.txt) with synthetic voices for benchmarks/voice_grid.py.
#
#     OUT=/tmp/voice_grid VOICES="esus esgbf esm7 slt kal" bash benchmarks/make_voice_grid.sh
#
# Writes OUT/<answer>_<voice>.wav (16 kHz mono, 0.5 s of silence each end, peak -3 dBFS) and
# OUT/manifest.json: per take its text (the truth: TTS says no fillers), where the 3 s of
# digital silence marked "|" in the text starts, and whether it lies between two sentences
# (a full stop before the "|") rather than inside one. Voices are those of tests/data/synth/speech_lib.sh
# (espeak-ng en-us, en-gb+f3, en+m7 fast; flite rms, awb, slt; festival kal). Also OUT/de.wav
# and OUT/es.wav, an answer in German and Spanish (must give "no speech recognised").
# Needs espeak-ng, flite, festival, sox. Deterministic, byte for byte: no noise is added here,
# and sox does not dither (its dither is random on each run) when it cuts to 16 bits.
set -euo pipefail
sox() { command sox --no-dither "$@"; }  # speech_lib.sh's say and every sox call below
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "${OUT:=/tmp/voice_grid}"
out=$(cd "$OUT" && pwd)
voices=${VOICES:-esus esgbf esm7 slt kal}
. "$here/../tests/data/synth/speech_lib.sh"
answers=$(cd "$(dirname "${ANSWERS:=$here/voice_answers.txt}")" && pwd)/$(basename "$ANSWERS")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
sox -n -r 16000 -c 1 -b 16 gap.wav trim 0 3.0
echo "[" >"$out/manifest.json"
sep=""
grep -v '^#' "$answers" | while IFS=$'\t' read -r name text; do
  for v in $voices; do
    gap=null
    between=false
    if [[ $text == *"|"* ]]; then
      say "$v" "${text%%|*}" p1.wav
      say "$v" "${text#*|}" p2.wav
      sox p1.wav gap.wav p2.wav joined.wav
      gap=$(python3 -c "print(round(0.5 + $(soxi -D p1.wav), 3))")
      [[ ${text%%|*} =~ [.!?][[:space:]]*$ ]] && between=true
    else
      say "$v" "$text" joined.wav
    fi
    sox joined.wav "$out/${name}_$v.wav" pad 0.5 0.5 norm -3
    printf '%s {"file": "%s", "answer": "%s", "voice": "%s", "text": "%s", "pause_s": %s, "pause_between": %s}\n' \
      "$sep" "${name}_$v.wav" "$name" "$v" "${text//|/}" "$gap" "$between" >>"$out/manifest.json"
    sep=","
  done
done
echo "]" >>"$out/manifest.json"
espeak-ng -v de -s 150 -w raw.wav "Seit drei Jahren leite ich die Abendschicht in einem Paketlager. \
Wir sortieren jeden Abend viertausend Pakete, bevor die Lastwagen um Mitternacht abfahren."
sox raw.wav -r 16000 -c 1 -b 16 "$out/de.wav" norm -3
espeak-ng -v es -s 150 -w raw.wav "Desde hace tres años dirijo el turno de noche en un almacén de \
paquetes. Cada noche clasificamos cuatro mil paquetes antes de que salgan los camiones."
sox raw.wav -r 16000 -c 1 -b 16 "$out/es.wav" norm -3
