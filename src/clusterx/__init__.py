"""clusterx: structured knowledge about industrial clusters from multilingual news."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("clusterx")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"
