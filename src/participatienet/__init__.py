"""participatienet: the platform of the Flemish participation and network trajectory."""

__version__ = "0.1.0"
