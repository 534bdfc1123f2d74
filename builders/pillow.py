"""Pillow's image module, imported when it is first used rather than with reportlab.

`reportlab.lib.utils` imports `PIL.Image` as it is imported itself (it uses it only to
read bitmaps), and so every memo process paid 12-15 ms for Pillow although a memo draws
a bitmap only when its theme has a logo; the decks, which measure text with reportlab's
metrics, paid it too, and draw a bitmap only for a theme's logo (through python-pptx). Before reportlab is imported, `PIL.Image` is
put into `sys.modules` as a lazily executed module (`importlib.util.LazyLoader`): the
name exists, and the module's code runs at the first use of any of its attributes, so
a memo with a logo reads it as before. The sRGB profile of the PDF/A output intent,
which Pillow's colour management makes, is kept on disk (`archival.srgb_profile`).

Nothing changes when Pillow was imported already (the module is then left as it is).
"""

from __future__ import annotations

import importlib.util
import sys

MODULE = "PIL.Image"


def defer_pillow() -> bool:
    """Make `PIL.Image` load at its first use; False when it is loaded already or absent."""
    if MODULE in sys.modules:
        return False
    try:
        spec = importlib.util.find_spec(MODULE)   # imports the small `PIL` package
    except ImportError:
        return False
    if spec is None or spec.loader is None:
        return False
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[MODULE] = module
    spec.loader.exec_module(module)
    setattr(sys.modules["PIL"], "Image", module)
    return True


def is_deferred() -> bool:
    """Whether `PIL.Image` is still waiting for its first use (its code has not run)."""
    module = sys.modules.get(MODULE)
    return module is not None and type(module).__name__ == "_LazyModule"


defer_pillow()
