"""The educators' page: programme builder, quiz and class report (the presenter is a component)."""
