import sys

from speakprep.cli import main

sys.exit(main())
