"""Default parameters and calibration targets (data files)."""
