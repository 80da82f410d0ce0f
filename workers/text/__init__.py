"""Text utilities shared by the worker stages (normalization, language identification)."""
