"""The pages: one module per notebook page, each resolving its exercise once and composing."""
