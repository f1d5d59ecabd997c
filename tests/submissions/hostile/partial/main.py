"""No attack: the honest part alone, to know what it earns."""

from .inventory import app  # noqa: F401
