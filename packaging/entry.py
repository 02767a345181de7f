"""The frozen app's entry point: the same `ui.launch:main` as the `callcoach` command.

CALLCOACH_BUNDLE_CHECK=1 runs packaging/bundle_check.py instead: it proves the pieces
PyInstaller cannot see being loaded (TTS driver, speech models, PortAudio, Qt plugins)
made it into the bundle. It exists until `callcoach --self-test` covers the same ground;
it reads nothing of the user's and writes only to a temporary folder."""

import os
import sys

if __name__ == "__main__":
    if os.environ.get("CALLCOACH_BUNDLE_CHECK") == "1":
        import bundle_check

        sys.exit(bundle_check.main())
    from ui.launch import main

    sys.exit(main())
