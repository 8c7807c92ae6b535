"""The data layer: the catalogue, programmes, the session log and the dose model.

Plain Python: nothing here imports a widget or writes HTML, so every rule can be tested without
a browser. Every other layer imports from here; this layer imports from none of them.
"""
