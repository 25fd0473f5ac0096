"""A story: its schema, its readers (one per format), its checks and its errors."""
