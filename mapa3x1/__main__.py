import sys

from mapa3x1.cli import main

sys.exit(main())
