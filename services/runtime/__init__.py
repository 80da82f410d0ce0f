"""Plumbing shared by every process: logging, Redis, queues and the worker context."""
