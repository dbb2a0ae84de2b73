"""Files: uploads, public and private files, backups (see docs/files.md)."""
