# Sourced by make_paused_ends.sh, make_paused_voices.sh and benchmarks/make_voice_grid.sh: one recipe for their voices, levels
# and background noise, so the two sets stay comparable. Needs espeak-ng, flite, festival, sox.
say() {  # voice text out.wav
  case $1 in
    esus) espeak-ng -v en-us -s 150 -w raw.wav "$2" ;;
    esgbf) espeak-ng -v en-gb+f3 -s 140 -w raw.wav "$2" ;;
    esm7) espeak-ng -v en+m7 -s 175 -w raw.wav "$2" ;;
    rms | awb | slt) flite -voice "$1" -t "$2" -o raw.wav ;;
    kal) echo "$2" | text2wave -o raw.wav ;;
  esac
  sox raw.wav -r 16000 -c 1 -b 16 "$3"
}
rms() { sox "$1" -n stats 2>&1 | awk '/RMS lev dB/{print $4}'; }
level() { python3 -c "print(($1) - ($2) - ($3))"; }  # gain that puts noise $3 at $2 dB under $1
trim() { sox "$1" "$2" silence 1 0.05 0.5% reverse silence 1 0.05 0.5% reverse; }
under_noise() {  # clean.wav clean|pink|hum out: as is, under pink noise 17 dB down, or mains hum
  local d s  # 15 dB down with brown noise 25 dB down (levels against the take's RMS)
  d=$(soxi -D "$1")
  s=$(rms "$1")
  case $2 in
    clean) sox "$1" "$3" ;;
    pink)
      sox -n -r 16000 -c 1 -b 16 n.wav synth "$d" pinknoise
      sox n.wav n2.wav gain "$(level "$s" 17 "$(rms n.wav)")"
      sox -m "$1" n2.wav "$3" ;;
    hum)
      sox -n -r 16000 -c 1 -b 16 h.wav synth "$d" sine 60 sine 120 sine 180
      sox h.wav h2.wav gain "$(level "$s" 15 "$(rms h.wav)")"
      sox -n -r 16000 -c 1 -b 16 b.wav synth "$d" brownnoise
      sox b.wav b2.wav gain "$(level "$s" 25 "$(rms b.wav)")"
      sox -m "$1" h2.wav b2.wav "$3" ;;
  esac
}
