"""The poster gallery core: posters folder in, MkDocs pages and image renditions out.

Importable and testable without MkDocs; ``scripts/gallery.py`` (command line)
and ``scripts/mkdocs_hooks.py`` (MkDocs hook) are thin adapters around
``postergallery.build``.
"""
