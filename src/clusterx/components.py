"""spaCy components of clusterx, registered on import (used by the shipped pipelines)."""
from __future__ import annotations
