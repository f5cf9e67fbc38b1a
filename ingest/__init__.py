"""budgetwh's library: readers, recognition of table kinds, normalisation, loading into Postgres.

READER_VERSION is part of every document id: bump it whenever a change to the readers can change
what a document reads as, so the warehouse re-reads and supersedes the old readings.
"""

READER_VERSION = "0.2.0"  # 0.2.0: a table is on the page of its title
