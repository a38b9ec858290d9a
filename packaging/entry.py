"""The bundle's entry script: the same ``main`` as the ``boardapp`` console script."""

import sys

from boardapp.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
