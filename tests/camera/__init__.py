"""Chromium's fake camera for the coach's tests and benchmarks: videos drawn from the workbook."""
