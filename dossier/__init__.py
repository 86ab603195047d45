"""Hồ sơ Khuyến công: the khuyến công dossier system (see README.md, "Architecture")."""

import warnings

# cryptography 51 deprecates DSA and warns when a module merely names its classes, which pyHanko
# 0.38 does at import: every command would print it on stderr. No key of ours is DSA.
warnings.filterwarnings("ignore", message="DSA is deprecated", module="pyhanko")
