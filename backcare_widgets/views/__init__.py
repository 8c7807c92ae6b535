"""The views layer: what the data looks like, as SVG figures, charts and HTML.

Functions that return markup (and the HTML widgets that show it); they read the data layer and
hold no state of their own.
"""
