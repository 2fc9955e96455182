"""Staff pages for surveys (/staff/surveys), one module per part: the builder, collecting answers
(preview, codes, paper), results and exports, and the trust pulse. ``bp`` is the blueprint."""

from . import builder, collection, pulse, results  # noqa: F401  (each registers its routes on bp)
from .blueprint import bp

__all__ = ["bp"]
