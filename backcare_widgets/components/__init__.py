"""The components: widgets with one job each (timer, counter, checklist, pain scale, upload).

Each keeps its state in traitlets; the browser side lives in ``static/``. Components take the
records they show (an :class:`~backcare_widgets.data.catalog.Exercise`), never look one up.
"""
