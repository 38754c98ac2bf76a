"""The plugin object: adds the provider when Processing starts (also under qgis_process, headless)."""
from qgis.core import QgsApplication


class LibplanPlugin:
    def __init__(self, iface=None):
        self.iface = iface
        self.provider = None

    def initProcessing(self):  # noqa: N802 - QGIS API
        from .provider import LibplanProvider
        self.provider = LibplanProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802 - QGIS API
        self.initProcessing()

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
