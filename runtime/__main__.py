"""The Rasa CLI with this project's patches installed: `python -m runtime run --model …`.

Rasa loads channels, tracker store and components from the configuration files, so there is
no hook of ours that runs first in every set-up (a Telegram-only configuration never imports
the REST channel). This entry point installs the patches before Rasa starts.
"""

import sys

from runtime.patches import install_all

if __name__ == "__main__":
    install_all()
    from rasa.__main__ import main

    sys.argv[0] = "rasa"
    main()
