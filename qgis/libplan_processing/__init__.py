"""QGIS plugin entry point: registers the libplan Processing provider (toolbox group "libplan")."""


def classFactory(iface):  # noqa: N802 - the name QGIS looks for
    from .plugin import LibplanPlugin
    return LibplanPlugin(iface)
