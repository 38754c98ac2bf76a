"""The "libplan" Processing provider: one algorithm class per measure (algorithms.py)."""
from qgis.core import QgsProcessingProvider


class LibplanProvider(QgsProcessingProvider):
    def id(self):
        return "libplan"

    def name(self):
        return "libplan"

    def longName(self):  # noqa: N802 - QGIS API
        return "libplan: planning measures (stop coverage, reach, life circles, isochrones, plan check)"

    def loadAlgorithms(self):  # noqa: N802 - QGIS API
        from . import algorithms
        for cls in algorithms.ALGORITHMS:
            self.addAlgorithm(cls())
