"""Controllers decide what happens: the analysis runner (the one job slot and its progress),
recording, stored takes, history, playback and the navigator (page history and Back).

They drive pages through their public methods and signals; pages never import them.
"""
