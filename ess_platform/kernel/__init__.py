"""The shared kernel: what every app may import (search, uploads, exports, jobs,
notifications, private files, storage, formatting, dates, cache, API helpers...).

It imports no domain app (regional_hubs, cooperatives, projects_bank, events) and neither
the accounts nor the change history that belong to a region: docs/architecture.md, checked
by the import contracts of pyproject.toml (tests/platform/test_architecture.py).
"""
