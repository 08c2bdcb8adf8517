"""The Terakoya lessons (data: one folder per lesson, see the README's lesson format)."""
