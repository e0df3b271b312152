"""speakprep: rehearse spoken interview answers, offline."""

import os

__version__ = "0.1.0"

# numpy's OpenBLAS starts a thread per core and keeps them spinning after every product.
# speakprep's products are small (the mel filter bank of each stretch FillerOdds hears, the
# voice and activity measures), so the threads bought no time and burnt CPU the Whisper
# model needs: the filler check took ~25 % more CPU (the real clips: same evidence to the
# last bit with one thread). Set here, before any module imports numpy; a user's own
# setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
